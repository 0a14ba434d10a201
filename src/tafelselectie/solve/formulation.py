"""The formulation of a table as rows of the backend interface: one binary per provider and one
row (or fixed variable) per requirement. Written once; the lexicographic solve
(:mod:`tafelselectie.solve.model`) and the infeasibility diagnosis
(:mod:`tafelselectie.solve.diagnose`) both build on it, so neither needs the other's module to
state what a table is.
"""

from __future__ import annotations

import numpy as np

from tafelselectie.backends.base import Backend, SolverModel
from tafelselectie.solve.problem import CoverageProblem

# ("cell", j) | ("seats", 0) | ("include", i) | ("one_per", g) | ("blocked", i) | ("continuity", 0)
Requirement = tuple[str, int]


def all_requirements(problem: CoverageProblem) -> list[Requirement]:
    """Every requirement of a table, each of which can be left out when diagnosing."""
    out: list[Requirement] = [("seats", 0)]
    out += [("cell", j) for j, cell in enumerate(problem.cells) if _cell_binds(problem, j)]
    out += [("include", i) for i in problem.include]
    out += [("one_per", g) for g in range(len(problem.groups))]
    out += [("blocked", i) for i in problem.blocked]
    if problem.keep_min > 0:
        out.append(("continuity", 0))
    return out


def _cell_binds(problem: CoverageProblem, j: int) -> bool:
    cell = problem.cells[j]
    members = int(problem.incidence[:, j].sum())
    return cell.min > 0 or (cell.max is not None and cell.max < members)


def build_model(
    problem: CoverageProblem, backend: Backend, requirements: list[Requirement] | None = None
) -> SolverModel:
    """The base model: one binary per provider and the requirements (default: all of them)."""
    model = backend.create()
    n = problem.n_providers
    model.add_binaries(n)
    for kind, index in requirements if requirements is not None else all_requirements(problem):
        if kind == "cell":
            cell = problem.cells[index]
            members = problem.members(index)
            model.add_constraint(members, np.ones(len(members), np.int64), cell.min, cell.max)
        elif kind == "seats":
            lower = problem.seats_exact if problem.seats_exact is not None else problem.seats_min
            upper = problem.seats_exact if problem.seats_exact is not None else problem.seats_max
            if lower > 0 or upper is not None:
                model.add_constraint(np.arange(n), np.ones(n, np.int64), lower or None, upper)
        elif kind == "include":
            model.fix(index, 1)
        elif kind == "one_per":
            members_tuple = problem.groups[index].members
            model.add_constraint(members_tuple, [1] * len(members_tuple), None, 1)
        elif kind == "blocked":
            model.fix(index, 0)
        elif kind == "continuity":
            model.add_constraint(problem.keep, [1] * len(problem.keep), problem.keep_min, None)
    return model
