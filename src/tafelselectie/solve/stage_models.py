"""The models and solver calls behind the stages of :mod:`tafelselectie.solve.model`: the clock of
a time-limited solve, one model per backend the stages use (:class:`StageModels`), a stage
handed from one solver to another (:class:`Handover`), and a race of solvers on one stage
(:func:`race`)."""

from __future__ import annotations

import _thread
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tafelselectie.backends.base import (
    Backend,
    SolveOutcome,
    SolverModel,
    Status,
    StoppableModel,
)
from tafelselectie.errors import Problem, SolverError
from tafelselectie.solve.formulation import Requirement, all_requirements, build_model
from tafelselectie.solve.problem import CoverageProblem
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
    "race",
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
        self._rows: list[tuple[np.ndarray, np.ndarray, int | None, int | None]] = []

    def get(self, backend: Backend) -> SolverModel:
        key = id(backend)
        if key not in self._models:
            self._models[key] = self._build(backend)
        return self._models[key]

    def add_row(
        self, indices: np.ndarray, coefficients: np.ndarray, lower: int | None, upper: int | None
    ) -> None:
        self._rows.append((indices, coefficients, lower, upper))
        for model in self._models.values():
            model.add_constraint(indices, coefficients, lower, upper)

    def _build(self, backend: Backend) -> SolverModel:
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
        for row in self._rows:
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
    n = len(witness)
    if handover.race and isinstance(model, StoppableModel) and handover.backend.stoppable:

        def second_model() -> SolverModel:
            second = models.get(handover.backend)
            # the previous stage's table as the hint: the first solver's best table is not
            # known while it still searches
            second.set_hint(witness)
            second.set_objective(np.arange(n), objective, maximise=maximise)
            return second

        entrants = [(lambda: model, 0.0), (second_model, handover.after)]
        outcome, winner = race(entrants, clock.remaining(), maximise)
        backend = (used, handover.backend)[winner]
        if outcome.status is Status.INFEASIBLE:
            lost = {"solver": backend.name, "stage": stage}
            raise SolverError(Problem("solver_lost_table", lost))
        if outcome.values is None:  # neither found a table in time: the one passed on stands
            return replace(outcome, status=Status.FEASIBLE, values=witness), used
        return outcome, backend
    # the stage so far: the table passed on (given at once, the previous stage's witness)
    first = SolveOutcome(Status.FEASIBLE, witness, None, 0.0)
    if handover.after > 0:
        remaining = clock.remaining()
        first_limit = handover.after if remaining is None else min(handover.after, remaining)
        first = solve_later_stage(model, first_limit, used.name, stage)
        if first.status is Status.OPTIMAL or clock.expired():
            return first, used
    other = models.get(handover.backend)
    other.set_hint(first.values[:n] if first.values is not None else witness)
    other.set_objective(np.arange(n), objective, maximise=maximise)
    second = solve_later_stage(other, clock.remaining(), handover.backend.name, stage)
    seconds = first.seconds + second.seconds
    if second.values is None:  # the second solver found nothing in time: keep the first's table
        return replace(first, status=Status.FEASIBLE, seconds=seconds), used
    return replace(second, seconds=seconds), handover.backend


def solve_stage_one(
    models: StageModels,
    model: SolverModel,
    used: Backend,
    handover: Handover | None,
    clock: Clock,
    costs: np.ndarray,
) -> tuple[SolveOutcome, Backend]:
    """Stage 1 in ``model``, or (``handover`` with ``race``) in a race of ``model`` and the
    handover's backend, which starts after ``handover.after`` seconds: the outcome and the
    backend whose outcome it is. Stage 1 has no table to pass on, so a handover without a race
    does not apply to it."""
    if (
        handover is None
        or not handover.race
        or handover.backend.name == used.name
        or not (isinstance(model, StoppableModel) and handover.backend.stoppable)
    ):
        return model.solve(clock.remaining()), used

    def second_model() -> SolverModel:
        second = models.get(handover.backend)
        second.set_objective(np.arange(len(costs)), costs, maximise=False)
        return second

    entrants = [(lambda: model, 0.0), (second_model, handover.after)]
    outcome, winner = race(entrants, clock.remaining(), maximise=False)
    return outcome, (used, handover.backend)[winner]


def solve_later_stage(
    model: SolverModel, time_limit: float | None, solver_name: str, stage: int
) -> SolveOutcome:
    """Solve stage 2 or 3. The previous witness still fits, so "infeasible" is impossible."""
    outcome = model.solve(time_limit)
    if outcome.status is Status.INFEASIBLE:
        raise SolverError(Problem("solver_lost_table", {"solver": solver_name, "stage": stage}))
    return outcome


