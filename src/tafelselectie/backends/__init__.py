"""Backends by name. Solver libraries are imported only when a backend is created."""

from __future__ import annotations

import importlib
import importlib.util

from tafelselectie.backends.base import Backend, SolveOutcome, SolverModel, Status
from tafelselectie.errors import BackendUnavailableError

__all__ = [
    "DEFAULT_BACKEND",
    "KNOWN_BACKENDS",
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
    "highs": ("tafelselectie.backends.pulp", "HighsBackend", ("pulp", "highspy")),
}
KNOWN_BACKENDS = tuple(_REGISTRY)
DEFAULT_BACKEND = "cpsat"


def _missing(libraries: tuple[str, ...]) -> str | None:
    for library in libraries:
        if importlib.util.find_spec(library) is None:
            return library
    return None


def available_backends() -> tuple[str, ...]:
    """The backends whose solver libraries are installed (found without importing them)."""
    return tuple(name for name, (_, _, needs) in _REGISTRY.items() if _missing(needs) is None)


def get_backend(name: str = DEFAULT_BACKEND) -> Backend:
    """The backend called ``name``.

    Raises :class:`BackendUnavailableError`, listing the available backends, when the name is
    unknown or its solver library is not installed.
    """
    if name not in _REGISTRY:
        raise BackendUnavailableError(name, available_backends(), "unknown backend")
    module_name, class_name, needs = _REGISTRY[name]
    missing = _missing(needs)
    if missing is not None:
        raise BackendUnavailableError(name, available_backends(), f"{missing} is not installed")
    module = importlib.import_module(module_name)
    backend: Backend = getattr(module, class_name)()
    return backend
