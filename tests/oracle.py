"""A brute-force reading of spec section 4 for small problems: every subset is tried.

It shares nothing with the model but the coverage problem itself, so agreement between the two
is evidence that the model and its clever tie-break mean what the spec says.
"""

from __future__ import annotations

import itertools

import numpy as np

from tafelselectie.problem import CoverageProblem


def valid_tables(
    problem: CoverageProblem, fixed: dict[int, int] | None = None
) -> list[frozenset[int]]:
    n = problem.n_providers
    assert n <= 14, "brute force is for small problems"
    if n == 0:
        masks = np.zeros((1, 0), dtype=np.int64)
    else:
        masks = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int64)
    counts = masks @ problem.incidence.astype(np.int64)
    ok = np.ones(len(masks), dtype=bool)
    for j, cell in enumerate(problem.cells):
        ok &= counts[:, j] >= cell.min
        if cell.max is not None:
            ok &= counts[:, j] <= cell.max
    seats = masks.sum(axis=1)
    if problem.seats_exact is not None:
        ok &= seats == problem.seats_exact
    ok &= seats >= problem.seats_min
    if problem.seats_max is not None:
        ok &= seats <= problem.seats_max
    for i in problem.include:
        ok &= masks[:, i] == 1
    for i, value in (fixed or {}).items():
        ok &= masks[:, i] == value
    for group in problem.groups:
        ok &= masks[:, list(group.members)].sum(axis=1) <= 1
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
