"""How values from pools and criteria are compared: one place, so every layer agrees."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

# A cell of a pool: a string as written, a tuple of strings (a list-valued cell from a DataFrame),
# or None for an empty cell.
Cell = str | tuple[str, ...] | None

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def normalise(value: str) -> str:
    """Trim, collapse inner whitespace and ignore case (spec 1.4).

    ``str.casefold`` rather than ``lower`` so that e.g. German sharp s compares as "ss"; for the
    ASCII values pools hold in practice the two are the same.
    """
    return " ".join(value.split()).casefold()


def normalise_column(name: str) -> str:
    """Column names are matched after trimming and ignoring case (spec 1.1)."""
    return " ".join(name.split()).casefold()


def split_cell(cell: Cell, separator: str) -> list[str]:
    """The non-empty items of a list-valued cell, as written (trimmed, inner spaces collapsed)."""
    if cell is None:
        return []
    items: Iterable[str] = cell if isinstance(cell, tuple) else cell.split(separator)
    out = []
    for item in items:
        text = " ".join(item.split())
        if text:
            out.append(text)
    return out


def parse_number(cell: Cell) -> float | None:
    """A finite number from a pool cell, accepting a decimal comma (spec 2.2); None if not one.

    ``float()`` alone would also accept ``1_000``, ``nan`` and ``inf``; a pool value like that is
    far more likely a data error than meant, so only plain decimal notation is read.
    """
    if cell is None or isinstance(cell, tuple):
        return None
    text = cell.strip()
    if "," in text:
        if "." in text or text.count(",") != 1:
            return None
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """A number as text the way a CSV export writes it: integers without ``.0``."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))
