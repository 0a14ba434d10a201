"""Linear programs in HiGHS, for the lottery (column generation over tables).

The only module besides the ILP backends that imports a solver. Two methods:

* ``"ipm"``: the interior point method without crossover. Its answer lies in the relative
  interior of the optimal face, so its duals are *strictly complementary*: every provider whose
  probability is forced to the optimum in every optimal distribution gets a positive dual. The
  leximin algorithm fixes all of them in one round instead of one per round.
* ``"simplex"``: a vertex (basic) solution, which uses few tables; for the final distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tafelselectie.backends.base import Status
from tafelselectie.errors import BackendUnavailableError, InternalError, Problem, SolverError


@dataclass(frozen=True)
class LPOutcome:
    status: Status
    values: np.ndarray  # per column
    row_duals: np.ndarray  # per row, HiGHS's sign convention (minimisation)
    objective: float


class LinearProgram:
    """A growing minimisation LP: continuous columns with bounds, ranged rows."""

    def __init__(self, method: str = "ipm") -> None:
        try:
            import highspy
        except ImportError as exc:  # pragma: no cover - highspy is a dependency
            raise BackendUnavailableError(
                "highs-lp", (), "backend_not_installed", "highspy"
            ) from exc
        self._highspy = highspy
        self._h = highspy.Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("threads", 1)
        self.method = method
        if method == "ipm":
            self._h.setOptionValue("solver", "ipm")
            self._h.setOptionValue("run_crossover", "off")
            # Presolve would remove rows and rebuild their duals at a vertex in postsolve,
            # losing the interior (strictly complementary) duals that make leximin fast.
            self._h.setOptionValue("presolve", "off")
            # Probabilities are published to twelve decimals; HiGHS's default 1e-8 would
            # show as 0.333333344 where 1/3 is meant.
            self._h.setOptionValue("ipm_optimality_tolerance", 1e-11)
        elif method == "simplex":
            self._h.setOptionValue("solver", "simplex")
        else:
            raise InternalError(f"unknown LP method {method!r}")
        self.columns = 0
        self.rows = 0

    @property
    def infinity(self) -> float:
        return float(self._h.getInfinity())

    def _bounds(self, lower: float | None, upper: float | None) -> tuple[float, float]:
        """None is unbounded: HiGHS's infinity on that side."""
        inf = self.infinity
        return (-inf if lower is None else float(lower), inf if upper is None else float(upper))

    def add_column(
        self,
        cost: float,
        lower: float | None,
        upper: float | None,
        rows: Sequence[int] | np.ndarray = (),
        coefficients: Sequence[float] | np.ndarray = (),
    ) -> int:
        index = np.asarray(rows, dtype=np.int32)
        value = np.asarray(coefficients, dtype=np.float64)
        self._h.addCol(float(cost), *self._bounds(lower, upper), len(index), index, value)
        self.columns += 1
        return self.columns - 1

    def add_row(
        self,
        columns: Sequence[int] | np.ndarray,
        coefficients: Sequence[float] | np.ndarray,
        lower: float | None,
        upper: float | None,
    ) -> int:
        from tafelselectie.backends.highs import add_row

        add_row(self._h, columns, coefficients, lower, upper)
        self.rows += 1
        return self.rows - 1

    def solve(self) -> LPOutcome:
        h = self._h
        h.run()
        status = h.getModelStatus()
        kind = self._highspy.HighsModelStatus
        if status == kind.kInfeasible:
            return LPOutcome(Status.INFEASIBLE, np.zeros(0), np.zeros(0), float("nan"))
        if status != kind.kOptimal:
            raise SolverError(
                Problem(
                    "solver_unexpected_status",
                    {"solver": "HiGHS", "status": h.modelStatusToString(status)},
                )
            )
        solution = h.getSolution()
        return LPOutcome(
            Status.OPTIMAL,
            np.asarray(solution.col_value, dtype=np.float64),
            np.asarray(solution.row_dual, dtype=np.float64),
            float(h.getInfo().objective_function_value),
        )


def versions() -> dict[str, str]:
    import highspy

    h = highspy.Highs()
    return {"highs": f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"}
