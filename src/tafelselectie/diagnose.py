"""Why no table exists: cheap arithmetic checks first, then a minimal conflicting set.

The cheap checks name the usual causes directly (a required value too few providers have, more
included providers than a maximum allows, ...). When they find nothing and the solver proves
infeasibility, a deletion filter finds a minimal set of requirements that cannot all hold: drop
each requirement in turn and keep it dropped if the rest is still infeasible.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from tafelselectie.backends.base import Backend, Status
from tafelselectie.errors import Problem
from tafelselectie.problem import CoverageProblem


def _fmt(bound: int | None) -> str:
    return "-" if bound is None else str(bound)


def quick_diagnosis(problem: CoverageProblem) -> list[Problem]:
    """Reasons that follow from counting alone; empty when none is found."""
    out: list[Problem] = []
    ids = problem.ids
    n = problem.n_providers
    upper = problem.seats_exact if problem.seats_exact is not None else problem.seats_max
    lower = problem.seats_exact if problem.seats_exact is not None else problem.seats_min
    included = np.zeros(n, dtype=bool)
    included[list(problem.include)] = True

    if lower > n:
        out.append(Problem("infeasible_seats_min", {"min": lower, "available": n}))
    if upper is not None and len(problem.include) > upper:
        out.append(
            Problem("infeasible_include_seats", {"count": len(problem.include), "max": upper})
        )
    for group in problem.groups:
        inside = [i for i in group.members if included[i]]
        if len(inside) > 1:
            out.append(
                Problem(
                    "infeasible_include_one_per",
                    {
                        "ids": ", ".join(ids[i] for i in inside),
                        "column": group.column,
                        "value": group.value,
                    },
                )
            )
    by_column: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for group in problem.groups:
        by_column[group.column].append(group.members)

    for j, cell in enumerate(problem.cells):
        members = problem.members(j)
        if cell.min > len(members):
            out.append(
                Problem(
                    "infeasible_cell_too_few",
                    {"cell": cell.key, "min": cell.min, "members": len(members)},
                )
            )
            excluded = problem.excluded_cells.get(cell.key, ())
            if excluded:
                out.append(
                    Problem(
                        "infeasible_cell_excluded", {"cell": cell.key, "ids": ", ".join(excluded)}
                    )
                )
            continue
        if upper is not None and cell.min > upper:
            out.append(
                Problem(
                    "infeasible_cell_over_seats", {"cell": cell.key, "min": cell.min, "max": upper}
                )
            )
        if cell.max is not None:
            inside = [i for i in members if included[i]]
            if len(inside) > cell.max:
                out.append(
                    Problem(
                        "infeasible_include_cell_max",
                        {
                            "ids": ", ".join(ids[i] for i in inside),
                            "count": len(inside),
                            "cell": cell.key,
                            "max": cell.max,
                        },
                    )
                )
        member_set = set(int(i) for i in members)
        for column, groups in by_column.items():
            # Each one_per value seats at most one provider, so a cell can get at most its
            # providers outside every group plus the number of groups its providers are in.
            touched = [g for g in groups if member_set.intersection(g)]
            in_groups = set().union(*(set(g) for g in touched)) if touched else set()
            capacity = len(member_set - in_groups) + len(touched)
            if cell.min > capacity:
                out.append(
                    Problem(
                        "infeasible_one_per_cell",
                        {
                            "cell": cell.key,
                            "min": cell.min,
                            "members": len(member_set),
                            "groups": capacity,
                            "column": column,
                        },
                    )
                )
    return out


def describe_requirement(problem: CoverageProblem, kind: str, index: int) -> Problem:
    if kind == "cell":
        cell = problem.cells[index]
        return Problem("req_cell", {"cell": cell.key, "min": cell.min, "max": _fmt(cell.max)})
    if kind == "seats":
        low = problem.seats_exact if problem.seats_exact is not None else problem.seats_min
        high = problem.seats_exact if problem.seats_exact is not None else problem.seats_max
        return Problem("req_seats", {"min": low, "max": _fmt(high)})
    if kind == "include":
        return Problem("req_include", {"id": problem.ids[index]})
    group = problem.groups[index]
    return Problem("req_one_per", {"column": group.column, "value": group.value})


def conflict_requirements(
    problem: CoverageProblem, backend: Backend, time_limit: float | None = 30.0
) -> list[tuple[str, int]] | None:
    """A minimal set of requirements that cannot all hold (deletion filter), or None when the
    time runs out first."""
    from tafelselectie.model import all_requirements, build_model

    deadline = None if time_limit is None else time.perf_counter() + time_limit
    kept = all_requirements(problem)
    position = 0
    while position < len(kept):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        trial = kept[:position] + kept[position + 1 :]
        model = build_model(problem, backend, trial)
        remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.001)
        outcome = model.solve(remaining)
        if outcome.status is Status.INFEASIBLE:
            kept = trial  # still infeasible without it: it is not needed for the conflict
        elif outcome.status is Status.UNKNOWN:
            return None
        else:
            position += 1
    return kept


def conflict_diagnosis(
    problem: CoverageProblem, backend: Backend, time_limit: float | None = 30.0
) -> list[Problem]:
    """Reasons for a proven infeasibility, for messages and JSON."""
    limit = 30.0 if time_limit is None else min(time_limit, 30.0)
    kept = conflict_requirements(problem, backend, limit)
    if not kept:
        return [Problem("infeasible_unknown")]
    requirements = tuple(describe_requirement(problem, kind, index) for kind, index in kept)
    return [Problem("infeasible_conflict", {"requirements": requirements})]
