"""The HiGHS backend, through highspy directly.

The model lives in one ``highspy.Highs`` object and grows there: a stage adds its rows and
bounds and solves again, with no rebuild and no model file. Going through PuLP instead (as
this backend did before) rebuilt every solve's model from Python expression objects, could not
pass a starting table to HiGHS, and imported PuLP; at 10,000 providers the rebuild alone took
seconds per solve (benchmarks/RESULTS.md, "HiGHS without PuLP").

Details that decide correctness:

* HiGHS stops at a relative MIP gap of 1e-4 by default. Our objectives are integers and
  expertise scores are scaled by 1000 (a score of 50 points is 50,000), so that gap could accept
  a table 5 units short of the best and call it optimal. We run with a zero relative gap and an
  absolute gap below one unit, which for integer objectives means proven optimal.
* ``time_limit`` is set before every solve. In the highspy versions allowed (1.12-1.14,
  measured) it limits each run on its own, although ``getRunTime`` adds the runs up; older
  HiGHS compared it with the added-up time (ERGO-Code/HiGHS#1477), and a test pins the
  behaviour: a second solve gets its own limit, no more and no less.
* A stop at the time limit (or any other limit) is ``feasible`` when HiGHS holds a feasible
  table and ``unknown`` otherwise, never ``infeasible``.

OR-Tools 9.15 and highspy 1.15 ship a HiGHS library of the same name and cannot be imported into
one process; pyproject.toml pins highspy below 1.15 and a test imports both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tafelselectie.backends.base import SolveOutcome, Status
from tafelselectie.errors import BackendUnavailableError, Problem, SolverError

ABSOLUTE_GAP = 0.5  # objectives are integers: a gap below 1 is a proof


class HighsBackend:
    name = "highs"
    # joints-1000: tie-break 117 s as a rank against 142 s as a chain, measured through PuLP
    # (benchmarks/RESULTS.md, "Tie-break formulations")
    tie_break_formulation = "rank"
    stoppable = False  # see backends.base.StoppableModel

    def create(self) -> HighsModel:
        return HighsModel()

    def versions(self) -> dict[str, str]:
        from importlib.metadata import version

        return {"highspy": version("highspy")}


class HighsModel:
    """A growing 0-1 model in one ``highspy.Highs`` object."""

    def __init__(self) -> None:
        try:
            import highspy
        except ImportError as exc:  # the library is there (checked by name) but does not load
            raise BackendUnavailableError("highs", (), "backend_cannot_load", "highspy") from exc
        self._highspy = highspy
        self._h = highspy.Highs()
        options = {
            "output_flag": False,
            "mip_rel_gap": 0.0,
            "mip_abs_gap": ABSOLUTE_GAP,
            # One search thread, as the other backends: the machine's cores are the caller's
            # (scenario sweeps run several selections side by side).
            "threads": 1,
        }
        for key, value in options.items():
            self._set_option(key, value)
        self._columns = 0
        self._objective: np.ndarray | None = None  # the columns with a cost now

    def _set_option(self, key: str, value: object) -> None:
        status = self._h.setOptionValue(key, value)
        if status == self._highspy.HighsStatus.kError:
            raise SolverError(
                Problem(
                    "solver_failed",
                    {"solver": "highs", "reason": f"HiGHS refused the option {key}={value!r}"},
                )
            )

    def _add_columns(self, count: int, upper: int) -> int:
        first = self._columns
        if count <= 0:
            return first
        lower = np.zeros(count, dtype=np.float64)
        self._h.addVars(count, lower, np.full(count, float(upper)))
        indices = np.arange(first, first + count, dtype=np.int32)
        integral = np.full(count, self._highspy.HighsVarType.kInteger)
        self._h.changeColsIntegrality(count, indices, integral)
        self._columns += count
        return first

    def add_binaries(self, count: int) -> int:
        return self._add_columns(count, 1)

    def add_integers(self, count: int, upper: int) -> int:
        return self._add_columns(count, int(upper))

    def add_constraint(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        lower: int | None,
        upper: int | None,
    ) -> None:
        # Bounds that cross are a row HiGHS accepts and proves infeasible, as the interface asks.
        add_row(self._h, indices, coefficients, lower, upper)

    def fix(self, index: int, value: int) -> None:
        self._h.changeColBounds(int(index), float(value), float(value))

    def set_objective(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        maximise: bool,
    ) -> None:
        if self._objective is not None and len(self._objective):
            self._h.changeColsCost(
                len(self._objective), self._objective, np.zeros(len(self._objective))
            )
        columns = np.asarray(indices, dtype=np.int32)
        if len(columns):
            self._h.changeColsCost(len(columns), columns, np.asarray(coefficients, dtype=float))
        self._objective = columns
        sense = self._highspy.ObjSense
        self._h.changeObjectiveSense(sense.kMaximize if maximise else sense.kMinimize)

    def set_hint(self, values: np.ndarray) -> None:
        # A partial start (the first variables) is what the interface allows; HiGHS takes a
        # sparse one and tries to complete it, and drops a start that breaks a row.
        count = min(len(values), self._columns)
        indices = np.arange(count, dtype=np.int32)
        self._h.setSolution(count, indices, np.asarray(values[:count], dtype=np.float64))

    def solve(self, time_limit: float | None) -> SolveOutcome:
        h = self._h
        highspy = self._highspy
        if self._columns == 0:
            return SolveOutcome(Status.OPTIMAL, np.zeros(0, dtype=np.int64), 0.0, 0.0)
        started = h.getRunTime()
        self._set_option("time_limit", math.inf if time_limit is None else max(time_limit, 0.0))
        run_status = h.run()
        seconds = h.getRunTime() - started
        model_status = h.getModelStatus()
        kind = highspy.HighsModelStatus
        limits = (
            kind.kTimeLimit,
            kind.kIterationLimit,
            kind.kSolutionLimit,
            kind.kInterrupt,
            kind.kObjectiveBound,
            kind.kObjectiveTarget,
        )
        if run_status == highspy.HighsStatus.kError and model_status not in limits:
            raise SolverError(
                Problem(
                    "solver_failed",
                    {"solver": "highs", "reason": h.modelStatusToString(model_status)},
                )
            )
        info = h.getInfo()
        has_table = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
        if model_status == kind.kOptimal:
            status = Status.OPTIMAL
        elif model_status in (
            kind.kInfeasible,
            # every variable is bounded, so "unbounded or infeasible" can only be infeasible
            kind.kUnboundedOrInfeasible,
        ):
            status = Status.INFEASIBLE
        elif model_status in limits:
            status = Status.FEASIBLE if has_table else Status.UNKNOWN
        else:
            raise SolverError(
                Problem(
                    "solver_unexpected_status",
                    {"solver": "highs", "status": h.modelStatusToString(model_status)},
                )
            )
        if status is Status.OPTIMAL and not has_table:  # pragma: no cover - a HiGHS bug if seen
            raise SolverError(
                Problem("solver_unexpected_status", {"solver": "highs", "status": "no table"})
            )
        values = None
        objective = None
        bound = None
        if has_table and status in (Status.OPTIMAL, Status.FEASIBLE):
            raw = np.asarray(h.getSolution().col_value, dtype=np.float64)
            values = np.rint(raw).astype(np.int64)
            objective = float(info.objective_function_value)
            mip_bound = float(info.mip_dual_bound)
            # the bound is in the model's own sense (maximise or minimise)
            bound = mip_bound if math.isfinite(mip_bound) else None
        return SolveOutcome(status, values, objective, seconds, bound)


def add_row(
    h: Any,
    columns: Sequence[int] | np.ndarray,
    coefficients: Sequence[float] | np.ndarray,
    lower: float | None,
    upper: float | None,
) -> None:
    """``lower <= sum(coefficients * x[columns]) <= upper`` in the ``highspy.Highs`` object
    ``h`` (None: unbounded on that side); also the lottery's LPs (backends/highs_lp.py)."""
    infinity = float(h.getInfinity())
    index = np.asarray(columns, dtype=np.int32)
    h.addRow(
        -infinity if lower is None else float(lower),
        infinity if upper is None else float(upper),
        len(index),
        index,
        np.asarray(coefficients, dtype=np.float64),
    )
