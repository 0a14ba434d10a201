"""The tables optimal for steps 1-3 of the contract as a model: what explanations count and the
lottery draws from."""

from __future__ import annotations

from typing import Any

import numpy as np

from tafelselectie.backends.base import Backend
from tafelselectie.solve.formulation import build_model
from tafelselectie.solve.problem import CoverageProblem


class OptimalTables:
    """The tables optimal for steps 1-3 (cost at most the optimum, score at least the best) as
    a model, for feasibility questions (``solves`` counts them); also used by the lottery."""

    def __init__(self, problem: CoverageProblem, backend: Backend, cost: int, score: int) -> None:
        self.problem = problem
        self.backend = backend
        self.cost = cost
        self.score = score
        self.solves = 0

    def model(self, fixed: dict[int, int], solver: Backend | None = None) -> Any:
        problem = self.problem
        n = problem.n_providers
        model = build_model(problem, solver or self.backend)
        model.add_constraint(np.arange(n), problem.costs, None, self.cost)
        if problem.has_scores:
            model.add_constraint(np.arange(n), problem.scores, self.score, None)
        for index, value in fixed.items():
            model.fix(index, value)
        return model
