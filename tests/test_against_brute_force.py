"""The model against a brute-force reading of spec section 4, on random small instances."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tafelselectie import InfeasibleError, Status, build_problem, select, table_violations
from tafelselectie.backends.base import SolveOutcome
from tafelselectie.solve.model import STAGES, solve_problem
from tests.conftest import DATA
from tests.helpers import assert_suggestions_make_it_feasible
from tests.oracle import canonical_table
from tests.strategies import small_instances


@given(instance=small_instances())
def test_same_table_as_brute_force(
    backend: str, instance: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    expected = canonical_table(problem)
    try:
        result = select(problem, backend=backend)
    except InfeasibleError as exc:
        assert expected is None, f"solver says infeasible, brute force found {expected}"
        assert exc.diagnosis, "an infeasible problem must say why"
        assert_suggestions_make_it_feasible(problem, exc, backend)
        return
    assert expected is not None, f"brute force says infeasible, solver found {result.selected}"
    assert table_violations(problem, result.selected) == []
    assert result.selected == expected
    assert result.status is Status.OPTIMAL


@given(small_instances(max_providers=8))
def test_seeded_order_changes_only_the_tie_break(
    instance: tuple[pd.DataFrame, dict[str, Any]],
) -> None:
    """Cost (the seats, with unit costs) and score do not depend on the tie-break order; only
    which optimal table is chosen. With a cost column, optimal tables may differ in seats."""
    frame, criteria = instance
    by_id = dict(criteria, tie_break={"order": "id"})
    seeded = dict(criteria, tie_break={"order": "seeded", "seed": 99})
    try:
        a = select(frame, by_id)
    except InfeasibleError:
        with pytest.raises(InfeasibleError):
            select(frame, seeded)
        return
    b = select(frame, seeded)
    assert (a.to_dict()["cost"], a.expertise_score) == (b.to_dict()["cost"], b.expertise_score)
    if a.problem.unit_costs:
        assert a.seats == b.seats
    assert table_violations(b.problem, b.selected) == []


@pytest.mark.parametrize("formulation", ["chain", "rank"])
@given(instance=small_instances())
def test_both_tie_break_formulations_give_the_brute_force_table(
    backend: str, formulation: str, instance: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    """Each backend uses one formulation of the tie-break's window question by default; both
    must be exact on every backend, so the choice stays one of speed alone."""
    from tafelselectie.backends import get_backend

    frame, criteria = instance
    problem = build_problem(frame, criteria)
    expected = canonical_table(problem)
    if expected is None:
        return
    solver = type(get_backend(backend))
    original = solver.tie_break_formulation
    solver.tie_break_formulation = formulation
    try:
        result = select(problem, backend=backend)
    finally:
        solver.tie_break_formulation = original
    assert result.selected == expected


@given(
    instance=small_instances(max_providers=9),
    previous=st.lists(st.integers(0, 8), max_size=5, unique=True),
    terms=st.sampled_from([None, 1, 2]),
    continuity=st.integers(0, 2),
    fairness=st.booleans(),
)
def test_rotation_against_brute_force(
    backend: str,
    instance: tuple[pd.DataFrame, dict[str, Any]],
    previous: list[int],
    terms: int | None,
    continuity: int,
    fairness: bool,
) -> None:
    """The rotation policies (blocked providers, continuity, fairness in the priority order)
    applied to two earlier tables, against the brute-force reading of the same rules."""
    import datetime as dt

    from tafelselectie.solve.rotation import HistoryEntry, apply_history

    frame, criteria = instance
    rotation: dict[str, Any] = {"min_continuity": continuity, "fairness": fairness}
    if terms is not None:
        rotation["max_consecutive_terms"] = terms
    criteria = {**criteria, "peildatum": "2026-01-01", "rotation": rotation}
    problem = build_problem(frame, criteria)
    ids = list(problem.ids)
    earlier = tuple(ids[k] for k in previous if k < len(ids))
    history = [
        HistoryEntry("2024-01-01", dt.date(2024, 1, 1), earlier[1:]),
        HistoryEntry("2025-01-01", dt.date(2025, 1, 1), earlier),
    ]
    problem = apply_history(problem, history)
    expected = canonical_table(problem)
    try:
        result = select(problem, backend=backend)
    except InfeasibleError as exc:
        assert expected is None, f"solver says infeasible, brute force found {expected}"
        assert_suggestions_make_it_feasible(problem, exc, backend)
        return
    assert expected is not None, f"brute force says infeasible, solver found {result.selected}"
    assert table_violations(problem, result.selected) == []
    assert result.selected == expected


@settings(max_examples=150)
@given(
    instance=small_instances(),
    plan=st.fixed_dictionaries(
        {stage: st.sampled_from(["cpsat", "cbc", "highs"]) for stage in STAGES}
    ),
    main=st.sampled_from(["cpsat", "cbc", "highs"]),
)
def test_any_backend_per_stage_gives_the_brute_force_table(
    instance: tuple[pd.DataFrame, dict[str, Any]], plan: dict[str, str], main: str
) -> None:
    """solve_problem(stage_backends=...): each stage passes on its value and a table only, so
    any solver per stage gives the one answer (and the JSON says which stage ran where)."""
    from tafelselectie.backends import available_backends, get_backend
    from tafelselectie.errors import InfeasibleError as Infeasible

    names = set(plan.values()) | {main}
    if not names <= set(available_backends()):
        return  # a plan with a backend that is not installed here: nothing to compare
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    expected = canonical_table(problem)
    backends = {name: get_backend(name) for name in names}
    stage_backends = {stage: backends[name] for stage, name in plan.items()}
    try:
        solution = solve_problem(problem, backends[main], stage_backends=stage_backends)
    except Infeasible:
        assert expected is None
        return
    assert expected is not None
    assert tuple(sorted(problem.ids[i] for i in solution.chosen)) == expected
    for stage in solution.stages:
        assert stage.backend in (None, plan[stage.name]), stage
        assert (stage.backend is None) == (plan[stage.name] == main), stage


class _NeverProves:
    """A backend that finds what ``inner`` finds but never says it is proven: every stage it
    runs ends unproven, so a handover always happens."""

    tie_break_formulation = "chain"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = f"unproven-{inner.name}"
        self.stoppable = inner.stoppable
        self.maximised: list[bool] = []  # per solve in its models: was it a maximisation?

    def create(self) -> Any:
        return _UnprovenModel(self.inner.create(), self.maximised)

    def versions(self) -> dict[str, str]:
        return {}


class _UnprovenModel:
    def __init__(self, model: Any, maximised: list[bool]) -> None:
        self.model = model
        self.maximised = maximised
        self.sense = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def set_objective(self, indices: Any, coefficients: Any, maximise: bool) -> None:
        self.sense = maximise
        self.model.set_objective(indices, coefficients, maximise)

    def solve(self, time_limit: float | None) -> Any:
        from dataclasses import replace

        self.maximised.append(self.sense)  # the sense of every solve, for the tests
        outcome = self.model.solve(time_limit)
        if outcome.status is Status.OPTIMAL:
            return replace(outcome, status=Status.FEASIBLE)
        return outcome


@settings(max_examples=100)
@given(
    instance=small_instances(),
    first=st.sampled_from(["cpsat", "cbc", "highs"]),
    then=st.sampled_from(["cpsat", "cbc", "highs"]),
    at_once=st.booleans(),
    racing=st.booleans(),
)
def test_a_stage_handed_over_gives_the_brute_force_table(
    instance: tuple[pd.DataFrame, dict[str, Any]],
    first: str,
    then: str,
    at_once: bool,
    racing: bool,
) -> None:
    """solve_problem(handovers=...): stages 1, 2 and 3 start in a solver that never proves them
    and end in another, which gets the first one's table as a hint (stage 1: the table it found,
    if any); with ``at_once`` stage 2 goes
    to the other at once (every stage 1 takes more than 0 s), with stage 1's table as the hint,
    and the first solver never solves it. With ``racing`` the first keeps searching beside the
    second (backends.race.race; HiGHS's models cannot be stopped, so a handover from or to
    HiGHS stays sequential), and only the second can prove. The answer is the one answer."""
    from tafelselectie.backends import available_backends, get_backend
    from tafelselectie.errors import InfeasibleError as Infeasible
    from tafelselectie.solve.model import Handover

    if not {first, then} <= set(available_backends()):
        return  # a backend that is not installed here: nothing to compare
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    expected = canonical_table(problem)
    slow = _NeverProves(get_backend(first))
    later = {"seats": slow, "expertise": slow, "seats_again": slow}
    handovers = {s: Handover(0.001, get_backend(then), race=racing) for s in later}
    if at_once:
        handovers["expertise"] = Handover(0.001, get_backend(then), at_once_after=0.0, race=racing)
    try:
        solution = solve_problem(
            problem, get_backend(first), stage_backends=later, handovers=handovers
        )
    except Infeasible:
        assert expected is None
        return
    assert expected is not None
    assert tuple(sorted(problem.ids[i] for i in solution.chosen)) == expected
    assert solution.status is Status.OPTIMAL  # the second solver proved what the first did not
    for stage in solution.stages:
        if stage.name in later:
            assert stage.backend == then or (then == first and stage.backend is None), stage
    sequential = not racing or "highs" in (first, then)
    if at_once and then != first and problem.has_scores and sequential:
        # stage 2 was never solved in the first solver: its models only saw stage 1 (in the
        # first solver's own model) and stage 3, each a minimisation
        assert True not in slow.maximised, slow.maximised


class _SaysInfeasible:
    """A backend whose every solve says "infeasible": a solver that has lost a table."""

    name = "says-infeasible"
    stoppable = False
    tie_break_formulation = "chain"

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create(self) -> Any:
        return _InfeasibleModel(self.inner.create())

    def versions(self) -> dict[str, str]:
        return {}


class _InfeasibleModel:
    def __init__(self, model: Any) -> None:
        self.model = model

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def solve(self, time_limit: float | None) -> Any:
        return SolveOutcome(Status.INFEASIBLE, None, None, 0.0)


@pytest.mark.parametrize("stage", ["seats", "expertise"])
def test_a_handover_whose_solver_loses_the_table_is_a_solver_error(stage: str) -> None:
    """A stage handed over in turn to a solver that calls it infeasible although the first
    solver's table (stage 1) or the previous stage's (stage 2) fits: a SolverError naming that
    solver and the stage, not an answer."""
    from tafelselectie.backends import available_backends, get_backend
    from tafelselectie.errors import SolverError
    from tafelselectie.solve.model import Handover

    if "cpsat" not in available_backends():
        pytest.skip(f"needs the cpsat backend; installed: {available_backends()}")
    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    main = get_backend("cpsat")
    # 30 s: the first solver finds its table and ends at once (unproven); with no table found
    # first, "infeasible" in stage 1 would be an answer, not a lost table
    handovers = {stage: Handover(30.0, _SaysInfeasible(main))}
    with pytest.raises(SolverError) as info:
        solve_problem(
            problem, main, stage_backends={stage: _NeverProves(main)}, handovers=handovers
        )
    number = {"seats": 1, "expertise": 2}[stage]
    assert info.value.problems[0].code == "solver_lost_table"
    assert info.value.problems[0].params == {"solver": "says-infeasible", "stage": number}


@settings(max_examples=30)
@given(instance=small_instances(), raced=st.booleans())
def test_cbc_with_the_middle_race_settings_gives_the_brute_force_table(
    instance: tuple[pd.DataFrame, dict[str, Any]], raced: bool
) -> None:
    """Every stage in CBC with the settings of the middle race (no strong branching, no primal
    heuristics: backends.auto.MIDDLE_CBC_OPTIONS), or the tie-break as the race itself
    (``raced``: two CP-SAT seeds without cuts against that CBC, all from the start of every
    solve, backends.race.RacingBackend): settings and races change the path, never the one answer,
    proven."""
    from tafelselectie.backends import available_backends
    from tafelselectie.backends.auto import MIDDLE_CBC_OPTIONS, MIDDLE_RACE
    from tafelselectie.backends.cpsat import CpSatBackend
    from tafelselectie.backends.pulp import CbcBackend
    from tafelselectie.backends.race import RacingBackend

    if not {"cbc", "cpsat"} <= set(available_backends()):
        pytest.skip(f"needs the cbc and cpsat backends; installed: {available_backends()}")
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    cbc = CbcBackend(options=MIDDLE_CBC_OPTIONS)
    if raced:
        seeds = [{**MIDDLE_RACE, "random_seed": seed} for seed in (0, 1)]
        racing = RacingBackend(CpSatBackend(race=seeds), cbc, 0.0)
        _proves_the_brute_force_table(
            problem,
            lambda: solve_problem(problem, CpSatBackend(), stage_backends={"tie_break": racing}),
        )
    else:
        _proves_the_brute_force_table(problem, lambda: solve_problem(problem, cbc))


@settings(max_examples=100)
@given(instance=small_instances())
def test_solves_that_race_give_the_brute_force_table(
    instance: tuple[pd.DataFrame, dict[str, Any]],
) -> None:
    """backends.cpsat (``race``): every solve of every stage is a race of three searches (two
    seeds, one without presolve), so the witness a stage passes on depends on which search
    proves first; the answer is still the one answer, proven."""
    from tafelselectie.backends import available_backends
    from tafelselectie.backends.cpsat import CpSatBackend

    if "cpsat" not in available_backends():
        pytest.skip(f"needs the cpsat backend; installed: {available_backends()}")
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    race = [{}, {"random_seed": 1}, {"cp_model_presolve": False}]
    _proves_the_brute_force_table(problem, lambda: solve_problem(problem, CpSatBackend(race=race)))


def _proves_the_brute_force_table(problem: Any, solve: Any) -> None:
    """``solve()`` (a solve_problem call) gives the brute-force table, proven, or raises
    InfeasibleError where brute force finds no table."""
    expected = canonical_table(problem)
    try:
        solution = solve()
    except InfeasibleError:
        assert expected is None
        return
    assert expected is not None
    assert tuple(sorted(problem.ids[i] for i in solution.chosen)) == expected
    assert solution.status is Status.OPTIMAL
