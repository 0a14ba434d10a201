"""Why no table exists: cheap arithmetic checks first, then a minimal conflicting set.

The cheap checks name the usual causes directly (a required value too few providers have, more
included providers than a maximum allows, ...). When they find nothing and the solver proves
infeasibility, a deletion filter finds a minimal set of requirements that cannot all hold: drop
each requirement in turn and keep it dropped if the rest is still infeasible.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from tafelselectie.backends.base import Backend, Status
from tafelselectie.errors import Problem
from tafelselectie.solve.formulation import all_requirements, build_model
from tafelselectie.solve.problem import CoverageProblem


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
    if upper is not None:
        out += _sum_of_minimums(problem, upper)
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


def _sum_of_minimums(problem: CoverageProblem, upper: int) -> list[Problem]:
    """Per dimension whose providers have at most one value each (size bands, single-valued
    columns), the minimums add up: one seat counts for one value only."""
    by_dimension: dict[str, list[int]] = defaultdict(list)
    for j, cell in enumerate(problem.cells):
        if cell.kind == "dimension":
            by_dimension[cell.parts[0][0]].append(j)
    out = []
    for name, columns in by_dimension.items():
        if problem.n_providers and int(problem.incidence[:, columns].sum(axis=1).max()) > 1:
            continue  # a provider with several values can fill several minimums at once
        total = sum(problem.cells[j].min for j in columns)
        if total > upper:
            out.append(
                Problem(
                    "infeasible_sum_of_minimums", {"dimension": name, "total": total, "max": upper}
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
    if kind == "blocked":
        return Problem("req_blocked", {"id": problem.ids[index], "terms": problem.blocked_terms})
    if kind == "continuity":
        return Problem("req_continuity", {"min": problem.keep_min})
    group = problem.groups[index]
    return Problem("req_one_per", {"column": group.column, "value": group.value})


def conflict_requirements(
    problem: CoverageProblem, backend: Backend, time_limit: float | None = 30.0
) -> list[tuple[str, int]] | None:
    """A minimal set of requirements that cannot all hold (deletion filter), or None when the
    time runs out first."""

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


# ---------------------------------------------------------------------------------------------
# The smallest relaxation

# Weights of one unit of each kind of relaxation: changing a count by one is the unit; allowing
# a second provider of a concern is a policy change, dropping a provider the municipality chose
# to include more so. The weights only rank suggestions; every suggestion returned is needed.
WEIGHT_BOUND = 1
WEIGHT_ONE_PER = 2
WEIGHT_INCLUDE = 3


@dataclass(frozen=True)
class Suggestion:
    """One change to the criteria; all suggestions of a relaxation together make it feasible."""

    # lower_min | raise_max | raise_seats_max | lower_seats_min | drop_include | allow_one_per |
    # allow_term | lower_continuity (rotation)
    kind: str
    target: str  # cell key, "seats", provider id or "column=value"
    current: int | None
    proposed: int | None

    def problem(self) -> Problem:
        return Problem(
            f"suggest_{self.kind}",
            {"target": self.target, "current": self.current, "proposed": self.proposed},
        )

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "change": self.kind,
            "target": self.target,
            "current": self.current,
            "proposed": self.proposed,
            "message": self.problem().render(lang),
        }


def relaxation(
    problem: CoverageProblem, backend: Backend, time_limit: float | None = 30.0
) -> list[Suggestion] | None:
    """The weighted-smallest set of changes that makes a table possible, or None when the
    solver finds none in time.

    Every bound gets a slack variable: ``sum x + s >= min``, ``sum x - t <= max``,
    ``x_i + d_i >= 1`` for an include, ``sum_g x - u_g <= 1`` for a one_per group; the weighted
    sum of slacks is minimised. A slack of ``k`` on a minimum becomes "lower the minimum from m
    to m - k".
    """
    n = problem.n_providers
    model = backend.create()
    model.add_binaries(n)
    terms: list[tuple[int, int]] = []  # (variable, weight)
    meaning: dict[
        int, tuple[str, str, int | None, int]
    ] = {}  # variable -> (kind, target, bound, sign)

    def slack(upper: int, weight: int, kind: str, target: str, bound: int | None, sign: int) -> int:
        index = model.add_integers(1, max(upper, 0))
        terms.append((index, weight))
        meaning[index] = (kind, target, bound, sign)
        return index

    for j, cell in enumerate(problem.cells):
        members = problem.members(j)
        ones = [1] * len(members)
        if cell.min > 0:
            s = slack(cell.min, WEIGHT_BOUND, "lower_min", cell.key, cell.min, -1)
            model.add_constraint([*members, s], [*ones, 1], cell.min, None)
        if cell.max is not None and cell.max < len(members):
            t = slack(len(members), WEIGHT_BOUND, "raise_max", cell.key, cell.max, +1)
            model.add_constraint([*members, t], [*ones, -1], None, cell.max)
    everyone = list(range(n))
    lower = problem.seats_exact if problem.seats_exact is not None else problem.seats_min
    upper = problem.seats_exact if problem.seats_exact is not None else problem.seats_max
    if upper is not None:
        t = slack(n, WEIGHT_BOUND, "raise_seats_max", "seats", upper, +1)
        model.add_constraint([*everyone, t], [1] * n + [-1], None, upper)
    if lower > 0:
        s = slack(lower, WEIGHT_BOUND, "lower_seats_min", "seats", lower, -1)
        model.add_constraint([*everyone, s], [1] * n + [1], lower, None)
    for i in problem.include:
        d = slack(1, WEIGHT_INCLUDE, "drop_include", problem.ids[i], None, 0)
        model.add_constraint([i, d], [1, 1], 1, None)
    for group in problem.groups:
        u = slack(
            len(group.members) - 1,
            WEIGHT_ONE_PER,
            "allow_one_per",
            f"{group.column}={group.value}",
            1,
            +1,
        )
        members_list = list(group.members)
        model.add_constraint([*members_list, u], [1] * len(members_list) + [-1], None, 1)
    for i in problem.blocked:
        d = slack(1, WEIGHT_INCLUDE, "allow_term", problem.ids[i], None, 0)
        model.add_constraint([i, d], [1, -1], None, 0)
    if problem.keep_min > 0:
        keep = list(problem.keep)
        s = slack(
            problem.keep_min, WEIGHT_BOUND, "lower_continuity", "continuity", problem.keep_min, -1
        )
        model.add_constraint([*keep, s], [1] * len(keep) + [1], problem.keep_min, None)
    if not terms:
        return []
    model.set_objective([v for v, _ in terms], [w for _, w in terms], maximise=False)
    outcome = model.solve(time_limit)
    if outcome.values is None:
        return None
    out: list[Suggestion] = []
    for index, (kind, target, bound, sign) in meaning.items():
        amount = int(outcome.values[index])
        if amount <= 0:
            continue
        proposed = None if bound is None else bound + sign * amount
        out.append(Suggestion(kind, target, bound, proposed))
    return out


def apply_suggestions(problem: CoverageProblem, suggestions: list[Suggestion]) -> CoverageProblem:
    """``problem`` with the suggested changes made (to check that they make it feasible)."""
    cells = list(problem.cells)
    by_key = {cell.key: j for j, cell in enumerate(cells)}
    seats_min, seats_max, exact = problem.seats_min, problem.seats_max, problem.seats_exact
    include = list(problem.include)
    groups = list(problem.groups)
    blocked = list(problem.blocked)
    keep_min = problem.keep_min
    for s in suggestions:
        if s.kind == "lower_min":
            j = by_key[s.target]
            cells[j] = replace(cells[j], min=int(s.proposed or 0))
        elif s.kind == "raise_max":
            j = by_key[s.target]
            cells[j] = replace(cells[j], max=s.proposed)
        elif s.kind == "raise_seats_max":
            if exact is not None:
                seats_min, exact = exact, None
            seats_max = s.proposed
        elif s.kind == "lower_seats_min":
            if exact is not None:
                seats_max, exact = exact, None
            seats_min = int(s.proposed or 0)
        elif s.kind == "drop_include":
            include = [i for i in include if problem.ids[i] != s.target]
        elif s.kind == "allow_one_per":
            groups = [g for g in groups if f"{g.column}={g.value}" != s.target]
        elif s.kind == "allow_term":
            blocked = [i for i in blocked if problem.ids[i] != s.target]
        elif s.kind == "lower_continuity":
            keep_min = int(s.proposed or 0)
    return replace(
        problem,
        cells=tuple(cells),
        seats_min=seats_min,
        seats_max=seats_max,
        seats_exact=exact,
        include=tuple(include),
        groups=tuple(groups),
        blocked=tuple(blocked),
        keep_min=keep_min,
    )
