"""The exact strengthening of the model (solve/strengthen.py): each rule on an instance built to
trigger it, and every rule against the brute-force oracle on random small instances (with and
without rotation history). That the canonical answer is unchanged on every backend is also
checked by tests/test_against_brute_force.py and the golden corpus, which solve with it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tafelselectie import build_problem
from tafelselectie.backends import get_backend
from tafelselectie.solve.model import solve_problem
from tafelselectie.solve.requirements import KINDS
from tafelselectie.solve.rotation import HistoryEntry, apply_history
from tafelselectie.solve.strengthen import (
    dominated_pairs,
    implied_cells,
    partition_cuts,
    strengthen,
)
from tests.oracle import canonical_table, optimal_tables, valid_tables
from tests.strategies import small_instances


def _frame(rows: list[tuple[str, str, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "gebied", "doelgroep", "omzet", "expertise"])


BANDS = [{"label": "klein", "below": 100}, {"label": "groot"}]


def _band_instance() -> Any:
    """Small providers: P1 has gebied a, P2 has gebied b; every gebied x omvang cell needs one,
    so the small band needs two providers, while each of its cells asks for one."""
    frame = _frame(
        [
            ("P1", "a", "", 50, ""),
            ("P2", "b", "", 60, ""),
            ("P3", "a;b", "", 500, ""),
            ("P4", "a;b", "", 700, ""),
        ]
    )
    criteria = {
        "dimension": [
            {"name": "gebied", "column": "gebied"},
            {"name": "omvang", "column": "omzet", "bands": BANDS},
        ],
        "joint": [{"dimensions": ["gebied", "omvang"]}],
    }
    return build_problem(frame, criteria)


def _index(problem: Any, *ids: str) -> list[int]:
    return [problem.ids.index(i) for i in ids]


def test_sole_members_of_a_required_cell_are_forced() -> None:
    frame = _frame(
        [("P1", "a", "jeugd", 50, ""), ("P2", "a", "ggz", 50, ""), ("P3", "b", "ggz", 500, "")]
    )
    criteria = {"dimension": [{"name": "doelgroep", "column": "doelgroep"}]}
    problem = build_problem(frame, criteria)
    assert strengthen(problem, get_backend("cpsat")).forced == tuple(_index(problem, "P1"))


@pytest.mark.highs
def test_a_band_whose_cells_need_two_of_its_providers_gets_a_partition_cut() -> None:
    problem = _band_instance()
    cuts = partition_cuts(problem, get_backend("cpsat"))
    assert [(c.dimension, c.value, c.lower) for c in cuts] == [("omvang", "klein", 2)]
    assert set(cuts[0].members) == set(_index(problem, "P1", "P2"))
    # the cut is valid: every table holds both small providers
    for table in valid_tables(problem):
        assert len(table & set(cuts[0].members)) >= 2
    # the model gets the cuts where they were measured to help (benchmarks/RESULTS.md)
    assert strengthen(problem, get_backend("cpsat")).cuts == ()
    assert strengthen(problem, get_backend("highs")).cuts == cuts


def test_a_provider_whose_cells_another_covers_better_is_dominated_and_superfluous() -> None:
    # P2 covers only what P1 covers, and P1 scores more: the canonical table never holds P2
    # without P1, and never needs P2 at all
    frame = _frame(
        [
            ("P1", "a;b", "jeugd", 50, "dementie"),
            ("P2", "a", "jeugd", 60, ""),
            ("P3", "b", "ggz", 70, ""),
        ]
    )
    criteria = {
        "dimension": [
            {"name": "gebied", "column": "gebied"},
            {"name": "doelgroep", "column": "doelgroep"},
        ],
        "expertise": {"weights": {"dementie": 1}, "extra_seats": 1},
    }
    problem = build_problem(frame, criteria)
    found = strengthen(problem, get_backend("cpsat"))
    p1, p2, p3 = _index(problem, "P1", "P2", "P3")
    assert (p2, p1) in dominated_pairs(problem)
    assert p2 in found.superfluous
    assert all(i != p2 for i, _ in found.dominance)  # fixed out: no row needed
    assert p1 not in found.superfluous and p3 not in found.superfluous
    # the "what if" questions force providers: there only the rules for every table apply
    weaker = strengthen(problem, get_backend("cpsat"), canonical=False)
    assert weaker.dominance == () and weaker.superfluous == ()


def test_equal_providers_are_ordered_by_the_tie_break() -> None:
    frame = _frame([("P1", "a", "", 50, ""), ("P2", "a", "", 50, "")])
    criteria: dict[str, Any] = {"dimension": [{"name": "gebied", "column": "gebied"}]}
    problem = build_problem(frame, criteria)
    first, second = problem.priority
    assert dominated_pairs(problem) == ((second, first),)
    assert strengthen(problem, get_backend("cpsat")).superfluous == (second,)
    seeded = build_problem(frame, {**criteria, "tie_break": {"order": "seeded", "seed": 3}})
    first, second = seeded.priority
    assert dominated_pairs(seeded) == ((second, first),)


def test_no_dominance_across_a_maximum_or_a_one_per_group_or_with_shares() -> None:
    rows = [("P1", "a;b", "", 50, ""), ("P2", "a", "", 60, ""), ("P3", "c", "", 70, "")]
    frame = _frame(rows).assign(concern=["C", "", "C"])  # a group of one is no constraint
    base: dict[str, Any] = {"dimension": [{"name": "gebied", "column": "gebied"}]}
    bounded = {"dimension": [{"name": "gebied", "column": "gebied", "max": {"b": 1}}]}
    grouped = {**base, "constraints": {"one_per": ["concern"]}}
    shared = {**base, "share": [{"column": "omzet", "min": 0.1}]}
    plain = build_problem(frame, base)
    assert dominated_pairs(plain) == (tuple(_index(plain, "P2", "P1")),)
    for criteria in (bounded, grouped, shared):
        assert dominated_pairs(build_problem(frame, criteria)) == ()


def test_a_joint_cell_implies_the_cells_of_its_values() -> None:
    # gebied x omvang: every joint cell has minimum 1, so "gebied=a", "gebied=b", "omvang=klein"
    # and "omvang=groot" (minimum 1, no maximum) follow from the joint cells' rows.
    problem = _band_instance()
    keys = {problem.cells[j].key for j in implied_cells(problem)}
    marginal = {cell.key for cell in problem.cells if cell.kind == "dimension"}
    assert keys == marginal and len(keys) == 4
    # a maximum on gebied, or a minimum above the joint cells' (2 > 1): those stay
    frame = _frame([("P1", "a", "", 50, ""), ("P2", "b", "", 60, ""), ("P3", "a;b", "", 500, "")])
    criteria = {
        "dimension": [
            {"name": "gebied", "column": "gebied", "max_per_value": 2},
            {"name": "omvang", "column": "omzet", "bands": BANDS, "min": {"groot": 2}},
        ],
        "joint": [{"dimensions": ["gebied", "omvang"]}],
    }
    bounded = build_problem(frame, criteria)
    kept = {bounded.cells[j].key for j in implied_cells(bounded)}
    assert kept == {"omvang=klein"}


def _violations(problem: Any, chosen: frozenset[int], left_out: set[int]) -> list[str]:
    return [
        line
        for kind in KINDS
        for index in kind.instances(problem)
        if not (kind.name == "cell" and index in left_out)
        for line in kind.violations(problem, index, chosen)
    ]


@st.composite
def joint_problems(draw: st.DrawFn) -> Any:
    frame, criteria = draw(small_instances(max_providers=7))
    if draw(st.booleans()):  # a dimension minimum above the joint cells' (then it stays)
        first = {**criteria["dimension"][0], "min_per_value": 2}
        first.pop("max_per_value", None)
        criteria = {**criteria, "dimension": [first, *criteria["dimension"][1:]]}
    names = [d["name"] for d in criteria["dimension"]]
    if len(names) >= 2:
        pair = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        minimum = draw(st.integers(0, 2))
        criteria = {**criteria, "joint": [{"dimensions": pair, "min_per_value": minimum}]}
    return build_problem(frame, criteria)


@settings(max_examples=200)
@given(problem=joint_problems())
def test_leaving_out_implied_cells_keeps_exactly_the_valid_tables(problem: Any) -> None:
    from itertools import combinations

    left_out = set(implied_cells(problem))
    n = problem.n_providers
    for size in range(n + 1):
        for table in combinations(range(n), size):
            chosen = frozenset(table)
            full = _violations(problem, chosen, set())
            assert (full == []) == (_violations(problem, chosen, left_out) == []), table


def _with_history(draw: st.DrawFn, problem: Any) -> Any:
    entries = []
    for year in range(draw(st.integers(1, 2))):
        earlier = draw(st.lists(st.sampled_from(problem.ids), max_size=4, unique=True))
        label = f"{2024 + year}-01-01"
        entries.append(HistoryEntry(label, None, tuple(sorted(earlier)), f"tafel-{year}"))
    return apply_history(problem, entries)


@st.composite
def problems(draw: st.DrawFn) -> Any:
    frame, criteria = draw(small_instances(max_providers=9))
    if draw(st.booleans()):
        rotation: dict[str, Any] = {"max_consecutive_terms": draw(st.integers(1, 2))}
        rotation["min_continuity"] = draw(st.integers(0, 2))
        rotation["fairness"] = draw(st.booleans())
        criteria = {**criteria, "rotation": rotation}
        problem = build_problem(frame, criteria)
        return _with_history(draw, problem)
    return build_problem(frame, criteria)


@pytest.mark.cpsat
@settings(max_examples=400)  # cheap per example; the rare cases (minimum 2, history) need many
@given(problem=problems())
def test_every_rule_holds_against_brute_force(problem: Any) -> None:
    found = strengthen(problem, get_backend("cpsat"))
    cuts = partition_cuts(problem, get_backend("cpsat"), found.forced)
    tables = valid_tables(problem)
    for table in tables:  # the rules for every table hold for every table
        assert set(found.forced) <= table
        for cut in cuts:
            assert len(table & set(cut.members)) >= cut.lower, cut
    answer = canonical_table(problem)
    if answer is None:
        return
    chosen = {problem.ids.index(i) for i in answer}
    for i, j in dominated_pairs(problem):  # the rules for the canonical answer hold for it
        assert i not in chosen or j in chosen, (problem.ids[i], problem.ids[j])
    assert not set(found.superfluous) & chosen
    # and the optimal values are those of the plain problem
    assert optimal_tables(problem)


@pytest.mark.cpsat
@given(problem=problems())
def test_strengthened_and_plain_models_give_the_same_answer(problem: Any) -> None:
    from tafelselectie.errors import InfeasibleError

    backend = get_backend("cpsat")
    try:
        plain = solve_problem(problem, backend, strengthened=False)
    except InfeasibleError:
        with pytest.raises(InfeasibleError):
            solve_problem(problem, backend)
        return
    strong = solve_problem(problem, backend)
    assert strong.chosen == plain.chosen
    assert (strong.minimum_cost, strong.score_scaled) == (plain.minimum_cost, plain.score_scaled)


def test_a_member_of_the_latest_table_is_not_dominated_by_a_newcomer() -> None:
    # P1 covers all P2 covers, but P2 sat last year and one member of that table must stay
    frame = _frame([("P1", "a;b", "", 50, ""), ("P2", "a", "", 60, ""), ("P3", "b", "", 70, "")])
    criteria = {
        "dimension": [{"name": "gebied", "column": "gebied"}],
        "rotation": {"max_consecutive_terms": 2, "min_continuity": 1},
    }
    problem = apply_history(
        build_problem(frame, criteria), [HistoryEntry("2025-01-01", None, ("P2",), "tafel-2025")]
    )
    p1, p2 = _index(problem, "P1", "P2")
    found = strengthen(problem, get_backend("cpsat"))
    assert (p2, p1) not in dominated_pairs(problem) and p2 not in found.superfluous
    assert canonical_table(problem) == ("P1", "P2")
    chosen = solve_problem(problem, get_backend("cpsat")).chosen
    assert tuple(sorted(problem.ids[i] for i in chosen)) == ("P1", "P2")


def test_a_dominated_member_that_continuity_needs_is_not_superfluous() -> None:
    # P1 dominates P2, both sat last year, and both must stay
    frame = _frame([("P1", "a;b", "", 50, ""), ("P2", "a", "", 60, "")])
    criteria = {
        "dimension": [{"name": "gebied", "column": "gebied"}],
        "rotation": {"max_consecutive_terms": 2, "min_continuity": 2},
    }
    entry = HistoryEntry("2025-01-01", None, ("P1", "P2"), "tafel-2025")
    problem = apply_history(build_problem(frame, criteria), [entry])
    p1, p2 = _index(problem, "P1", "P2")
    found = strengthen(problem, get_backend("cpsat"))
    assert (p2, p1) in dominated_pairs(problem) and p2 not in found.superfluous
    assert found.dominance == ((p2, p1),)
    assert canonical_table(problem) == ("P1", "P2")
    assert solve_problem(problem, get_backend("cpsat")).chosen == (p1, p2)


@pytest.mark.highs
def test_a_passed_deadline_stops_the_work_and_keeps_only_exact_rules() -> None:
    import time

    problem = _band_instance()
    assert strengthen(problem, get_backend("highs")).cuts  # in time: the band's cut
    late = strengthen(problem, get_backend("highs"), deadline=time.perf_counter() - 1)
    # no sub-cover solved, no pair compared; what is left (forced providers) holds anyway
    assert late.cuts == () and late.dominance == () and late.superfluous == ()


def _fewest_by_brute_force(matrix: Any, wanted: Any, members: list[int]) -> int | None:
    """The fewest of ``members`` (rows of ``matrix``) whose column sums reach ``wanted``, by
    trying every subset; None when even all of them do not."""
    import itertools

    return next(
        (
            k
            for k in range(len(members) + 1)
            for subset in itertools.combinations(members, k)
            if (matrix[list(subset)].sum(axis=0) >= wanted).all()
        ),
        None,
    )


@settings(max_examples=300)  # a few milliseconds each
@example(  # two cells that need a provider each, and no provider that has both
    rows=[[True, False, False, False], [False, True, False, False]],
    need=[1, 1, 0, 0],
    allowed=[True] * 8,
    lower=0,
)
@given(
    rows=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=1, max_size=8),
    need=st.lists(st.integers(0, 2), min_size=4, max_size=4),
    allowed=st.lists(st.booleans(), min_size=8, max_size=8),
    lower=st.integers(0, 3),
)
def test_the_search_for_covers_finds_the_fewest(
    rows: list[list[bool]], need: list[int], allowed: list[bool], lower: int
) -> None:
    """strengthen._fewest_by_search, with time enough: the fewest allowed rows whose column sums
    reach ``need`` (by trying every subset), or, where even all allowed rows do not, a bound
    above their number; never less than the ``lower`` it starts from."""
    import time

    import numpy as np

    from tafelselectie.solve.strengthen import _fewest_by_search

    matrix = np.array(rows, dtype=bool)
    wanted = np.array(need, dtype=np.int64)
    usable = np.array(allowed[: len(rows)], dtype=bool)
    members = [int(i) for i in np.flatnonzero(usable)]
    fewest = _fewest_by_brute_force(matrix, wanted, members)
    found = _fewest_by_search(matrix, wanted, usable, lower, None, time.perf_counter() + 60)
    if fewest is None:
        assert found > len(members)
    else:
        assert found == max(fewest, lower)
    # with a cover of `upper` rows already known, the search stops there
    if fewest is not None and fewest > lower:
        assert (
            _fewest_by_search(matrix, wanted, usable, lower, fewest, time.perf_counter() + 60)
            == fewest
        )
        assert (
            _fewest_by_search(matrix, wanted, usable, lower, fewest - 1, time.perf_counter() + 60)
            == fewest - 1
        )


@given(
    data=st.data(),
    width=st.sampled_from([1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 200]),
)
def test_the_search_for_covers_finds_the_fewest_on_wide_rows(
    data: st.DataObject, width: int
) -> None:
    """The same against every subset, on rows as wide as real cells (joints-10000's small band:
    116 cells), so that the last step's bit sets span several 64-bit words and their padding
    (strengthen._LastRow): widths around multiples of 8 and 64."""
    import time

    import numpy as np

    from tafelselectie.solve.strengthen import _fewest_by_search

    n = data.draw(st.integers(1, 7))
    density = data.draw(st.sampled_from([0.3, 0.6, 0.9]))
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    matrix = rng.random((n, width)) < density
    wanted = rng.integers(0, 3, width) * (rng.random(width) < 0.5)
    usable = rng.random(n) < 0.9
    members = [int(i) for i in np.flatnonzero(usable)]
    fewest = _fewest_by_brute_force(matrix, wanted, members)
    found = _fewest_by_search(matrix, wanted, usable, 0, None, time.perf_counter() + 60)
    if fewest is None:
        assert found > len(members)
    else:
        assert found == fewest


def test_the_search_stops_at_its_deadline_with_what_it_proved() -> None:
    """A deadline already passed: nothing is searched, and the bound is the one it started
    from (proven by someone else), not more."""
    import time

    import numpy as np

    from tafelselectie.solve.strengthen import _fewest_by_search

    matrix = np.eye(6, dtype=bool)  # six cells, each needing its own provider
    wanted = np.ones(6, dtype=np.int64)
    usable = np.ones(6, dtype=bool)
    assert _fewest_by_search(matrix, wanted, usable, 2, None, time.perf_counter() - 1) == 2
    assert _fewest_by_search(matrix, wanted, usable, 2, None, time.perf_counter() + 60) == 6


class _Unproven:
    """CP-SAT, but every solve comes back unproven: the partition cuts' sub-covers then get
    their bounds from the search (strengthen._fewest_by_search)."""

    name = "unproven"
    stoppable = False

    def __init__(self) -> None:
        self.inner = get_backend("cpsat")

    def create(self) -> Any:
        return _UnprovenModel(self.inner.create())


class _UnprovenModel:
    def __init__(self, model: Any) -> None:
        self.model = model

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def solve(self, time_limit: float | None) -> Any:
        from dataclasses import replace

        from tafelselectie.backends.base import Status

        outcome = self.model.solve(time_limit)
        if outcome.status is Status.OPTIMAL:
            return replace(outcome, status=Status.FEASIBLE, bound=None)
        return outcome


@pytest.mark.cpsat
@settings(max_examples=400)  # as above: the cuts are rare
@given(problem=problems())
def test_partition_cuts_from_the_search_hold_and_equal_the_solved_ones(problem: Any) -> None:
    """The sub-covers' bounds found by the search (the solver never proves them) hold for every
    table, and on these small problems, where the search has time to finish, they are the
    bounds the solver proves."""
    found = strengthen(problem, get_backend("cpsat"))
    searched = partition_cuts(problem, _Unproven(), found.forced)  # type: ignore[arg-type]
    solved = partition_cuts(problem, get_backend("cpsat"), found.forced)
    assert searched == solved
    for table in valid_tables(problem):
        for cut in searched:
            assert len(table & set(cut.members)) >= cut.lower, cut


@pytest.mark.cpsat
def test_the_searches_of_one_dimension_spend_one_shared_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the solver never proving a sub-cover, the search proves the small band's 2 (the cut
    of the instance above); with no seconds left in the budget (SEARCH_SECONDS) it proves
    nothing, and the cells' own minimum stands (no cut)."""
    import tafelselectie.solve.strengthen as strengthen_module

    problem = _band_instance()
    assert [(c.value, c.lower) for c in partition_cuts(problem, _Unproven())] == [("klein", 2)]  # type: ignore[arg-type]
    monkeypatch.setattr(strengthen_module, "SEARCH_SECONDS", 0.0)
    assert partition_cuts(problem, _Unproven()) == ()  # type: ignore[arg-type]
