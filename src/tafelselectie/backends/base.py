"""The small interface between the model and a solver.

The model (:mod:`tafelselectie.solve.model`) is written once against :class:`SolverModel`; each
backend module implements it and is the only place that imports a solver library. Variables are
binary (or small non-negative integers, for slacks) and numbered from 0 in the order they are
added;
constraints and objectives are sparse rows with integer coefficients. Models only grow: the
lexicographic stages add constraints, never remove them.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np


class Status(enum.Enum):
    """Our own statuses; a solver's words never leave its backend module."""

    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # a valid answer, but the time limit stopped the proof
    INFEASIBLE = "infeasible"  # proven: no answer exists
    UNKNOWN = "unknown"  # the time limit stopped the search before any answer was found

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class SolveOutcome:
    status: Status
    values: np.ndarray | None  # 0/1 per variable when a solution was found
    objective: float | None
    seconds: float
    # the best proven bound on the objective, where the solver reports one (CP-SAT and HiGHS
    # directly, CBC in its output); with it a time-limited answer says how far from optimal it
    # can at most be
    bound: float | None = None


class SolverModel(Protocol):
    """A growing 0-1 linear model inside one solver."""

    def add_binaries(self, count: int) -> int:
        """Add ``count`` binary variables; return the index of the first."""

    def add_integers(self, count: int, upper: int) -> int:
        """Add ``count`` integer variables in ``[0, upper]``; return the index of the first."""

    def add_constraint(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        lower: int | None,
        upper: int | None,
    ) -> None:
        """``lower <= sum(coefficients * x[indices]) <= upper`` (None: unbounded). Bounds that
        cross (``lower > upper``) make the model infeasible, never invalid."""

    def fix(self, index: int, value: int) -> None:
        """Fix one variable to 0 or 1."""

    def set_objective(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        maximise: bool,
    ) -> None:
        """Replace the objective."""

    def set_hint(self, values: np.ndarray) -> None:
        """A complete or partial (first variables) solution to start from; may be ignored."""

    def solve(self, time_limit: float | None) -> SolveOutcome:
        """Solve the model as it is now, within ``time_limit`` seconds (None: no limit)."""


@runtime_checkable
class StoppableModel(Protocol):
    """A model whose solve another thread can end early: what a race of solvers needs
    (backends.race.race). CP-SAT and CBC models are; HiGHS's is not (highspy stops a
    solve only through Python callbacks at every interrupt check)."""

    def solve(self, time_limit: float | None) -> SolveOutcome:
        """As :meth:`SolverModel.solve`."""

    def stop(self) -> None:
        """End the solve of this model that runs in another thread as soon as possible; it
        returns what it has (``feasible`` or ``unknown``, never a proof it did not reach). A
        call when no solve runs, or before it has started, may do nothing: the caller repeats
        it until the solve has returned."""


# How often a stop is sent again while the solve it is meant for has not ended
# (stop_until_ended); a solve that ends meanwhile wakes the caller at once.
STOP_REPEAT_SECONDS = 0.02


def stop_until_ended(
    changed: threading.Condition,
    pending: Callable[[], Sequence[StoppableModel] | None],
) -> None:
    """Stop solves that run on other threads, and return once they have all ended.

    ``pending`` is called with ``changed`` held: the models whose solves are still running (an
    empty sequence while a solve is still being prepared), or None once every one has ended.
    The solving threads notify ``changed`` when a solve ends.

    Why repeated: a stop may come before a solve has started, and then does nothing (CP-SAT
    misses it, CBC's process is not yet running: :meth:`StoppableModel.stop`). So the stop is
    sent again every :data:`STOP_REPEAT_SECONDS` until the solves have ended."""
    while True:
        with changed:
            models = pending()
            if models is None:
                return
        for model in models:
            model.stop()
        with changed:
            if pending() is not None:
                changed.wait(timeout=STOP_REPEAT_SECONDS)


@runtime_checkable
class WatchableModel(Protocol):
    """A stoppable model that can report every better table its solve finds, while it runs:
    what stage 1's split needs to decide during the solve (solve.split.solve_until_split).
    CP-SAT's models are."""

    def solve(self, time_limit: float | None) -> SolveOutcome:
        """As :meth:`SolverModel.solve`."""

    def stop(self) -> None:
        """As :meth:`StoppableModel.stop`."""

    def watch(self, on_table: Callable[[np.ndarray], None] | None) -> None:
        """Call ``on_table`` with the values of every better table the following solves find
        (from the solving thread, as it is found); None ends that."""


class Backend(Protocol):
    name: str
    # whether its models are StoppableModels, which a race needs (known before one is built)
    stoppable: bool
    # how the tie-break asks its window question: "chain" or "rank" (model._tie_break)
    tie_break_formulation: str

    def create(self) -> SolverModel:
        """A new, empty model."""

    def versions(self) -> dict[str, str]:
        """Solver library versions, for audit trails and benchmark records."""
