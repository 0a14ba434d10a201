"""The OR-Tools CP-SAT backend.

The model is written straight into CP-SAT's protocol buffer: at 10,000 providers that is about a
hundred times faster than building Python expression objects, and it is the documented format.

Parameters, chosen from measurements (see benchmarks/RESULTS.md): CP-SAT with one worker and
default parameters could not prove the optimum of OR-Library scp41 or of a 170-provider instance
with 288 joint cells within 60 s on a 2-core machine; ``linearization_level=2`` puts the full LP
relaxation into the search and solves scp41 in 0.03 s. Covering problems are LP-driven, so that
setting is the one that matters. We run one worker by default, so a fixed seed keeps runs
repeatable; ``select`` gives stage 1 of a larger problem two (backends.auto.stage_one_backend),
which is faster there, and the tie-break's solves a short search on two workers first
(:class:`FindPhase`, backends.auto.tie_break_backend). The answer does not depend on either
(spec 4.4 makes it unique). Parameters that are lists (``subsolvers``) are passed as CP-SAT's
repeated fields.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tafelselectie.backends.base import SolveOutcome, Status

# CP-SAT's unbounded ends of a domain (ortools.sat.python.cp_model.INT_MIN / INT_MAX)
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1

DEFAULT_PARAMETERS: dict[str, Any] = {
    "num_workers": 1,
    "linearization_level": 2,
    "random_seed": 0,
}


@dataclass(frozen=True)
class FindPhase:
    """Each solve first searches for at most ``seconds`` with ``parameters`` over the model's
    own; if that proves nothing, the solve goes on with the model's own parameters for the rest
    of its time, from the best table the first search found (as the hint).

    Why (benchmarks/RESULTS.md, "The tie-break's long path"): two workers find better tables
    sooner, while one worker proves "there is none" sooner. A solve that needs both, finding an
    early provider's table and then proving nothing earlier, gets the finding from the first
    phase and the proof from the second. A proof in either phase is a proof: the answer does not
    depend on the phases, only the time does."""

    seconds: float
    parameters: Mapping[str, Any] = field(default_factory=dict)


class CpSatBackend:
    name = "cpsat"
    # CP-SAT propagates the chain z_j <= z_(j-1) + x_j well (see model._tie_break)
    tie_break_formulation = "chain"

    def __init__(self, *, find_phase: FindPhase | None = None, **parameters: Any) -> None:
        self.explicit = dict(parameters)  # what the caller chose, over the defaults
        self.parameters = {**DEFAULT_PARAMETERS, **parameters}
        self.find_phase = find_phase

    def create(self) -> CpSatModel:
        return CpSatModel(self.parameters, self.find_phase)

    def versions(self) -> dict[str, str]:
        from importlib.metadata import version

        return {"ortools": version("ortools")}


class CpSatModel:
    """A model in CP-SAT's protocol buffer, solved by OR-Tools' solve wrapper.

    ``ortools.sat.python.cp_model`` (the modelling layer) imports pandas, 0.3 s of a command
    that needs none of it; the protocol buffer and the solver come from ``cp_model_helper``
    alone (0.1 s). Only :meth:`count_solutions` needs the modelling layer's callback class."""

    def __init__(self, parameters: dict[str, Any], find_phase: FindPhase | None = None) -> None:
        from ortools.sat.python import cp_model_helper

        self._helper = cp_model_helper
        self._proto = cp_model_helper.CpModelProto()
        self._parameters = parameters
        self._find_phase = find_phase
        self._count = 0

    def add_binaries(self, count: int) -> int:
        first = self._count
        variables = self._proto.variables
        for _ in range(count):
            variables.add().domain.extend((0, 1))
        self._count += count
        return first

    def add_integers(self, count: int, upper: int) -> int:
        first = self._count
        variables = self._proto.variables
        for _ in range(count):
            variables.add().domain.extend((0, int(upper)))
        self._count += count
        return first

    def add_constraint(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        lower: int | None,
        upper: int | None,
    ) -> None:
        low = INT_MIN if lower is None else int(lower)
        high = INT_MAX if upper is None else int(upper)
        if low > high:
            # Bounds that cross admit no table (a share of 0.1 to 0.3 of one provider's 100%);
            # CP-SAT calls an empty domain an invalid model, so say "0 = 1" instead.
            indices, coefficients, low, high = [], [], 1, 1
        linear = self._proto.constraints.add().linear
        linear.vars.extend(int(i) for i in indices)
        linear.coeffs.extend(int(c) for c in coefficients)
        linear.domain.extend((low, high))

    def fix(self, index: int, value: int) -> None:
        domain = self._proto.variables[index].domain
        domain[0] = int(value)
        domain[1] = int(value)

    def set_objective(
        self,
        indices: Sequence[int] | np.ndarray,
        coefficients: Sequence[int] | np.ndarray,
        maximise: bool,
    ) -> None:
        self._proto.clear_objective()
        objective = self._proto.objective
        sign = -1 if maximise else 1
        objective.vars.extend(int(i) for i in indices)
        objective.coeffs.extend(sign * int(c) for c in coefficients)
        # CP-SAT minimises; a maximisation is stored negated with scaling -1, as its own API does.
        objective.scaling_factor = float(sign)

    def set_hint(self, values: np.ndarray) -> None:
        self._proto.clear_solution_hint()
        hint = self._proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(int(v) for v in values)

    def count_solutions(self, cap: int, time_limit: float | None) -> tuple[int, bool]:
        """How many solutions the model has, counting up to ``cap``; True when the count is
        complete (all found, fewer than ``cap``). The model must have no objective."""
        from ortools.sat.python import cp_model

        model = cp_model.CpModel()
        model.proto.copy_from(self._proto)

        class Counter(cp_model.CpSolverSolutionCallback):
            def __init__(self) -> None:
                super().__init__()
                self.count = 0

            def on_solution_callback(self) -> None:
                self.count += 1
                if self.count >= cap:
                    self.stop_search()

        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        if time_limit is not None:
            solver.parameters.max_time_in_seconds = max(float(time_limit), 0.001)
        counter = Counter()
        code = solver.solve(model, counter)
        complete = code in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and counter.count < cap
        return counter.count, complete

    def solve(self, time_limit: float | None) -> SolveOutcome:
        phase = self._find_phase
        if phase is None:
            return self._solve_with(self._parameters, time_limit)
        first_limit = phase.seconds if time_limit is None else min(phase.seconds, time_limit)
        first = self._solve_with({**self._parameters, **phase.parameters}, first_limit)
        if first.status in (Status.OPTIMAL, Status.INFEASIBLE):
            return first
        left = None if time_limit is None else time_limit - first.seconds
        if left is not None and left <= 0:
            return first
        if first.values is not None:
            # the best table so far, for the second phase to start from (a valid table of this
            # model, so it may stay the hint: every caller sets its own before a solve)
            self.set_hint(first.values)
        second = self._solve_with(self._parameters, left)
        if second.values is None and first.values is not None:
            # cannot happen when CP-SAT keeps a feasible hint; never lose a table if it does
            return SolveOutcome(
                first.status,
                first.values,
                first.objective,
                first.seconds + second.seconds,
                first.bound,
            )
        return SolveOutcome(
            second.status,
            second.values,
            second.objective,
            first.seconds + second.seconds,
            second.bound,
        )

    def _solve_with(self, chosen: Mapping[str, Any], time_limit: float | None) -> SolveOutcome:
        helper = self._helper
        parameters = helper.SatParameters()
        for key, value in chosen.items():
            try:
                if isinstance(value, (list, tuple)):  # a repeated field, e.g. ``subsolvers``
                    getattr(parameters, key).extend(value)
                else:
                    setattr(parameters, key, value)
            except (AttributeError, TypeError, ValueError) as exc:
                from tafelselectie.errors import Problem, UsageError

                raise UsageError(
                    Problem(
                        "backend_parameter",
                        {"solver": "CP-SAT", "name": key, "value": value, "reason": str(exc)},
                        key=key,
                    )
                ) from None
        if time_limit is not None:
            parameters.max_time_in_seconds = max(float(time_limit), 0.001)
        wrapper = helper.SolveWrapper()
        wrapper.set_parameters(parameters)
        started = time.perf_counter()
        response = wrapper.solve(self._proto)
        seconds = time.perf_counter() - started
        code = response.status
        codes = helper.CpSolverStatus
        if code == codes.OPTIMAL:
            status = Status.OPTIMAL
        elif code == codes.FEASIBLE:
            status = Status.FEASIBLE
        elif code == codes.INFEASIBLE:
            status = Status.INFEASIBLE
        elif code == codes.UNKNOWN:
            status = Status.UNKNOWN
        else:  # MODEL_INVALID: a bug in our model building, or a parameter value CP-SAT refuses
            from tafelselectie.errors import Problem, SolverError

            reason = str(response.solution_info) or code.name
            raise SolverError(
                Problem("solver_rejected_model", {"solver": "CP-SAT", "status": reason})
            )
        values = None
        objective = None
        bound = None
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            values = np.fromiter(response.solution, dtype=np.int64, count=self._count)
            if self._proto.has_objective():
                objective = float(response.objective_value)
                bound = float(response.best_objective_bound)
        return SolveOutcome(status, values, objective, seconds, bound)
