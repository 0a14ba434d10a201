"""The models and solver calls behind the stages of :mod:`tafelselectie.solve.model`: the clock of
a time-limited solve, one model per backend the stages use (:class:`StageModels`), and a stage
handed from one solver to another (:class:`Handover`), sequentially or as a race of the two
(:func:`tafelselectie.backends.race.race`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from tafelselectie.backends.base import (
    Backend,
    SolveOutcome,
    SolverModel,
    Status,
    StoppableModel,
    WatchableModel,
)
from tafelselectie.backends.race import RacedModel, RacingBackend, race
from tafelselectie.errors import InternalError, Problem, SolverError
from tafelselectie.solve.formulation import Requirement, all_requirements, build_model
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.split import (
    CountGroup,
    SplitByCounts,
    candidate_groups,
    fewest_parts,
    solve_by_parts,
    solve_until_split,
)
from tafelselectie.solve.strengthen import (
    WITHOUT_PARTITION_CUTS,
    PartitionCut,
    Strengthening,
    partition_cuts,
)

__all__ = [
    "Clock",
    "Handover",
    "StageModels",
    "TimeLeft",
    "solve_later_stage",
    "solve_stage_one",
    "solve_with_handover",
]


class Clock:
    def __init__(self, time_limit: float | None) -> None:
        self.deadline = None if time_limit is None else time.perf_counter() + time_limit

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return max(self.deadline - time.perf_counter(), 0.001)

    def expired(self) -> bool:
        return self.deadline is not None and time.perf_counter() >= self.deadline


class TimeLeft:
    """One time limit over a whole answer made of many solves (an explanation, the stability
    near the band edges): each solve gets what is left, and a solve the limit stops ends the
    answer with a :class:`SolverError` of ``code`` (filled with the limit) instead of letting
    the stop be read as a fact."""

    def __init__(self, time_limit: float | None, code: str) -> None:
        self.clock = Clock(time_limit)
        self.time_limit = time_limit
        self.code = code

    def seconds(self) -> float | None:
        """What is left (None: no limit), or the error that ends the answer when nothing is."""
        if self.clock.expired():
            raise self.stopped()
        return self.clock.remaining()

    def stopped(self) -> SolverError:
        return SolverError(Problem(self.code, {"seconds": self.time_limit}))


# a row the stages added: indices, coefficients, lower and upper bound
Row = tuple[np.ndarray, np.ndarray, int | None, int | None]


class StageModels:
    """The model in each backend the stages use. Each is built on first use: the requirements
    (without the implied cells), the strengthening, the fixings, then every row the earlier
    stages added, so every model states the same remaining tables."""

    def __init__(
        self,
        problem: CoverageProblem,
        main: Backend,
        found: Strengthening | None,
        fixed: dict[int, int],
        clock: Clock,
    ) -> None:
        self._problem = problem
        self._main = main
        self._found = found
        self._fixed = fixed
        self._clock = clock
        self._models: dict[int, SolverModel] = {}
        self._rows: list[Row] = []

    def get(self, backend: Backend) -> SolverModel:
        key = id(backend)
        if key not in self._models:
            self._models[key] = self._build(backend)
        return self._models[key]

    def fresh(self, backend: Backend) -> SolverModel:
        """A new model in ``backend`` stating the same remaining tables, not kept (a part of
        stage 1, :mod:`tafelselectie.solve.split`)."""
        return self._build(backend)

    @property
    def problem(self) -> CoverageProblem:
        return self._problem

    @property
    def forced(self) -> tuple[int, ...]:
        """Providers every table holds, by the strengthening (none without it)."""
        return () if self._found is None else self._found.forced

    def add_row(
        self, indices: np.ndarray, coefficients: np.ndarray, lower: int | None, upper: int | None
    ) -> None:
        self._rows.append((indices, coefficients, lower, upper))
        for model in self._models.values():
            model.add_constraint(indices, coefficients, lower, upper)

    def _build(self, backend: Backend) -> SolverModel:
        if isinstance(backend, RacingBackend):
            # Each side built by its own backend's rules (the partition cuts: CBC's side gets
            # them, CP-SAT's does not, see strengthen.WITHOUT_PARTITION_CUTS); the second side
            # is made when it first joins a race, from the rows added until now, and the
            # raced model replays every change made after this point.
            first = self._build(backend.first)
            rows = list(self._rows)

            def second() -> SolverModel:
                return self._build_one(backend.second, rows)

            return RacedModel(first, second, backend.second.name, backend.after)
        return self._build_one(backend, self._rows)

    def _build_one(self, backend: Backend, rows: list[Row]) -> SolverModel:
        problem, found = self._problem, self._found
        if found is None:
            model = build_model(problem, backend)
        else:
            left_out = {Requirement("cell", j) for j in found.implied}
            kept = [r for r in all_requirements(problem) if r not in left_out]
            model = build_model(problem, backend, kept)
            cuts = found.cuts
            if backend.name in WITHOUT_PARTITION_CUTS:
                cuts = ()
            elif backend is not self._main and self._main.name in WITHOUT_PARTITION_CUTS:
                cuts = partition_cuts(problem, backend, found.forced, self._clock.deadline)
            strengthen_model(model, found, cuts)
        for index, value in self._fixed.items():
            model.fix(index, value)
        for row in rows:
            model.add_constraint(*row)
        return model


def strengthen_model(
    model: SolverModel, found: Strengthening, cuts: tuple[PartitionCut, ...]
) -> None:
    for provider in found.forced:
        model.fix(provider, 1)
    for cut in cuts:
        model.add_constraint(cut.members, [1] * len(cut.members), cut.lower, None)
    for i, j in found.dominance:
        model.add_constraint([i, j], [1, -1], None, 0)
    for provider in found.superfluous:
        model.fix(provider, 0)


@dataclass(frozen=True)
class Handover:
    """Give a stage to ``backend`` when the stage's own backend has not proven it within
    ``after`` seconds; the best table found so far goes along as the hint. With
    ``at_once_after``, a stage 1 that took longer than that many seconds gives the stage to
    ``backend`` at once (the stage's own backend does not try it: ``after`` is then 0)."""

    after: float
    backend: Backend
    at_once_after: float | None = None
    # Keep the stage's own solver searching beside ``backend`` instead of stopping it (a race
    # on two cores, :func:`race`): the first proof ends the stage, the other solve is stopped.
    # Only where both models can be stopped (backends.base.StoppableModel).
    race: bool = False

    def given(self, stage_one_seconds: float) -> Handover:
        """This handover for a solve whose stage 1 took ``stage_one_seconds``."""
        if self.at_once_after is not None and stage_one_seconds > self.at_once_after:
            return replace(self, after=0.0)
        return self


def solve_with_handover(
    models: StageModels,
    model: SolverModel,
    used: Backend,
    handover: Handover | None,
    clock: Clock,
    stage: int,
    witness: np.ndarray,
    objective: np.ndarray,
    maximise: bool,
) -> tuple[SolveOutcome, Backend]:
    """Stage 2 or 3 in ``model``, handed over as ``handover`` says: the outcome and the backend
    whose outcome it is (its seconds are both solves together). When the time limit has already
    passed, no solver is started (one that writes its model to a file, as CBC does, would run
    seconds past the limit): the table so far stands, unproven."""
    if clock.expired():
        return SolveOutcome(Status.FEASIBLE, witness, None, 0.0), used
    if handover is None or handover.backend.name == used.name:
        return solve_later_stage(model, clock.remaining(), used.name, stage), used
    if handover.race and isinstance(model, StoppableModel) and handover.backend.stoppable:
        # the previous stage's table as the hint: the first solver's best table is not known
        # while it still searches
        outcome, winner = _race_with(
            models, model, handover, clock.remaining(), objective, maximise, witness
        )
        backend = (used, handover.backend)[winner]
        if outcome.status is Status.INFEASIBLE:
            lost = {"solver": backend.name, "stage": stage}
            raise SolverError(Problem("solver_lost_table", lost))
        if outcome.values is None:  # neither found a table in time: the one passed on stands
            return replace(outcome, status=Status.FEASIBLE, values=witness), used
        return outcome, backend
    return _in_turn(
        models, model, used, handover, clock.remaining(), objective, maximise, witness, stage
    )


def solve_stage_one(
    models: StageModels,
    model: SolverModel,
    used: Backend,
    handover: Handover | None,
    clock: Clock,
    costs: np.ndarray,
    split: SplitByCounts | None = None,
) -> tuple[SolveOutcome, Backend]:
    """Stage 1 in ``model``, or (``handover`` with ``race``) in a race of ``model`` and the
    handover's backend, which starts after ``handover.after`` seconds: the outcome and the
    backend whose outcome it is. A handover without a race (or whose race cannot be run) gives
    stage 1 to its backend when ``model`` has not proven it within ``handover.after`` seconds,
    with the table found as the hint.

    With ``split``, a stage 1 not proven within ``split.after`` seconds goes on by parts
    (:mod:`tafelselectie.solve.split`) where a single-valued dimension splits "fewer seats
    than the best table" into at most ``split.max_parts``. A model that reports its tables as
    it finds them (CP-SAT's, :class:`~tafelselectie.backends.base.WatchableModel`) keeps
    solving until a table allows that (:func:`~tafelselectie.solve.split.solve_until_split`),
    and proves stage 1 itself if none does. Another model, or one with a handover to another
    backend (raced or in turn), is stopped after ``split.after`` seconds, and goes on from its
    table in a new solve, with its handover, if the split does not apply."""
    if split is None:
        return _stage_one(models, model, used, handover, clock.remaining(), costs)
    started = time.perf_counter()  # the stage's seconds include finding the parts
    n = len(costs)
    candidates: list[tuple[tuple[CountGroup, ...], ...]] = []  # found at the first need

    def groups_for(values: np.ndarray) -> tuple[CountGroup, ...] | None:
        if not candidates:
            problem, forced = models.problem, models.forced
            candidates.append(candidate_groups(problem, split.backend, forced, clock.deadline))
        return fewest_parts(candidates[0], int(costs @ values[:n]) - 1, split.max_parts)

    # The solve is watched only where nothing else times it: a race starts its second solver
    # after a time, and a handover in turn stops the first solve after a time; a watched solve
    # would run past both (it ends only by a proof, its limit or a split).
    handed_over = handover is not None and handover.backend.name != used.name
    if handed_over or not isinstance(model, WatchableModel):
        remaining = clock.remaining()
        first_limit = split.after if remaining is None else min(split.after, remaining)
        first, used = _stage_one(models, model, used, handover, first_limit, costs)
    else:
        first, _ = solve_until_split(model, clock.remaining(), split.after, groups_for)
    if first.status in (Status.OPTIMAL, Status.INFEASIBLE) or clock.expired():
        return replace(first, seconds=time.perf_counter() - started), used
    # the parts of the solve's last table (stopped after a decision, it may have found a
    # better one than the table decided on: fewer parts)
    groups = None if first.values is None else groups_for(first.values)
    if groups is not None and not clock.expired():

        def part_model() -> SolverModel:
            part = models.fresh(split.backend)
            part.set_objective(np.arange(n), costs, maximise=False)
            return part

        by_parts = solve_by_parts(
            part_model, groups, first, costs, clock.remaining(), split.parallel
        )
        return replace(by_parts, seconds=time.perf_counter() - started), split.backend
    # no split into few parts: the stage goes on where it was, from the table found
    if first.values is not None:
        model.set_hint(first.values[:n])
    rest, used = _stage_one(models, model, used, handover, clock.remaining(), costs)
    seconds = time.perf_counter() - started
    if rest.values is None and first.values is not None:
        return replace(first, seconds=seconds), used
    return replace(rest, seconds=seconds), used


def _raced(model: SolverModel, used: Backend, handover: Handover | None) -> bool:
    """Whether stage 1 runs as a race of ``model`` and the handover's backend."""
    return (
        handover is not None
        and handover.race
        and handover.backend.name != used.name
        and isinstance(model, StoppableModel)
        and handover.backend.stoppable
    )


def _stage_one(
    models: StageModels,
    model: SolverModel,
    used: Backend,
    handover: Handover | None,
    time_limit: float | None,
    costs: np.ndarray,
) -> tuple[SolveOutcome, Backend]:
    if handover is not None and isinstance(model, StoppableModel) and _raced(model, used, handover):
        outcome, winner = _race_with(models, model, handover, time_limit, costs, False, None)
        return outcome, (used, handover.backend)[winner]
    if handover is None or handover.backend.name == used.name:
        return model.solve(time_limit), used
    # handed over in turn (also a race that cannot be run: HiGHS's models cannot be stopped)
    return _in_turn(models, model, used, handover, time_limit, costs, False, None, 1)


def _in_turn(
    models: StageModels,
    model: SolverModel,
    used: Backend,
    handover: Handover,
    time_limit: float | None,
    objective: np.ndarray,
    maximise: bool,
    witness: np.ndarray | None,
    stage: int,
) -> tuple[SolveOutcome, Backend]:
    """A stage in ``model`` for ``handover.after`` seconds (none when that is 0), then, unless
    proven, in the handover's backend for what is left of ``time_limit``, from the best table
    so far (the first solve's, else ``witness``: the previous stage's table, which still fits;
    stage 1 has none). The outcome and the backend whose outcome it is; its seconds are both
    solves together, its bound the tighter of the two. A solver that calls the stage infeasible
    although a table fits has lost that table: a :class:`SolverError`."""
    started = time.perf_counter()
    first = SolveOutcome(Status.UNKNOWN if witness is None else Status.FEASIBLE, witness, None, 0.0)
    if handover.after > 0:  # (0: the other solver at once; CBC fails on a limit near 0)
        first_limit = handover.after if time_limit is None else min(handover.after, time_limit)
        first = _checked(model.solve(first_limit), witness, used.name, stage)
    left = None if time_limit is None else time_limit - (time.perf_counter() - started)
    if first.status in (Status.OPTIMAL, Status.INFEASIBLE) or (left is not None and left <= 0):
        return replace(first, seconds=time.perf_counter() - started), used
    n = len(objective)
    table = witness if first.values is None else first.values[:n]
    other = models.get(handover.backend)
    if table is not None:
        other.set_hint(table)
    other.set_objective(np.arange(n), objective, maximise=maximise)
    second = _checked(other.solve(left), table, handover.backend.name, stage)
    seconds = time.perf_counter() - started
    bound = _tighter(first.bound, second.bound, maximise)
    if second.values is None and first.values is not None:  # the first table stands
        return replace(first, status=Status.FEASIBLE, seconds=seconds, bound=bound), used
    if second.status is Status.FEASIBLE:
        second = replace(second, bound=bound)
    return replace(second, seconds=seconds), handover.backend


def _checked(
    outcome: SolveOutcome, table: np.ndarray | None, solver: str, stage: int
) -> SolveOutcome:
    """``outcome``, unless it calls infeasible a stage that ``table`` (not None) fits."""
    if outcome.status is Status.INFEASIBLE and table is not None:
        raise SolverError(Problem("solver_lost_table", {"solver": solver, "stage": stage}))
    return outcome


def _tighter(first: float | None, second: float | None, maximise: bool) -> float | None:
    """The tighter of two proven bounds of the same optimum (None: none known)."""
    known = [b for b in (first, second) if b is not None]
    if not known:
        return None
    return min(known) if maximise else max(known)


def _race_with(
    models: StageModels,
    first: StoppableModel,
    handover: Handover,
    time_limit: float | None,
    objective: np.ndarray,
    maximise: bool,
    hint: np.ndarray | None,
) -> tuple[SolveOutcome, int]:
    """A race of ``first`` (its objective set) and the model of ``handover.backend``, which
    starts after ``handover.after`` seconds, made only then, with ``objective`` and ``hint``."""

    def second_model() -> StoppableModel:
        second = models.get(handover.backend)
        if hint is not None:
            second.set_hint(hint)
        second.set_objective(np.arange(len(objective)), objective, maximise=maximise)
        if not isinstance(second, StoppableModel):  # its backend said it would be: a bug
            raise InternalError(f"the models of {handover.backend.name} cannot be stopped")
        return second

    return race([(lambda: first, 0.0), (second_model, handover.after)], time_limit, maximise)


def solve_later_stage(
    model: SolverModel, time_limit: float | None, solver_name: str, stage: int
) -> SolveOutcome:
    """Solve stage 2 or 3. The previous witness still fits, so "infeasible" is impossible."""
    outcome = model.solve(time_limit)
    if outcome.status is Status.INFEASIBLE:
        raise SolverError(Problem("solver_lost_table", {"solver": solver_name, "stage": stage}))
    return outcome
