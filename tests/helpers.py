"""Shared test helpers: every result goes through the validity checker."""

from __future__ import annotations

import re
from typing import Any

from tafelselectie import select, table_violations
from tafelselectie.solve.result import SelectionResult


def checked_select(pool: Any, criteria: Any = None, **kwargs: Any) -> SelectionResult:
    result = select(pool, criteria, **kwargs)
    violations = table_violations(result.problem, result.selected)
    assert violations == [], violations
    return result


def assert_suggestions_make_it_feasible(problem: Any, error: Any, backend: str = "cpsat") -> None:
    """The suggestions of an infeasible problem, applied together, give a valid table."""
    from tafelselectie.solve.diagnose import apply_suggestions

    assert error.suggestions, "an infeasible problem must come with suggestions"
    relaxed = apply_suggestions(problem, list(error.suggestions))
    result = select(relaxed, backend=backend)
    assert table_violations(relaxed, result.selected) == []


def placeholders(template: str) -> set[str]:
    """The names a template is filled with: those of its plural blocks (whose forms are words
    and ``#``) and its ``{name}`` fields outside them. A brace left over after both is a
    malformed plural block, which ``plural()`` would not replace."""
    from tafelselectie.texts.messages import _PLURAL

    names = {match.group(1) for match in _PLURAL.finditer(template)}
    rest = _PLURAL.sub("", template)
    fields = re.findall(r"{(\w+)(?:![rsa])?(?::[^{}]*)?}", rest)
    assert not re.sub(r"{\w+(?:![rsa])?(?::[^{}]*)?}", "", rest).count("{"), template
    return names | set(fields)
