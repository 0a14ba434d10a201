"""A race of solves side by side, the first proof ending the others.

Two users: a stage raced by two solvers (solve.stage_models, CP-SAT against CBC) and one CP-SAT
model solved by several searches with different settings (backends.cpsat, ``race``). It knows
no solver: an entrant is anything with ``solve`` and ``stop``
(:class:`~tafelselectie.backends.base.StoppableModel`).
"""

from __future__ import annotations

import _thread
import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from tafelselectie.backends.base import (
    Backend,
    SolveOutcome,
    SolverModel,
    Status,
    StoppableModel,
    stop_until_ended,
)
from tafelselectie.errors import InternalError

__all__ = ["RacedModel", "RacingBackend", "race"]


def race(
    entrants: Sequence[tuple[Callable[[], StoppableModel], float]],
    time_limit: float | None,
    maximise: bool,
) -> tuple[SolveOutcome, int]:
    """Solve one question (the same remaining tables, the same objective) several ways side by
    side, each on its own thread, the first proof (optimal, or infeasible) ending the others:
    the outcome and the index of the entrant whose outcome it is.

    Each entrant is a function that gives what it solves, ready to solve (a
    :class:`~tafelselectie.backends.base.StoppableModel`), called in the entrant's thread when
    it starts, and the seconds after which it starts, unless a proof came first: a model that
    is not needed is not built (a CBC model imports PuLP and is written out per solve). When
    the time limit ends every solve before a proof, the answer is the best table found (the
    first of equals, in entrant order) with the tightest of the bounds (each a proven bound of
    the same remaining tables); ``unknown`` when none found a table. Its seconds are the race's
    wall time.

    Why: how long one search takes differs strongly from region to region and from one random
    path to another, and which one is fast is not known beforehand (benchmarks/RESULTS.md, "A
    race of CBC and CP-SAT", "The tie-break's long path"). Every entrant answers the same
    question, so every proof gives the same optimal value, and a stage passes on only that
    value and a table (spec 4.4 makes the final answer unique): the answer does not depend on
    which entrant wins. The solvers run outside Python's lock (CP-SAT releases it, CBC is a
    separate process), so two entrants use two cores."""
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    outcomes: list[SolveOutcome | None] = [None] * len(entrants)
    running: list[StoppableModel | None] = [None] * len(entrants)
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

    def still_running(index: int) -> list[StoppableModel] | None:
        # read with `changed` held (stop_until_ended)
        if ended[index]:
            return None
        model = running[index]
        return [] if model is None else [model]

    def stop_the_first() -> None:
        # the first entrant runs on the caller's thread, which cannot stop it while it waits
        # for it
        stop_until_ended(changed, functools.partial(still_running, 0))

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
            stop_until_ended(changed, functools.partial(still_running, index))
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


class RacingBackend:
    """A backend whose models are raced: each is a model of ``first`` and, made when it first
    joins a race, one of ``second`` stating the same rows; every solve is a :func:`race` of
    the two, ``second`` starting after ``after`` seconds.

    Why: where neither solver is faster on every problem of a shape, a race takes the faster
    one's time on two cores (``backends.auto``, the tie-break of problems of a middle size).
    Both answer the same question, so every proof gives the same optimal value, and the caller
    passes on only that value and a table (spec 4.4), whichever wins. Both backends must ask
    the tie-break's window question the same way (``tie_break_formulation``), as its solves
    add the variables of that formulation to both models."""

    stoppable = True

    def __init__(self, first: Backend, second: Backend, after: float) -> None:
        if first.tie_break_formulation != second.tie_break_formulation:
            raise InternalError(
                f"{first.name} and {second.name} ask the tie-break's question differently"
            )
        if not (first.stoppable and second.stoppable):
            raise InternalError(f"a race needs models that stop: {first.name}, {second.name}")
        self.first = first
        self.second = second
        self.after = after
        self.name = f"{first.name}+{second.name}"
        self.tie_break_formulation = first.tie_break_formulation

    def create(self) -> RacedModel:
        return RacedModel(self.first.create(), self.second.create, self.second.name, self.after)

    def versions(self) -> dict[str, str]:
        return {**self.first.versions(), **self.second.versions()}


class RacedModel:
    """The model of a :class:`RacingBackend`: every change goes to the first model at once and
    to the second when it is made (the changes until then are kept and replayed), so that a
    second solver that is never needed costs nothing.

    ``make_second`` makes the second model as the first stood when this one was made: a new
    model of the second backend (:meth:`RacingBackend.create`), or one built by that backend's
    own rules (solve.stage_models, where the partition cuts go to CBC's side only)."""

    def __init__(
        self,
        first: SolverModel,
        make_second: Callable[[], SolverModel],
        second_name: str,
        after: float,
    ) -> None:
        self._first = first
        self._make_second = make_second
        self._second_name = second_name
        self._second: SolverModel | None = None
        self._after = after
        self._changes: list[tuple[str, tuple[Any, ...]]] = []  # not yet in the second model
        self._maximise = False
        self._lock = threading.Lock()

    def _change(self, method: str, *arguments: Any) -> Any:
        # arrays are copied: the caller may reuse its own
        kept = tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in arguments)
        result = getattr(self._first, method)(*arguments)
        with self._lock:
            if self._second is None:
                self._changes.append((method, kept))
                return result
            second_result = getattr(self._second, method)(*kept)
        if method in ("add_binaries", "add_integers") and second_result != result:
            raise InternalError("the raced models number their variables differently")
        return result

    def add_binaries(self, count: int) -> int:
        return int(self._change("add_binaries", count))

    def add_integers(self, count: int, upper: int) -> int:
        return int(self._change("add_integers", count, upper))

    def add_constraint(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        lower: int | None,
        upper: int | None,
    ) -> None:
        self._change("add_constraint", indices, coefficients, lower, upper)

    def fix(self, index: int, value: int) -> None:
        self._change("fix", index, value)

    def set_objective(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        maximise: bool,
    ) -> None:
        self._maximise = maximise
        self._change("set_objective", indices, coefficients, maximise)

    def set_hint(self, values: np.ndarray) -> None:
        self._change("set_hint", values)

    def _made_second(self) -> StoppableModel:
        with self._lock:
            if self._second is None:
                model = self._make_second()
                for method, arguments in self._changes:
                    getattr(model, method)(*arguments)
                self._changes.clear()
                self._second = model
            second = self._second
        if not isinstance(second, StoppableModel):  # its backend said it would be: a bug
            raise InternalError(f"the models of {self._second_name} cannot be stopped")
        return second

    def _first_stoppable(self) -> StoppableModel:
        if not isinstance(self._first, StoppableModel):
            raise InternalError("the first raced model cannot be stopped")
        return self._first

    def solve(self, time_limit: float | None) -> SolveOutcome:
        entrants = [(self._first_stoppable, 0.0), (self._made_second, self._after)]
        outcome, _ = race(entrants, time_limit, self._maximise)
        return outcome

    def stop(self) -> None:
        self._first_stoppable().stop()
        with self._lock:
            second = self._second
        if isinstance(second, StoppableModel):
            second.stop()
