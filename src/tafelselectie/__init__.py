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
    "read_pool": "tafelselectie.io.pool",
    "Pool": "tafelselectie.io.pool",
    "load_criteria": "tafelselectie.criteria",
    "Criteria": "tafelselectie.criteria",
    "build_problem": "tafelselectie.solve.build",
    "CoverageProblem": "tafelselectie.solve.problem",
    "select": "tafelselectie.solve.selection",
    "explain": "tafelselectie.analysis.explain",
    "Explanation": "tafelselectie.analysis.explain",
    "SelectionResult": "tafelselectie.solve.result",
    "Status": "tafelselectie.backends.base",
    "available_backends": "tafelselectie.backends",
    "table_violations": "tafelselectie.solve.check",
    "is_table": "tafelselectie.solve.check",
    "generate_region": "tafelselectie.io.generate",
    "lottery": "tafelselectie.lottery.leximin",
    "Lottery": "tafelselectie.lottery.leximin",
    "draw": "tafelselectie.lottery.draw",
    "Draw": "tafelselectie.lottery.draw",
    "read_portfolio": "tafelselectie.lottery.draw",
    "verify": "tafelselectie.lottery.draw",
    "coverage_per_cell": "tafelselectie.analysis.figures",
    "band_margin": "tafelselectie.analysis.margin",
    "read_history": "tafelselectie.solve.rotation",
    "HistoryEntry": "tafelselectie.solve.rotation",
    "simulate_rotation": "tafelselectie.analysis.simulate",
    "convert_sortition": "tafelselectie.io.sortition",
    "compare_scenarios": "tafelselectie.analysis.scenarios",
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
    from tafelselectie.analysis.explain import Explanation, explain
    from tafelselectie.analysis.figures import coverage_per_cell
    from tafelselectie.analysis.margin import band_margin
    from tafelselectie.analysis.scenarios import compare_scenarios
    from tafelselectie.analysis.simulate import simulate_rotation
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
    from tafelselectie.io.generate import generate_region
    from tafelselectie.io.pool import Pool, read_pool
    from tafelselectie.io.sortition import convert_sortition
    from tafelselectie.lottery.draw import Draw, draw, read_portfolio, verify
    from tafelselectie.lottery.leximin import Lottery, lottery
    from tafelselectie.report import Report, build_report
    from tafelselectie.solve.build import build_problem
    from tafelselectie.solve.check import is_table, table_violations
    from tafelselectie.solve.problem import CoverageProblem
    from tafelselectie.solve.result import SelectionResult
    from tafelselectie.solve.rotation import HistoryEntry, read_history
    from tafelselectie.solve.selection import select
    from tafelselectie.workflow import Workflow


class _Package(types.ModuleType):
    """The package module, keeping its public names when a submodule of the same name loads.

    Importing ``tafelselectie.lottery.leximin`` (the module) makes Python set the package attribute
    ``lottery`` to that module, which would hide the function ``tafelselectie.lottery.leximin``
    (likewise ``explain``). The public API is the function: the module stays reachable through
    ``sys.modules`` and ``from tafelselectie.lottery.leximin import ...``.
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
