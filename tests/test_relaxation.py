"""The smallest relaxation is one answer: the same on every backend and with or without CP-SAT's
presolve, and the lexicographically smallest among the equally cheap ones (diagnose.relaxation)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tafelselectie import build_problem
from tafelselectie.backends import available_backends, get_backend
from tafelselectie.backends.cpsat import CpSatBackend
from tafelselectie.solve.diagnose import apply_suggestions, relaxation
from tafelselectie.solve.requirements import requirement_violations
from tests.oracle import canonical_table
from tests.strategies import small_instances


def _as_tuples(suggestions: Any) -> list[tuple[str, str, Any, Any]]:
    return [(s.kind, s.target, s.current, s.proposed) for s in suggestions]


def test_equally_cheap_changes_keep_the_earlier_requirement() -> None:
    # One seat, two values each only one provider has: lowering either minimum or raising the
    # seat maximum costs one unit each. Cells come before the seat count (requirements.KINDS),
    # so the cells stay as written and the seat maximum is raised.
    frame = pd.DataFrame({"id": ["P1", "P2", "P3"], "area": ["a", "b", ""]})
    criteria = {"dimension": [{"name": "area", "column": "area"}], "seats": {"max": 1}}
    problem = build_problem(frame, criteria)
    assert canonical_table(problem) is None
    for name in ("cpsat", "cbc", "highs"):
        if name not in available_backends():
            continue
        found = relaxation(problem, get_backend(name))
        assert found is not None
        assert _as_tuples(found) == [("raise_seats_max", "seats", 1, 2)], name


def _backends() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [
        ("cpsat", CpSatBackend()),
        ("cpsat-no-presolve", CpSatBackend(cp_model_presolve=False)),
    ]
    for name in ("cbc", "highs"):
        if name in available_backends():
            out.append((name, get_backend(name)))
    return out


@settings(max_examples=60, deadline=None)
@given(instance=small_instances(max_providers=7), seats=st.integers(1, 2))
def test_every_backend_suggests_the_same_changes(
    instance: tuple[pd.DataFrame, dict[str, Any]], seats: int
) -> None:
    frame, criteria = instance
    criteria = {**criteria, "seats": {"max": seats}}
    try:
        problem = build_problem(frame, criteria)
    except Exception:  # a drawn criteria set this seat maximum makes invalid: not this test's
        return
    if canonical_table(problem) is not None:
        return  # only infeasible instances have a relaxation to compare
    answers = {}
    for name, backend in _backends():
        found = relaxation(problem, backend, None)
        assert found is not None, name
        relaxed = apply_suggestions(problem, found)
        table = canonical_table(relaxed)
        assert table is not None, f"{name}: the suggestions leave no table"
        assert requirement_violations(relaxed, frozenset(relaxed.ids.index(i) for i in table)) == []
        answers[name] = _as_tuples(found)
    first = next(iter(answers.values()))
    assert all(a == first for a in answers.values()), answers


def test_an_unproven_time_limit_still_returns_changes_that_work() -> None:
    frame = pd.DataFrame({"id": ["P1", "P2", "P3"], "area": ["a", "b", ""]})
    criteria = {"dimension": [{"name": "area", "column": "area"}], "seats": {"max": 1}}
    problem = build_problem(frame, criteria)
    found = relaxation(problem, CpSatBackend(), 0.0)
    # 0 s is raised to the smallest limit a solver takes; any answer it gives must still work
    if found is not None:
        assert canonical_table(apply_suggestions(problem, found)) is not None
