"""Peers: the plain solvers with a textbook covering model, written directly against each library.

    min sum_j c_j x_j   s.t.   sum_{j covers i} x_j >= m_i for every row i,   x binary

with ``m_i`` the cell's minimum (1 in OR-Library). Only the minimums: a region's one_per groups,
maximums and later stages are left out, so on a region the textbook minimum is a lower bound of
ours and its time that of stage 1 of a simpler model.

No tafelselectie code is involved after reading the instance, so the benchmark table shows what
our model, backend layer and parameter choices add or save. Each runner returns
(objective, status, build seconds, solve seconds).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from tafelselectie.solve.problem import CoverageProblem

PeerResult = tuple[float | None, str, float, float]


def cpsat_default(problem: CoverageProblem, time_limit: float) -> PeerResult:
    """CP-SAT with its default parameters (all workers it chooses, default linearization)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{j}") for j in range(problem.n_providers)]
    for i in range(problem.n_cells):
        members = [x[j] for j in np.flatnonzero(problem.incidence[:, i])]
        if problem.cells[i].min == 1:
            model.add_bool_or(members)
        elif problem.cells[i].min > 1:
            model.add(sum(members) >= problem.cells[i].min)
    model.minimize(sum(int(c) * v for c, v in zip(problem.costs, x, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    built = time.perf_counter()
    code = solver.solve(model)
    solved = time.perf_counter()
    status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}.get(code, "unknown")
    objective = solver.objective_value if status != "unknown" else None
    return objective, status, built - started, solved - built


def cbc(problem: CoverageProblem, time_limit: float) -> PeerResult:
    """CBC as shipped with PuLP, default settings."""
    import warnings

    import pulp

    started = time.perf_counter()
    lp = pulp.LpProblem("scp", pulp.LpMinimize)
    x = [lp.add_variable(f"x{j}", 0, 1, cat="Binary") for j in range(problem.n_providers)]
    lp += pulp.lpSum(int(c) * v for c, v in zip(problem.costs, x, strict=True))
    for i in range(problem.n_cells):
        members = np.flatnonzero(problem.incidence[:, i])
        lp += pulp.lpSum(x[j] for j in members) >= problem.cells[i].min
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    built = time.perf_counter()
    lp.solve(solver)
    solved = time.perf_counter()
    status = {1: "optimal", 2: "feasible"}.get(lp.sol_status, "unknown")
    objective = pulp.value(lp.objective) if status != "unknown" else None
    return objective, status, built - started, solved - built


def highs(problem: CoverageProblem, time_limit: float) -> PeerResult:
    """HiGHS through highspy, the model passed as one sparse matrix, default settings."""
    import highspy

    started = time.perf_counter()
    n, m = problem.n_providers, problem.n_cells
    csc = problem.incidence.astype(np.int8)
    starts = np.concatenate([[0], np.cumsum(csc.sum(axis=1))]).astype(np.int32)
    rows = np.flatnonzero(csc.ravel()) % m
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = problem.costs.astype(float)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array([cell.min for cell in problem.cells], dtype=float)
    lp.row_upper_ = np.full(m, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(len(rows))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.passModel(lp)
    built = time.perf_counter()
    solver.run()
    solved = time.perf_counter()
    model_status = solver.getModelStatus()
    info = solver.getInfo()
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
    elif info.primal_solution_status == 2:  # a feasible point, no proof
        status = "feasible"
    else:
        status = "unknown"
    objective = info.objective_function_value if status != "unknown" else None
    return objective, status, built - started, solved - built


def warm_up(name: str) -> None:
    """Import the peer's solver library before the clock starts."""
    library = {"cpsat-default": "ortools.sat.python.cp_model", "cbc-plain": "pulp"}
    import importlib

    importlib.import_module(library.get(name, "highspy"))


PEERS: dict[str, Callable[[CoverageProblem, float], PeerResult]] = {
    "cpsat-default": cpsat_default,
    "cbc-plain": cbc,
    "highs-plain": highs,
}
