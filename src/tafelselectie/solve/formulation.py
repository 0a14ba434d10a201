"""The formulation of a table as rows of the backend interface: one binary per provider and the
rows of every requirement (:mod:`tafelselectie.solve.requirements`). Written once; the
lexicographic solve (:mod:`tafelselectie.solve.model`) and the infeasibility diagnosis
(:mod:`tafelselectie.solve.diagnose`) both build on it, so neither needs the other's module to
state what a table is.
"""

from __future__ import annotations

from tafelselectie.backends.base import Backend, SolverModel
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.requirements import Requirement, add_requirements, all_requirements

__all__ = ["Requirement", "all_requirements", "build_model"]


def build_model(
    problem: CoverageProblem, backend: Backend, requirements: list[Requirement] | None = None
) -> SolverModel:
    """The base model: one binary per provider and the requirements (default: all of them)."""
    model = backend.create()
    model.add_binaries(problem.n_providers)
    chosen = requirements if requirements is not None else all_requirements(problem)
    add_requirements(problem, model, chosen)
    return model
