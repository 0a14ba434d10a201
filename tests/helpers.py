"""Shared test helpers: every result goes through the validity checker."""

from __future__ import annotations

from typing import Any

from tafelselectie import select, table_violations
from tafelselectie.result import SelectionResult


def checked_select(pool: Any, criteria: Any = None, **kwargs: Any) -> SelectionResult:
    result = select(pool, criteria, **kwargs)
    violations = table_violations(result.problem, result.selected)
    assert violations == [], violations
    return result
