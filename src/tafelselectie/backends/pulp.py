"""The CBC backend, through PuLP (which ships the CBC program). HiGHS has its own backend
(backends/highs.py), which talks to highspy directly.

Details that decide correctness here, from PuLP's own code:

* PuLP sets ``status = Optimal`` also when a solver stopped at its time limit with a solution;
  only ``sol_status`` says whether optimality was proven (``LpSolutionOptimal``) or not
  (``LpSolutionIntegerFeasible``). We map ``sol_status``, so a time-limited table is ``feasible``.
* CBC reports "Integer infeasible" when its time limit ends before any integer solution; such
  an answer is ``unknown`` here, never ``infeasible``.
* CBC runs with a zero relative gap and an absolute gap below one unit, which for our integer
  objectives means proven optimal (a relative gap would accept a table a few expertise units
  short of the best: scores are scaled by 1000).
* PuLP does not pass CBC's bound on. CBC prints it at the end of a stopped search ("Lower
  bound:" when minimising, "Upper bound:" when maximising, in the model's own sense, measured
  on CBC 2.10.3), so the solve writes CBC's output to a file of its own and reads it there.
* PuLP runs the CBC program as a child process and keeps no handle to it. A race of solvers
  (backends.race.race) must stop the loser, so every solve puts its files in a directory
  of its own, and :meth:`PulpModel.stop` ends the child process whose command line names that
  directory (found with psutil). A stopped solve is ``unknown``: it passes nothing on.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tafelselectie.backends.base import SolveOutcome, Status
from tafelselectie.errors import BackendUnavailableError, Problem, SolverError

ABSOLUTE_GAP = 0.5  # objectives are integers: a gap below 1 is a proof
# the last lines of CBC's output after a stopped search: "Lower bound:    8.000"
_CBC_BOUND = re.compile(r"^(?:Lower|Upper) bound:\s+(\S+)\s*$", re.MULTILINE)


def cbc_bound(log: str) -> float | None:
    """The bound CBC printed after a stopped search, or None (a proof or no bound printed).

    CBC prints "Objective value", then "Lower bound" (minimising) or "Upper bound"
    (maximising) and "Gap" only when the search stopped before a proof; a bound of CBC's
    "infinity" (1e50 and above) is no bound."""
    found = _CBC_BOUND.findall(log)
    if not found:
        return None
    try:
        value = float(found[-1])
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) < 1e49 else None


class CbcBackend:
    name = "cbc"
    # how the tie-break asks its window question (model._tie_break), chosen per solver by
    # measurement (benchmarks/RESULTS.md, "Tie-break formulations")
    tie_break_formulation = "chain"
    stoppable = True  # see backends.base.StoppableModel

    def __init__(self, *, options: Sequence[str] = ()) -> None:
        """``options`` are CBC's own command-line settings, each as CBC writes it without
        the dash ("strongBranching 0"), passed after ours (backends.auto names the ones
        ``select`` uses where they were measured faster)."""
        self.options = tuple(options)

    def create(self) -> PulpModel:
        return PulpModel(self)

    def versions(self) -> dict[str, str]:
        from importlib.metadata import version

        return {"pulp": version("pulp")}

    def solver(
        self,
        time_limit: float | None,
        warm_start: bool,
        log_path: Path | None = None,
        files: Path | None = None,
    ) -> Any:
        import warnings

        import pulp

        with warnings.catch_warnings():
            # PuLP 3.3 announces that 4.0 drops the bundled CBC; pyproject.toml keeps PuLP < 4.
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=time_limit,
                gapRel=0.0,
                gapAbs=ABSOLUTE_GAP,
                # No `threads` option: with any value (even 1) the bundled CBC 2.10.3 runs its
                # threaded search, whose locking now and then waits 10 s before a trivial solve
                # ends (measured: 1 solve in about 50 on a 50-provider case; coin-or/Cbc#640).
                # Without it CBC searches serially, on one core, as wanted.
                warmStart=warm_start,
                # CBC's output, for the bound of a stopped search (PuLP keeps it otherwise)
                logPath=None if log_path is None else str(log_path),
                options=list(self.options),
            )
        if not solver.available():
            raise BackendUnavailableError(self.name, (), "backend_cbc_missing")
        if files is not None:
            # PuLP names its model, start and solution files in this directory, and CBC's
            # command line names them: how PulpModel.stop finds the process of this solve
            solver.tmpDir = str(files)
        return solver


class PulpModel:
    def __init__(self, backend: CbcBackend) -> None:
        import pulp

        self._pulp = pulp
        self._backend = backend
        self._problem = pulp.LpProblem("tafelselectie", pulp.LpMinimize)
        self._variables: list[Any] = []
        self._hint = False
        # the directory of the solve that is running (None: none), and whether it was stopped
        self._running: Path | None = None
        self._stopped = False
        self._lock = threading.Lock()

    def add_binaries(self, count: int) -> int:
        first = len(self._variables)
        add = self._problem.add_variable
        self._variables.extend(add(f"x{first + k}", 0, 1, cat="Binary") for k in range(count))
        return first

    def add_integers(self, count: int, upper: int) -> int:
        first = len(self._variables)
        add = self._problem.add_variable
        self._variables.extend(
            add(f"x{first + k}", 0, int(upper), cat="Integer") for k in range(count)
        )
        return first

    def _expression(
        self, indices: Sequence[int] | np.ndarray, coefficients: Sequence[int] | np.ndarray
    ) -> Any:
        variables = self._variables
        return self._pulp.LpAffineExpression(
            [(variables[int(i)], int(c)) for i, c in zip(indices, coefficients, strict=True)]
        )

    def add_constraint(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        lower: int | None,
        upper: int | None,
    ) -> None:
        pulp = self._pulp
        expression = self._expression(indices, coefficients)
        if lower is not None and upper is not None and lower == upper:
            self._problem += pulp.LpConstraint(expression, pulp.LpConstraintEQ, rhs=int(lower))
            return
        if lower is not None:
            self._problem += pulp.LpConstraint(expression, pulp.LpConstraintGE, rhs=int(lower))
        if upper is not None:
            self._problem += pulp.LpConstraint(expression, pulp.LpConstraintLE, rhs=int(upper))

    def fix(self, index: int, value: int) -> None:
        variable = self._variables[index]
        variable.lowBound = int(value)
        variable.upBound = int(value)

    def set_objective(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        maximise: bool,
    ) -> None:
        pulp = self._pulp
        self._problem.sense = pulp.LpMaximize if maximise else pulp.LpMinimize
        self._problem.setObjective(self._expression(indices, coefficients))

    def set_hint(self, values: np.ndarray) -> None:
        for variable, value in zip(self._variables, values, strict=False):
            variable.setInitialValue(int(value))
        self._hint = True

    def solve(self, time_limit: float | None) -> SolveOutcome:
        pulp = self._pulp
        problem = self._problem
        if not self._variables:
            return SolveOutcome(Status.OPTIMAL, np.zeros(0, dtype=np.int8), 0.0, 0.0)
        if problem.objective is None:
            problem.setObjective(pulp.LpAffineExpression())
        for variable in self._variables:
            variable.varValue = None  # PuLP keeps values of variables it did not solve for
        # in the temporary directory PuLP itself would use
        files = Path(tempfile.mkdtemp(prefix="tafelselectie-cbc-"))
        log_path = files / "cbc.log"
        with self._lock:
            self._running = files
            self._stopped = False
        try:
            solver = self._backend.solver(
                time_limit, warm_start=self._hint, log_path=log_path, files=files
            )
            started = time.perf_counter()
            try:
                problem.solve(solver)
            except pulp.PulpSolverError as exc:
                seconds = time.perf_counter() - started
                with self._lock:
                    stopped = self._stopped
                if stopped:  # PulpModel.stop ended the process: no table, no bound
                    return SolveOutcome(Status.UNKNOWN, None, None, seconds)
                if time_limit is not None and not seconds < time_limit:
                    # CBC 2.10.3 now and then dies (SIGSEGV, measured with limits of 1 ms and a
                    # MIP start) when its limit ends early in the run. After the limit a failure
                    # proves nothing: no table, unknown, as a stop before any table is.
                    return SolveOutcome(Status.UNKNOWN, None, None, seconds)
                raise SolverError(
                    Problem("solver_failed", {"solver": self._backend.name, "reason": str(exc)})
                ) from None
            seconds = time.perf_counter() - started
            log = log_path.read_text(encoding="utf-8", errors="replace")
        finally:
            with self._lock:
                self._running = None
            shutil.rmtree(files, ignore_errors=True)
        sol_status = problem.sol_status
        if sol_status == pulp.LpSolutionOptimal:
            status = Status.OPTIMAL
        elif sol_status == pulp.LpSolutionIntegerFeasible:
            status = Status.FEASIBLE
        elif sol_status == pulp.LpSolutionInfeasible:
            status = Status.INFEASIBLE
        elif problem.status == pulp.LpStatusInfeasible:
            # CBC writes "Integer infeasible" both for a proof and, measured here, when it stops
            # at its time limit before finding an integer solution. Only a solve that ended
            # before the limit proves anything.
            # Written as "not below" so that a limit that is somehow not a number counts as hit:
            # a stop must never read as a proof.
            hit_limit = time_limit is not None and not seconds < time_limit
            status = Status.UNKNOWN if hit_limit else Status.INFEASIBLE
        elif sol_status == pulp.LpSolutionNoSolutionFound:
            status = Status.UNKNOWN
        else:  # unbounded cannot happen with binaries: a bug if it does
            text = pulp.LpStatus[problem.status]
            raise SolverError(
                Problem("solver_unexpected_status", {"solver": self._backend.name, "status": text})
            )
        values = None
        objective = None
        bound = None
        if status in (Status.FEASIBLE, Status.UNKNOWN):
            bound = cbc_bound(log)
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            # A variable in no constraint and not in the objective is not sent to the solver;
            # any value in its bounds is right, and the lower bound respects a fix.
            raw = [v.varValue if v.varValue is not None else v.lowBound for v in self._variables]
            values = np.rint(np.asarray(raw, dtype=float)).astype(np.int64)
            objective = float(pulp.value(problem.objective) or 0.0)
        return SolveOutcome(status, values, objective, seconds, bound)

    def stop(self) -> None:
        """End the solve running in another thread: kill its CBC process. The solve then
        returns ``unknown``. A call before the process has started (PuLP is still writing the
        model) finds nothing to kill; the race calls again until the solve has returned."""
        import psutil

        with self._lock:
            files = self._running
            if files is None:
                return
            self._stopped = True
        marker = str(files)
        for child in psutil.Process().children(recursive=True):
            try:
                if any(marker in part for part in child.cmdline()):
                    child.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue  # it ended by itself meanwhile