def race(
    entrants: Sequence[tuple[Callable[[], SolverModel], float]],
    time_limit: float | None,
    maximise: bool,
) -> tuple[SolveOutcome, int]:
    """Solve models of the same stage side by side, each on its own thread, the first proof
    (optimal, or infeasible) ending the others: the outcome and the index of the entrant whose
    outcome it is.

    Each entrant is a function that gives its model ready to solve (a
    :class:`~tafelselectie.backends.base.StoppableModel`), called in the entrant's thread when
    it starts, and the seconds after which it starts, unless a proof came first: a model that
    is not needed is not built (a CBC model imports PuLP and is written out per solve). When
    the time limit ends every solve before a proof, the answer is the best table found (the
    first of equals, in entrant order) with the tightest of the bounds (each a proven bound of
    the same remaining tables); ``unknown`` when none found a table. Its seconds are the race's
    wall time.

    Why: which solver proves a stage first differs from region to region and is not known
    beforehand (benchmarks/RESULTS.md, "A race of CBC and CP-SAT"). Every entrant solves the
    same remaining tables, so every proof gives the stage the same optimal value, and the
    stage passes on only that value and a table (spec 4.4 makes the final answer unique): the
    answer does not depend on which solver wins. The solvers run outside Python's lock (CP-SAT
    releases it, CBC is a separate process), so two entrants use two cores."""
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    outcomes: list[SolveOutcome | None] = [None] * len(entrants)
    running: list[SolverModel | None] = [None] * len(entrants)
    skipped = [False] * len(entrants)
    ended = [False] * len(entrants)  # its solve returned or failed, or it will never start
    begun = [False] * len(entrants)  # past its start: making its model, or solving it
    failures: list[BaseException] = []
    changed = threading.Condition()
    proven = (Status.OPTIMAL, Status.INFEASIBLE)

    def settled() -> bool:
        return (
            bool(failures)
            or any(o is not None and o.status in proven for o in outcomes)
            or all(ended)
        )

    def run(index: int) -> None:
        outcome = None
        try:
            outcome = attempt(index)
        except BaseException as exc:  # passed on to the caller below
            with changed:
                failures.append(exc)
        with changed:
            outcomes[index] = outcome
            ended[index] = True
            changed.notify_all()
            over = settled()
        if index > 0 and over:
            stop_the_first()

    def attempt(index: int) -> SolveOutcome | None:
        prepare, start_after = entrants[index]
        start_at = started + start_after
        if deadline is not None:
            start_at = min(start_at, deadline)
        with changed:
            # in a loop: a wait may end early (a notification, or a clock other than ours)
            while not settled() and (now := time.perf_counter()) < start_at:
                changed.wait(timeout=start_at - now)
            late = deadline is not None and time.perf_counter() >= deadline
            if settled() or late:  # a proof came first, or no time is left to start in
                skipped[index] = True
                return None
            begun[index] = True
        model = prepare()
        with changed:
            running[index] = model
            if settled():  # a proof came while the model was made
                skipped[index] = True
                return None
        remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.001)
        return model.solve(remaining)

    def stop_the_first() -> None:
        # the first entrant runs on the caller's thread, which cannot stop it while it waits
        # for it; a stop may come before its solve has started, so it is repeated
        while True:
            with changed:
                if ended[0]:
                    return
                model = running[0]
            if isinstance(model, StoppableModel):
                model.stop()
            with changed:
                if not ended[0]:
                    changed.wait(timeout=0.02)

    # The first entrant runs on the caller's thread, as a solve without a race would. The
    # others get threads of the low-level module, whose start does not wait for the new
    # thread to run: threading.Thread.start does, and on this machine that wait (waking the
    # other core) took up to 4 ms of the example's 30 ms solve, in every race.
    for index in range(1, len(entrants)):
        _thread.start_new_thread(run, (index,))
    try:
        run(0)
        with changed:
            changed.wait_for(settled)
    finally:  # also on an interrupt (Ctrl-C): no solve outlives the race
        with changed:
            # An entrant still waiting to start sees the race settled and ends by itself
            # (nothing waits for it); one that has begun is stopped and waited for.
            waited = [i for i in range(1, len(entrants)) if begun[i]]
            changed.notify_all()
        for index in waited:
            # a stop may come before the solve has started (CBC's process is not yet running),
            # so it is repeated until the entrant has ended
            while True:
                with changed:
                    if ended[index]:
                        break
                    model = running[index]
                if isinstance(model, StoppableModel):
                    model.stop()
                with changed:
                    if not ended[index]:
                        changed.wait(timeout=0.02)
    seconds = time.perf_counter() - started
    if failures:
        raise failures[0]
    for index, outcome in enumerate(outcomes):
        if outcome is not None and outcome.status in proven:
            return replace(outcome, seconds=seconds), index
    return _best_of(outcomes, maximise, seconds)


def _best_of(
    outcomes: Sequence[SolveOutcome | None], maximise: bool, seconds: float
) -> tuple[SolveOutcome, int]:
    sign = -1.0 if maximise else 1.0
    bounds = [o.bound for o in outcomes if o is not None and o.bound is not None]
    bound = None
    if bounds:
        bound = min(bounds) if maximise else max(bounds)
    found = [(i, o) for i, o in enumerate(outcomes) if o is not None and o.values is not None]
    if not found:
        return SolveOutcome(Status.UNKNOWN, None, None, seconds, bound), 0
    index, best = min(found, key=lambda item: (sign * float(item[1].objective or 0.0), item[0]))
    return replace(best, status=Status.FEASIBLE, seconds=seconds, bound=bound), index
