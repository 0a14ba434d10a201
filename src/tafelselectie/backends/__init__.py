"""Backends by name. Solver libraries are imported only when a backend is created."""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

from tafelselectie.backends.base import Backend, SolveOutcome, SolverModel, Status
from tafelselectie.errors import BackendUnavailableError

if TYPE_CHECKING:
    from tafelselectie.solve.problem import CoverageProblem

__all__ = [
    "DEFAULT_BACKEND",
    "KNOWN_BACKENDS",
    "SOLVER_BACKENDS",
    "Backend",
    "SolveOutcome",
    "SolverModel",
    "Status",
    "available_backends",
    "get_backend",
]

# name -> (module, class, the libraries it needs)
_REGISTRY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "cpsat": ("tafelselectie.backends.cpsat", "CpSatBackend", ("ortools",)),
    "cbc": ("tafelselectie.backends.pulp", "CbcBackend", ("pulp",)),
    "highs": ("tafelselectie.backends.highs", "HighsBackend", ("highspy",)),
}
SOLVER_BACKENDS = tuple(_REGISTRY)
KNOWN_BACKENDS = ("auto", *SOLVER_BACKENDS)
# `auto` matches or beats the best single backend on every measured family (benchmarks/RESULTS.md)
DEFAULT_BACKEND = "auto"


def _missing(libraries: tuple[str, ...]) -> str | None:
    for library in libraries:
        if importlib.util.find_spec(library) is None:
            return library
    return None


def available_backends() -> tuple[str, ...]:
    """The backends whose solver libraries are installed (found without importing them)."""
    solvers = tuple(n for n, (_, _, needs) in _REGISTRY.items() if _missing(needs) is None)
    return ("auto", *solvers) if solvers else ()


def get_backend(name: str = DEFAULT_BACKEND, problem: CoverageProblem | None = None) -> Backend:
    """The backend called ``name``; ``auto`` picks one for ``problem`` (see backends/auto.py).

    Raises :class:`BackendUnavailableError`, listing the available backends, when the name is
    unknown or its solver library is not installed.
    """
    if name == "auto":
        from tafelselectie.backends.auto import choose

        for candidate in choose(problem):
            if _missing(_REGISTRY[candidate][2]) is None:
                return get_backend(candidate)
        raise BackendUnavailableError(name, (), "backend_no_solver")
    if name not in _REGISTRY:
        raise BackendUnavailableError(name, available_backends(), "backend_unknown")
    module_name, class_name, needs = _REGISTRY[name]
    missing = _missing(needs)
    if missing is not None:
        raise BackendUnavailableError(name, available_backends(), "backend_not_installed", missing)
    module = importlib.import_module(module_name)
    backend: Backend = getattr(module, class_name)()
    return backend
