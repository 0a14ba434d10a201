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

# name -> (module, class, the library it needs)
_REGISTRY: dict[str, tuple[str, str, str]] = {
    "cpsat": ("tafelselectie.backends.cpsat", "CpSatBackend", "ortools"),
}
KNOWN_BACKENDS = tuple(_REGISTRY)
DEFAULT_BACKEND = "cpsat"


def available_backends() -> tuple[str, ...]:
    """The backends whose solver library is installed (found without importing it)."""
    return tuple(
        name
        for name, (_, _, library) in _REGISTRY.items()
        if importlib.util.find_spec(library) is not None
    )


def get_backend(name: str = DEFAULT_BACKEND) -> Backend:
    """The backend called ``name``.

    Raises :class:`BackendUnavailableError`, listing the available backends, when the name is
    unknown or its solver library is not installed.
    """
    if name not in _REGISTRY:
        raise BackendUnavailableError(name, available_backends(), "unknown backend")
    module_name, class_name, library = _REGISTRY[name]
    if importlib.util.find_spec(library) is None:
        raise BackendUnavailableError(name, available_backends(), f"{library} is not installed")
    module = importlib.import_module(module_name)
    backend: Backend = getattr(module, class_name)()
    return backend
