"""tafelselectie: choose a small, representative negotiation table of care providers.

The public API. Names are loaded on first use, so ``import tafelselectie`` (and the command
line's ``--help``) does not pay for numpy, pandas or a solver library.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "read_pool": "tafelselectie.pool",
    "Pool": "tafelselectie.pool",
    "load_criteria": "tafelselectie.criteria",
    "Criteria": "tafelselectie.criteria",
    "build_problem": "tafelselectie.problem",
    "CoverageProblem": "tafelselectie.problem",
    "select": "tafelselectie.selection",
    "explain": "tafelselectie.explain",
    "Explanation": "tafelselectie.explain",
    "SelectionResult": "tafelselectie.result",
    "Status": "tafelselectie.backends.base",
    "available_backends": "tafelselectie.backends",
    "table_violations": "tafelselectie.validate",
    "is_table": "tafelselectie.validate",
    "generate_region": "tafelselectie.generate",
    "lottery": "tafelselectie.lottery",
    "Lottery": "tafelselectie.lottery",
    "read_history": "tafelselectie.rotation",
    "HistoryEntry": "tafelselectie.rotation",
    "simulate_rotation": "tafelselectie.simulate",
    "convert_sortition": "tafelselectie.sortition",
    "compare_scenarios": "tafelselectie.scenarios",
    "build_report": "tafelselectie.report",
    "Report": "tafelselectie.report",
    "Workflow": "tafelselectie.workflow",
    "TafelselectieError": "tafelselectie.errors",
    "InputError": "tafelselectie.errors",
    "PoolError": "tafelselectie.errors",
    "CriteriaError": "tafelselectie.errors",
    "InfeasibleError": "tafelselectie.errors",
    "SolverError": "tafelselectie.errors",
    "BackendUnavailableError": "tafelselectie.errors",
    "NoSolutionError": "tafelselectie.errors",
    "Problem": "tafelselectie.errors",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    __version__: str
    from tafelselectie.backends import available_backends
    from tafelselectie.backends.base import Status
    from tafelselectie.criteria import Criteria, load_criteria
    from tafelselectie.errors import (
        BackendUnavailableError,
        CriteriaError,
        InfeasibleError,
        InputError,
        NoSolutionError,
        PoolError,
        Problem,
        SolverError,
        TafelselectieError,
    )
    from tafelselectie.explain import Explanation, explain
    from tafelselectie.generate import generate_region
    from tafelselectie.lottery import Lottery, lottery
    from tafelselectie.pool import Pool, read_pool
    from tafelselectie.problem import CoverageProblem, build_problem
    from tafelselectie.report import Report, build_report
    from tafelselectie.result import SelectionResult
    from tafelselectie.rotation import HistoryEntry, read_history
    from tafelselectie.scenarios import compare_scenarios
    from tafelselectie.selection import select
    from tafelselectie.simulate import simulate_rotation
    from tafelselectie.sortition import convert_sortition
    from tafelselectie.validate import is_table, table_violations
    from tafelselectie.workflow import Workflow


class _Package(types.ModuleType):
    """The package module, keeping its public names when a submodule of the same name loads.

    Importing ``tafelselectie.lottery`` (the module) makes Python set the package attribute
    ``lottery`` to that module, which would hide the function ``tafelselectie.lottery``
    (likewise ``explain``). The public API is the function: the module stays reachable through
    ``sys.modules`` and ``from tafelselectie.lottery import ...``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # From the installed package's metadata, so pyproject.toml is the one place it is set;
        # looked up on first use, not at import.
        from importlib.metadata import version

        globals()["__version__"] = version("tafelselectie")
        return globals()["__version__"]
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tafelselectie' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (loaded or not), so completion in Jupyter and ``dir()`` show them."""
    return sorted(set(__all__) | set(globals()))
