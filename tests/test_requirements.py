"""The requirement kinds, each defined once (tafelselectie.solve.requirements): its model rows,
its check by counting and the test oracle's own reading must say the same of every subset."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tafelselectie import build_problem
from tafelselectie.backends import get_backend
from tafelselectie.backends.base import Status
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.requirements import BY_CHANGE, KINDS, all_requirements
from tafelselectie.solve.rotation import HistoryEntry, apply_history
from tests.oracle import READINGS
from tests.strategies import small_instances


def test_every_kind_has_a_reading_in_the_oracle_and_owns_its_changes() -> None:
    assert set(READINGS) == {kind.name for kind in KINDS}
    changes = [change for kind in KINDS for change in kind.changes]
    assert len(changes) == len(set(changes)) == len(BY_CHANGE)


def _with_rotation(
    instance: tuple[pd.DataFrame, dict[str, Any]], previous: list[int], continuity: int
) -> CoverageProblem:
    frame, criteria = instance
    rotation = {"min_continuity": continuity, "max_consecutive_terms": 1}
    problem = build_problem(frame, {**criteria, "peildatum": "2026-01-01", "rotation": rotation})
    earlier = tuple(problem.ids[k] for k in previous if k < problem.n_providers)
    return apply_history(problem, [HistoryEntry("2025", dt.date(2025, 1, 1), earlier)])


@settings(max_examples=40)
@given(
    instance=small_instances(max_providers=7),
    previous=st.lists(st.integers(0, 6), max_size=3, unique=True),
    continuity=st.integers(0, 2),
)
def test_the_check_and_the_oracle_agree_kind_by_kind(
    instance: tuple[pd.DataFrame, dict[str, Any]], previous: list[int], continuity: int
) -> None:
    problem = _with_rotation(instance, previous, continuity)
    n = problem.n_providers
    masks = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int64)
    for kind in KINDS:
        reading = READINGS[kind.name](problem, masks)
        for mask, holds in zip(masks, reading, strict=True):
            chosen = frozenset(np.flatnonzero(mask).tolist())
            broken = [
                line
                for index in kind.instances(problem)
                for line in kind.violations(problem, index, chosen)
            ]
            assert (not broken) == bool(holds), (kind.name, sorted(chosen), broken)


@settings(max_examples=15)
@given(
    instance=small_instances(max_providers=6),
    previous=st.lists(st.integers(0, 5), max_size=3, unique=True),
    continuity=st.integers(0, 2),
    pick=st.integers(0, 63),
)
def test_the_model_rows_of_each_kind_accept_exactly_what_its_check_accepts(
    backend: str,
    instance: tuple[pd.DataFrame, dict[str, Any]],
    previous: list[int],
    continuity: int,
    pick: int,
) -> None:
    """With every variable fixed to one subset, the rows of one kind are feasible exactly when
    that kind's check finds nothing broken."""
    problem = _with_rotation(instance, previous, continuity)
    n = problem.n_providers
    chosen = frozenset(i for i in range(n) if pick >> i & 1)
    solver = get_backend(backend)
    for kind in KINDS:
        model = solver.create()
        model.add_binaries(n)
        for index in kind.instances(problem):
            kind.add_rows(problem, index, model)
        for i in range(n):  # rows, not fix(): a kind's own fix() must not be overwritten
            value = int(i in chosen)
            model.add_constraint([i], [1], value, value)
        model.set_objective(np.arange(n), np.ones(n, np.int64), maximise=False)
        status = model.solve(10.0).status
        broken = [
            line
            for index in kind.instances(problem)
            for line in kind.violations(problem, index, chosen)
        ]
        assert status is (Status.INFEASIBLE if broken else Status.OPTIMAL), (kind.name, broken)


def test_each_kind_lists_its_instances() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "d": ["x", "y", "x;y"],
            "g": ["1", "1", "2"],
            "omzet": ["10", "2,5", "0"],
        }
    )
    criteria = {
        "dimension": [{"name": "d", "column": "d"}],
        "constraints": {"include": ["C"], "one_per": ["g"]},
        "share": [{"column": "omzet", "min": 0.5}],
    }
    problem = _with_rotation((frame, criteria), [0, 1], 1)
    kinds = {req.kind for req in all_requirements(problem)}
    assert kinds == {kind.name for kind in KINDS}
