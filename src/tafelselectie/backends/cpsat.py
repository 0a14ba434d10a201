"""The OR-Tools CP-SAT backend.

The model is written straight into CP-SAT's protocol buffer: at 10,000 providers that is about a
hundred times faster than building Python expression objects, and it is the documented format.

Parameters, chosen from measurements (see benchmarks/RESULTS.md): CP-SAT with one worker and
default parameters could not prove the optimum of OR-Library scp41 or of a 170-provider instance
with 288 joint cells within 60 s on a 2-core machine; ``linearization_level=2`` puts the full LP
relaxation into the search and solves scp41 in 0.03 s. Covering problems are LP-driven, so that
setting is the one that matters. We run one worker by default, so a fixed seed keeps runs
repeatable; ``select`` gives stage 1 of a larger problem two (backends.auto.stage_one_backend),
which is faster there, and runs each tie-break solve there as a race of two one-worker
searches with different seeds (``race``, backends.auto.tie_break_backend). The answer does not
depend on either (spec 4.4 makes it unique). Parameters that are lists (``subsolvers``) are
passed as CP-SAT's repeated fields.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from tafelselectie.backends.base import SolveOutcome, Status, StoppableModel

# CP-SAT's unbounded ends of a domain (ortools.sat.python.cp_model.INT_MIN / INT_MAX)
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1

DEFAULT_PARAMETERS: dict[str, Any] = {
    "num_workers": 1,
    "linearization_level": 2,
    "random_seed": 0,
}


class CpSatBackend:
    name = "cpsat"
    # CP-SAT propagates the chain z_j <= z_(j-1) + x_j well (see model._tie_break)
    tie_break_formulation = "chain"
    stoppable = True  # see backends.base.StoppableModel

    def __init__(self, *, race: Sequence[Mapping[str, Any]] = (), **parameters: Any) -> None:
        """``parameters`` are CP-SAT's own (``num_workers``, ``random_seed``, ...). With
        ``race``, every solve runs once per entry (its parameters over these), each search on
        a thread of its own, and the first proof ends them all (:meth:`CpSatModel.solve`)."""
        self.explicit = dict(parameters)  # what the caller chose, over the defaults
        self.parameters = {**DEFAULT_PARAMETERS, **parameters}
        self.race = tuple(dict(entry) for entry in race)

    def create(self) -> CpSatModel:
        return CpSatModel(self.parameters, self.race)

    def versions(self) -> dict[str, str]:
        # the package's own attribute (the same as its metadata): reading the metadata file took
        # 2-3 ms of the example's `select`
        import ortools

        return {"ortools": str(ortools.__version__)}  # type: ignore[attr-defined]  # untyped


class CpSatModel:
    """A model in CP-SAT's protocol buffer, solved by OR-Tools' solve wrapper.

    ``ortools.sat.python.cp_model`` (the modelling layer) imports pandas, 0.3 s of a command
    that needs none of it; the protocol buffer and the solver come from ``cp_model_helper``
    alone (0.1 s). Only :meth:`count_solutions` needs the modelling layer's callback class."""

    def __init__(self, parameters: dict[str, Any], race: tuple[dict[str, Any], ...] = ()) -> None:
        from ortools.sat.python import cp_model_helper

        self._helper = cp_model_helper
        self._proto = cp_model_helper.CpModelProto()
        self._parameters = parameters
        self._race = race
        self._count = 0
        # the searches of the solve that is running, for stop() from another thread
        self._searches: list[Any] = []
        self._on_table: Callable[[np.ndarray], None] | None = None  # see watch()

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
        if not self._race:
            search = _Search(self, self._sat_parameters(self._parameters, time_limit))
            self._searches = [search]
            try:
                return search.solve(time_limit)
            finally:
                self._searches = []
        return self._solve_racing(time_limit)

    def stop(self) -> None:
        """End the solve running in another thread: it returns at once with what it has (a
        table found so far is ``feasible``). A call before the search has started may be
        missed; a race (backends.race.race) calls again until the solve has returned."""
        for search in list(self._searches):
            search.stop()

    def watch(self, on_table: Callable[[np.ndarray], None] | None) -> None:
        """Call ``on_table`` with every better table the following solves find
        (backends.base.WatchableModel), from the thread that solves. Every search of a race
        reports its own, so ``on_table`` may be called from several threads."""
        self._on_table = on_table

    def _solve_racing(self, time_limit: float | None) -> SolveOutcome:
        """One search per entry of the race, side by side (backends.race.race, CP-SAT's solve
        releases the GIL); the first that proves its answer (optimal or infeasible) stops the
        others. If none proves it within the limit, the best table found is the answer, with
        the tightest of their bounds (each is a proven bound of the same model).

        Why (benchmarks/RESULTS.md, "The tie-break's long path"): one worker's time on a hard
        solve depends strongly on its random path (the first tie-break window of joints-1000:
        213 s with seed 0, 13 s with seed 1, and the other way round on other windows); two
        searches side by side take the faster path's time. Every answer is an optimum of the
        same model, so the answer of the stage does not depend on which search wins (spec 4.4
        makes the tie-break's answer unique; a different witness only changes the path)."""
        from tafelselectie.backends.race import race

        # every setting is checked here, before any search starts (a bad one is a UsageError)
        searches = [
            _Search(self, self._sat_parameters({**self._parameters, **entry}, time_limit))
            for entry in self._race
        ]
        self._searches = searches
        try:
            entrants: list[tuple[Callable[[], StoppableModel], float]] = [
                (search.ready, 0.0) for search in searches
            ]
            maximise = self._proto.objective.scaling_factor < 0
            outcome, _ = race(entrants, time_limit, maximise)
        finally:
            self._searches = []
        return outcome

    def _sat_parameters(self, chosen: Mapping[str, Any], time_limit: float | None) -> Any:
        parameters = self._helper.SatParameters()
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
        return parameters

    def _outcome(self, response: Any, seconds: float) -> SolveOutcome:
        helper = self._helper
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


