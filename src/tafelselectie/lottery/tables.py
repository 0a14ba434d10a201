"""The valid tables of a lottery, found with our ILP: the oracle "the best table for these
weights", which providers sit in some valid table (and why the others sit in none), and which
sit in every valid table (and why). :mod:`tafelselectie.lottery.leximin` builds on it."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from tafelselectie.backends.base import Backend, SolverModel, Status
from tafelselectie.errors import NoSolutionError, Problem
from tafelselectie.solve.formulation import build_model
from tafelselectie.solve.optimal import OptimalTables
from tafelselectie.solve.problem import SCORE_SCALE, CoverageProblem


@dataclass(frozen=True)
class Unreachable:
    """A provider that sits in no valid table, and why."""

    id: str
    reason: Problem


@dataclass(frozen=True)
class Forced:
    """A provider in every valid table: its probability is 1 by necessity, above any cap."""

    id: str
    reason: Problem


class TableOracle:
    """Valid tables of the lottery's size from the ILP: "the best table for these weights"."""

    def __init__(
        self, problem: CoverageProblem, backend: Backend, seats: int, min_score: int, cost: int
    ) -> None:
        self.problem = problem
        self.backend = backend
        self.seats = seats
        self.min_score = min_score
        self.cost = cost
        self.solves = 0
        self.model = self.sized_model()

    def sized_model(self, score_floor: bool = True) -> SolverModel:
        """Every requirement, exactly the lottery's seats, at most the optimal cost and (with
        ``score_floor``) at least the lottery's minimum expertise score."""
        problem = self.problem
        n = problem.n_providers
        everyone = np.arange(n)
        model = build_model(problem, self.backend)
        model.add_constraint(everyone, np.ones(n, np.int64), self.seats, self.seats)
        if problem.has_scores and score_floor:
            model.add_constraint(everyone, problem.scores, self.min_score, None)
        if not problem.unit_costs:
            model.add_constraint(everyone, problem.costs, None, self.cost)
        return model

    def best(self, weights: np.ndarray, deadline: float | None) -> frozenset[int]:
        """The valid table with the largest sum of ``weights`` (integers) over its members."""
        n = self.problem.n_providers
        self.model.set_objective(np.arange(n), weights.astype(np.int64), maximise=True)
        remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.001)
        outcome = self.model.solve(remaining)
        self.solves += 1
        if outcome.values is None:
            raise NoSolutionError(Problem("lottery_stopped_without_table"))
        return frozenset(int(i) for i in np.flatnonzero(outcome.values[:n]))


def fewest_seats_among_optimal(
    problem: CoverageProblem, backend: Backend, cost: int, best: int, seats: int
) -> int:
    """With provider costs, tables optimal for steps 1-3 may differ in size; the lottery uses
    the smallest size, so that it does not depend on which optimal table a solver found."""
    n = problem.n_providers
    model = OptimalTables(problem, backend, cost, best).model({})
    model.set_objective(np.arange(n), np.ones(n, np.int64), maximise=False)
    outcome = model.solve(None)
    if outcome.values is None:
        return seats
    return int(outcome.values[:n].sum())


def reachability(
    oracle: TableOracle, witness: np.ndarray, deadline: float | None
) -> tuple[list[int], list[frozenset[int]]]:
    """Providers in at least one valid table, and the tables that show it."""
    n = oracle.problem.n_providers
    first = frozenset(int(i) for i in np.flatnonzero(witness))
    if len(first) != oracle.seats:  # with costs, optimal tables differ in size
        first = oracle.best(np.zeros(n, dtype=np.int64), deadline)
    portfolio = [first]
    seen = set(first)
    while len(seen) < n:
        weights = np.array([0 if i in seen else 1 for i in range(n)], dtype=np.int64)
        table = oracle.best(weights, deadline)
        new = table - seen
        if not new:
            break  # the best table has no unseen provider: none of them is in any valid table
        portfolio.append(table)
        seen |= new
    return sorted(seen), portfolio


def why_unreachable(
    problem: CoverageProblem, backend: Backend, oracle: TableOracle, reachable: list[int]
) -> tuple[Unreachable, ...]:
    """Why each provider outside ``reachable`` is in no valid table.

    One model of the lottery's size without the expertise floor answers, per provider, "the best
    score of a table with it" (maximise ``score + big * x_i``: the big weight puts it in whenever
    some table of this size can hold it). Only providers that no table of this size can hold need
    a second solve: the fewest seats of any table with them.
    """
    out: list[Unreachable] = []
    inside = set(reachable)
    blocked = set(problem.blocked)
    n = problem.n_providers
    everyone = np.arange(n)
    sized = oracle.sized_model(score_floor=False)
    big = int(np.clip(problem.scores, 0, None).sum()) + 1
    for i in range(n):
        if i in inside:
            continue
        identifier = problem.ids[i]
        if i in blocked:
            reason = Problem("lottery_blocked", {"terms": problem.blocked_terms})
            out.append(Unreachable(identifier, reason))
            continue
        weights = problem.scores.astype(np.int64).copy()
        weights[i] += big
        sized.set_objective(everyone, weights, maximise=True)
        outcome = sized.solve(30.0)
        if outcome.values is not None and outcome.values[i]:
            score = int(problem.scores @ outcome.values[:n].astype(np.int64))
            reason = Problem(
                "lottery_less_expertise",
                {"score": score / SCORE_SCALE, "required": oracle.min_score / SCORE_SCALE},
            )
            out.append(Unreachable(identifier, reason))
            continue
        model = build_model(problem, backend)
        model.fix(i, 1)
        model.set_objective(everyone, problem.costs, maximise=False)
        outcome = model.solve(30.0)
        if outcome.status is Status.INFEASIBLE or outcome.values is None:
            out.append(Unreachable(identifier, Problem("lottery_no_table")))
            continue
        fewest = int(outcome.values[:n].sum())
        if fewest > oracle.seats:
            reason = Problem("lottery_more_seats", {"seats": fewest, "size": oracle.seats})
        else:
            reason = Problem("lottery_size_conflict", {"size": oracle.seats})
        out.append(Unreachable(identifier, reason))
    return tuple(out)


def in_every_table(
    oracle: TableOracle,
    reachable: list[int],
    portfolio: list[frozenset[int]],
    deadline: float | None,
) -> list[int]:
    """The reachable providers in every valid table. A provider missing from some table of the
    portfolio is not; for the others the oracle is asked for the best table without them (weight
    -1 on that provider alone), and a table it returns joins the portfolio."""
    n = oracle.problem.n_providers
    candidates = [i for i in reachable if all(i in table for table in portfolio)]
    out = []
    for i in candidates:
        if any(i not in table for table in portfolio):
            continue  # a table found for an earlier candidate already shows it
        weights = np.zeros(n, dtype=np.int64)
        weights[i] = -1
        table = oracle.best(weights, deadline)
        if i in table:
            out.append(i)
        else:
            portfolio.append(table)
    return out


def why_forced(problem: CoverageProblem, i: int) -> Problem:
    """Why provider ``i`` is in every valid table, as far as one rule says it."""
    if i in problem.include:
        return Problem("lottery_forced_included")
    for j, cell in enumerate(problem.cells):
        members = problem.members(j)
        if cell.min > 0 and len(members) <= cell.min and i in members:
            return Problem("lottery_forced_cell", {"cell": cell.key, "count": len(members)})
    return Problem("lottery_forced")
