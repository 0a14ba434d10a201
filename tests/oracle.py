"""A brute-force reading of spec section 4 for small problems: every subset is tried.

It shares nothing with the model but the coverage problem itself, so agreement between the two
is evidence that the model and its clever tie-break mean what the spec says.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.requirements import KINDS


def _cells(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    counts = masks @ problem.incidence.astype(np.int64)
    ok = np.ones(len(masks), dtype=bool)
    for j, cell in enumerate(problem.cells):
        ok &= counts[:, j] >= cell.min
        if cell.max is not None:
            ok &= counts[:, j] <= cell.max
    return ok


def _seats(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    seats = masks.sum(axis=1)
    ok = seats >= problem.seats_min
    if problem.seats_exact is not None:
        ok &= seats == problem.seats_exact
    if problem.seats_max is not None:
        ok &= seats <= problem.seats_max
    return ok


def _include(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    return masks[:, list(problem.include)].all(axis=1)


def _one_per(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    ok = np.ones(len(masks), dtype=bool)
    for group in problem.groups:
        ok &= masks[:, list(group.members)].sum(axis=1) <= 1
    return ok


# rotation (criteria [rotation] applied to history): blocked providers sit out a term, and at
# least keep_min members of the previous table stay
def _blocked(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    return ~masks[:, list(problem.blocked)].any(axis=1)


def _continuity(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    return masks[:, list(problem.keep)].sum(axis=1) >= problem.keep_min


def _shares(problem: CoverageProblem, masks: np.ndarray) -> np.ndarray:
    """Spec 6.2/6.3 in integers of its own: every amount times the common denominator, and
    ``held / total >= min`` as ``held * min.denominator >= min.numerator * total``."""
    ok = np.ones(len(masks), dtype=bool)
    for bound in problem.shares:
        scale = math.lcm(*(a.denominator for a in bound.amounts))
        whole = np.array([int(a * scale) for a in bound.amounts], dtype=np.int64)
        held = masks[:, list(bound.members)] @ whole
        total = int(whole.sum())
        if bound.min is not None:
            ok &= held * bound.min.denominator >= bound.min.numerator * total
        if bound.max is not None:
            ok &= held * bound.max.denominator <= bound.max.numerator * total
    return ok


# The oracle's own reading of each requirement kind, written from the spec over all subsets at
# once. It is keyed by the kinds the package defines: a kind added there without a reading here
# stops the oracle (KeyError) instead of being silently ignored.
READINGS: dict[str, Callable[[CoverageProblem, np.ndarray], np.ndarray]] = {
    "cell": _cells,
    "seats": _seats,
    "include": _include,
    "one_per": _one_per,
    "blocked": _blocked,
    "continuity": _continuity,
    "share": _shares,
}


def valid_tables(
    problem: CoverageProblem, fixed: dict[int, int] | None = None
) -> list[frozenset[int]]:
    n = problem.n_providers
    assert n <= 14, "brute force is for small problems"
    if n == 0:
        masks = np.zeros((1, 0), dtype=np.int64)
    else:
        masks = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int64)
    ok = np.ones(len(masks), dtype=bool)
    for kind in KINDS:
        ok &= READINGS[kind.name](problem, masks)
    for i, value in (fixed or {}).items():
        ok &= masks[:, i] == value
    return [frozenset(np.flatnonzero(m).tolist()) for m in masks[ok]]


def optimal_tables(
    problem: CoverageProblem, fixed: dict[int, int] | None = None
) -> list[frozenset[int]]:
    """The tables optimal for stages 1-3 (empty when no table exists)."""
    tables = valid_tables(problem, fixed)
    if not tables:
        return []
    scores = problem.scores
    costs = problem.costs

    def score(t: frozenset[int]) -> int:
        return int(sum(int(scores[i]) for i in t))

    def cost(t: frozenset[int]) -> int:  # the number of seats when every cost is 1
        return int(sum(int(costs[i]) for i in t))

    if problem.seats_exact is None:
        s_star = min(cost(t) for t in tables)
        within = [t for t in tables if cost(t) <= s_star + problem.extra_seats]
    else:
        within = tables  # stage 1 is skipped: every table has the exact size
    best = max(score(t) for t in within)
    best_tables = [t for t in within if score(t) == best]
    s3 = min(cost(t) for t in best_tables)
    return [t for t in best_tables if cost(t) == s3]


def canonical_table(problem: CoverageProblem) -> tuple[str, ...] | None:
    """The answer of spec 4 as sorted ids, or None when no table exists."""
    optimal = optimal_tables(problem)
    if not optimal:
        return None
    decisions: dict[int, bool] = {}
    for provider in problem.priority:
        agreeing = [t for t in optimal if all((i in t) == v for i, v in decisions.items())]
        decisions[provider] = any(provider in t for t in agreeing)
    chosen = [i for i, keep in decisions.items() if keep]
    return tuple(sorted(problem.ids[i] for i in chosen))


def lottery_tables(problem: CoverageProblem, share: float = 1.0) -> list[frozenset[int]]:
    """The tables the lottery draws from, read straight from its definition: valid, of the
    fewest seats among the tables optimal for steps 1-3 (or ``seats.exact``), at most the
    optimal cost, and an expertise score of at least the share of the best."""
    optimal = optimal_tables(problem)
    if not optimal:
        return []
    costs = problem.costs
    scores = problem.scores

    def cost(t: frozenset[int]) -> int:
        return int(sum(int(costs[i]) for i in t))

    def score(t: frozenset[int]) -> int:
        return int(sum(int(scores[i]) for i in t))

    best = score(optimal[0])
    limit = cost(optimal[0])
    seats = min(len(t) for t in optimal)
    has_scores = bool(np.any(scores != 0))
    floor = math.ceil(best - (1.0 - share) * abs(best) - 1e-9) if has_scores else None
    return [
        t
        for t in valid_tables(problem)
        if len(t) == seats and cost(t) <= limit and (floor is None or score(t) >= floor)
    ]


def leximin_by_brute_force(
    tables: list[frozenset[int]],
    offsets: dict[int, float] | None = None,
    caps: dict[int, float] | None = None,
) -> dict[int, float]:
    """Leximin levels over *all* tables, by the textbook method: after each maximin LP, a
    provider is fixed when a second LP shows it cannot get more than the level (one LP per
    provider). Independent of the column generation and dual reasoning of the package. ``caps``
    bounds those providers' probabilities in every LP."""
    import highspy

    offsets = offsets or {}
    caps = caps or {}
    agents = sorted({i for t in tables for i in t})
    fixed: dict[int, float] = {}

    def solve(objective_agent: int | None, level: float | None) -> float:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        lam = [h.addVariable(0.0, 1.0) for _ in tables]
        z = h.addVariable(-1e9, 1e9)
        h.addConstr(sum(lam) == 1)
        for i, cap in caps.items():
            h.addConstr(sum(lam[k] for k, t in enumerate(tables) if i in t) <= cap)
        for i in agents:
            value = sum(lam[k] for k, t in enumerate(tables) if i in t) + offsets.get(i, 0.0)
            if i in fixed:
                h.addConstr(value >= fixed[i] - 1e-9)
            elif level is None:
                h.addConstr(value - z >= 0)
            else:
                h.addConstr(value >= level - 1e-9)
        if objective_agent is None:
            h.maximize(z)
        else:
            target = sum(lam[k] for k, t in enumerate(tables) if objective_agent in t)
            h.maximize(target + offsets.get(objective_agent, 0.0))
        return float(h.getInfo().objective_function_value)

    while len(fixed) < len(agents):
        level = solve(None, None)
        newly = [i for i in agents if i not in fixed and solve(i, level) <= level + 1e-7]
        assert newly, "some provider must be fixed in every round"
        for i in newly:
            fixed[i] = level
    return fixed


def lowest_highest_by_brute_force(tables: list[frozenset[int]], capped: list[int]) -> float:
    """The lowest possible highest probability among ``capped``, over all tables: one LP."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lam = [h.addVariable(0.0, 1.0) for _ in tables]
    t = h.addVariable(0.0, 1.0)
    h.addConstr(sum(lam) == 1)
    for i in capped:
        h.addConstr(sum(lam[k] for k, table in enumerate(tables) if i in table) - t <= 0)
    h.minimize(t)
    return float(h.getInfo().objective_function_value)
