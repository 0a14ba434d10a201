"""The lottery: the valid tables (tables), leximin probabilities over them with optional caps
(leximin), the sealed portfolio and its public draw (draw), the files' schemas (schema)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Lottery", "draw", "leximin", "lottery", "read_portfolio", "seal", "verify"]

_NAMES = {
    "Lottery": "tafelselectie.lottery.leximin",
    "lottery": "tafelselectie.lottery.leximin",
    "seal": "tafelselectie.lottery.draw",
    "read_portfolio": "tafelselectie.lottery.draw",
    "verify": "tafelselectie.lottery.draw",
}

if TYPE_CHECKING:
    from tafelselectie.lottery.draw import read_portfolio, seal, verify
    from tafelselectie.lottery.leximin import Lottery, lottery


def __getattr__(name: str) -> Any:
    """Loaded on first use: reading a portfolio needs no numpy or solver interface."""
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'tafelselectie.lottery' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