class _Search:
    """One CP-SAT search of a model with given parameters, which another thread can stop: a
    single solve, or one entrant of a race (backends.race.race)."""

    def __init__(self, model: CpSatModel, parameters: Any) -> None:
        self._model = model
        self._parameters = parameters
        self._wrapper = model._helper.SolveWrapper()

    def solve(self, time_limit: float | None) -> SolveOutcome:
        if time_limit is not None:
            self._parameters.max_time_in_seconds = max(float(time_limit), 0.001)
        self._wrapper.set_parameters(self._parameters)
        reporter = None
        if self._model._on_table is not None:
            reporter = _reporter(self._model._helper, self._model._on_table, self._model._count)
            self._wrapper.add_solution_callback(reporter)
        started = time.perf_counter()
        try:
            response = self._wrapper.solve(self._model._proto)
        finally:
            if reporter is not None:
                self._wrapper.clear_solution_callback(reporter)
        return self._model._outcome(response, time.perf_counter() - started)

    def ready(self) -> _Search:
        """This search, as a race's entrant gives what it solves (nothing to make first)."""
        return self

    def stop(self) -> None:
        self._wrapper.stop_search()


def _reporter(helper: Any, on_table: Callable[[np.ndarray], None], count: int) -> Any:
    """A CP-SAT solution callback that passes each table found (CP-SAT calls it for every
    better one of an optimisation) to ``on_table``: the solver's low-level callback class,
    which ``cp_model_helper`` has without the modelling layer (and its pandas)."""

    class Reporter(helper.SolutionCallback):  # type: ignore[misc]  # untyped base class
        def OnSolutionCallback(self) -> None:  # the name CP-SAT calls
            solution = self.Response().solution
            on_table(np.fromiter(solution, dtype=np.int64, count=count))

    return Reporter()
