"""Why no table exists: cheap arithmetic checks first, then a minimal conflicting set.

:func:`solve_or_diagnose` is the lexicographic solve with this policy around it: the cheap
checks before any solve, and on a proven infeasibility the conflict and the smallest relaxation
within what is left of the time limit (at most 30 s each).

The cheap checks name the usual causes directly (a required value too few providers have, more
included providers than a maximum allows, ...). When they find nothing and the solver proves
infeasibility, a deletion filter finds a minimal set of requirements that cannot all hold: drop
each requirement in turn and keep it dropped if the rest is still infeasible.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from tafelselectie.backends.base import Backend, SolverModel, Status
from tafelselectie.errors import InfeasibleError, Problem
from tafelselectie.io.values import check_time_limit
from tafelselectie.solve.formulation import build_model
from tafelselectie.solve.model import Handover, Solution, solve_problem
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.requirements import (
    BY_CHANGE,
    KINDS,
    Requirement,
    Slack,
    all_requirements,
    describe_requirement,
)
from tafelselectie.solve.split import SplitByCounts

# Explaining infeasibility gets what is left of the time limit, and at most this long per step.
DIAGNOSIS_SECONDS = 30.0


def solve_or_diagnose(
    problem: CoverageProblem,
    backend: Backend,
    time_limit: float | None = None,
    *,
    skip_tie_break: bool = False,
    handovers: Mapping[str, Handover] | None = None,
    stage_backends: Mapping[str, Backend] | None = None,
    split: SplitByCounts | None = None,
) -> Solution:
    """:func:`~tafelselectie.solve.model.solve_problem`, and when no table exists an
    :class:`InfeasibleError` with the reasons and the smallest relaxation."""
    time_limit = check_time_limit(time_limit)
    started = time.perf_counter()

    def budget() -> float:
        if time_limit is None:
            return DIAGNOSIS_SECONDS
        return min(max(time_limit - (time.perf_counter() - started), 0.001), DIAGNOSIS_SECONDS)

    quick = quick_diagnosis(problem)
    if quick:
        raise InfeasibleError(quick, relaxation(problem, backend, budget()) or ())
    try:
        return solve_problem(
            problem,
            backend,
            time_limit,
            skip_tie_break=skip_tie_break,
            handovers=handovers,
            stage_backends=stage_backends,
            split=split,
        )
    except InfeasibleError:
        reasons = conflict_diagnosis(problem, backend, budget())
        raise InfeasibleError(reasons, relaxation(problem, backend, budget()) or ()) from None


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


def conflict_requirements(
    problem: CoverageProblem, backend: Backend, time_limit: float | None = 30.0
) -> list[Requirement] | None:
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


@dataclass(frozen=True)
class Suggestion:
    """One change to the criteria; all suggestions of a relaxation together make it feasible."""

    # lower_min | raise_max | raise_seats_max | lower_seats_min | drop_include | allow_one_per |
    # allow_term | lower_continuity (rotation)
    kind: str
    target: str  # cell key, "seats", provider id or "column=value"
    current: int | float | None  # a count, or a share for a volume share
    proposed: int | float | None

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
    """The weighted-smallest set of changes that makes a table possible, the same on every
    backend, or None when the solver finds none in time.

    Every bound of every requirement gets a slack variable (its kind's
    :meth:`~tafelselectie.solve.requirements.RequirementKind.slacks`): ``sum x + s >= min``,
    ``sum x - t <= max``, ``x_i + d_i >= 1`` for an include, ``sum_g x - u_g <= 1`` for a one_per
    group; the weighted sum of slacks is minimised. A slack of ``k`` on a minimum becomes "lower
    the minimum from m to m - k".

    Several sets of changes can be equally cheap, and which one a solver returns depends on its
    path. Among them the answer is the lexicographically smallest vector of slacks in the order of
    :data:`~tafelselectie.solve.requirements.KINDS` and their instances (the order of the criteria):
    the earliest requirement that can stay as written does. That is exact and unique: with the
    weighted total fixed at its minimum, each slack in turn is minimised with the earlier ones
    fixed; a slack that is already 0 needs no solve, so this takes one solve more than there are
    changed slacks. When the time runs out before that is proven, the cheapest set found so far is
    returned (it still makes a table possible).
    """
    deadline = None if time_limit is None else time.perf_counter() + time_limit

    def remaining() -> float | None:
        return None if deadline is None else max(deadline - time.perf_counter(), 0.001)

    model = backend.create()
    model.add_binaries(problem.n_providers)
    meaning: dict[int, Slack] = {}
    for kind in KINDS:
        for index in kind.instances(problem):
            for slack in kind.slacks(problem, index):
                variable = model.add_integers(1, max(slack.capacity, 0))
                meaning[variable] = slack
                sign = 1 if slack.sense == "min" else -1
                lower = slack.bound if slack.sense == "min" else None
                upper = slack.bound if slack.sense == "max" else None
                model.add_constraint(
                    [*slack.variables, variable],
                    [*slack.coefficients, sign * slack.step],
                    lower,
                    upper,
                )
    if not meaning:
        return []
    variables = list(meaning)
    weights = [meaning[v].weight for v in variables]
    model.set_objective(variables, weights, maximise=False)
    outcome = model.solve(remaining())
    if outcome.values is None:
        return None
    amounts = [round(float(outcome.values[v])) for v in variables]
    if outcome.status is Status.OPTIMAL:
        amounts = _smallest_first(model, variables, weights, amounts, remaining)
    out: list[Suggestion] = []
    for variable, amount in zip(variables, amounts, strict=True):
        if amount > 0:
            slack = meaning[variable]
            out.append(
                Suggestion(slack.change, slack.target, slack.current, slack.proposed(amount))
            )
    return out


def _smallest_first(
    model: SolverModel,
    variables: list[int],
    weights: list[int],
    amounts: list[int],
    remaining: Callable[[], float | None],
) -> list[int]:
    """The lexicographically smallest slack vector of minimal weighted total, from ``amounts``
    (an optimal one). Stops with the best found when a solve is not proven in time."""
    total = sum(w * a for w, a in zip(weights, amounts, strict=True))
    model.add_constraint(variables, weights, None, total)
    for position, variable in enumerate(variables):
        if amounts[position] > 0:
            model.set_objective([variable], [1], maximise=False)
            outcome = model.solve(remaining())
            if outcome.status is not Status.OPTIMAL or outcome.values is None:
                return amounts
            amounts = [round(float(outcome.values[v])) for v in variables]
        # the smallest this slack can be, given the earlier ones: keep it there
        model.add_constraint([variable], [1], None, amounts[position])
    return amounts


def apply_suggestions(problem: CoverageProblem, suggestions: list[Suggestion]) -> CoverageProblem:
    """``problem`` with the suggested changes made (to check that they make it feasible)."""
    for s in suggestions:
        problem = BY_CHANGE[s.kind].relax(problem, s.kind, s.target, s.proposed)
    return problem
