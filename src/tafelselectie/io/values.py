"""How values from pools and criteria are compared: one place, so every layer agrees."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from fractions import Fraction

# A cell of a pool: a string as written, a tuple of strings (a list-valued cell from a DataFrame),
# or None for an empty cell.
Cell = str | tuple[str, ...] | None

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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


def _number_text(cell: Cell) -> str | None:
    """The plain decimal text of a pool cell (a decimal comma made a point), or None."""
    if cell is None or isinstance(cell, tuple):
        return None
    text = cell.strip()
    if "," in text:
        if "." in text or text.count(",") != 1:
            return None
        text = text.replace(",", ".")
    return text if _NUMBER.fullmatch(text) else None


def parse_number(cell: Cell) -> float | None:
    """A finite number from a pool cell, accepting a decimal comma (spec 2.2); None if not one.

    ``float()`` alone would also accept ``1_000``, ``nan`` and ``inf``; a pool value like that is
    far more likely a data error than meant, so only plain decimal notation is read.
    """
    text = _number_text(cell)
    if text is None:
        return None
    value = float(text)
    return value if math.isfinite(value) else None


# Numbers written with thousands separators, as a spreadsheet formats them for people: Dutch
# (2.884.000,50) and English (2,884,000.50). The pool grammar does not read them (a lone "1.000"
# is one, and "1,000" one point nought), but a message can show the number without them.
_GROUPED = (
    re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"),
    re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"),
)


def without_grouping(cell: Cell) -> str | None:
    """``cell`` without its thousands separators when it is a number written with them and the
    pool grammar does not read it as written (``"2.884.000,50"`` -> ``"2884000,50"``); else
    None. Only for the message that refuses it: the value is never read this way."""
    if not isinstance(cell, str) or _number_text(cell) is not None:
        return None
    text = cell.strip()
    for pattern, separator in zip(_GROUPED, (".", ","), strict=True):
        if pattern.fullmatch(text):
            return text.replace(separator, "")
    return None


def parse_exact(cell: Cell) -> Fraction | None:
    """The exact decimal a pool cell holds (spec 6.4), by the grammar of :func:`parse_number`:
    ``"1234,56"`` is exactly 123456/100, with no binary rounding on the way."""
    text = _number_text(cell)
    return None if text is None else Fraction(text)


def exact_fraction(number: float) -> Fraction:
    """A TOML number as the shortest decimal text that reads back as it (spec 6.4): ``0.1`` is
    exactly one tenth, not the binary double nearest to it."""
    return Fraction(repr(float(number)))


def parse_iso_date(cell: Cell | object) -> dt.date | None:
    """A strict ``YYYY-MM-DD`` date, or None: the one date grammar of the package.

    Every date a person types or a file holds (pools, criteria, history files, the workflow's
    ``--on``, ``--from``, ``--until`` and ``--date``) is read by this function. Python's
    ``date.fromisoformat`` alone would also take ``20260101`` and ``2026-W01-1``, which no one
    means in a pool or on the command line and which the criteria refuse.
    """
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# A date written day first, as a Dutch spreadsheet writes it (1-1-2026, 01/01/2026, 1.1.2026).
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")


def day_first_as_iso(cell: Cell | object) -> str | None:
    """``cell`` as ``YYYY-MM-DD`` when it is a valid date written day-month-year
    (``"1-2-2026"`` -> ``"2026-02-01"``); else None. Only for the message that refuses it: a
    pool's date is never read this way (``1-2-2026`` is 2 January to a reader in the US)."""
    if not isinstance(cell, str):
        return None
    match = _DAY_FIRST.fullmatch(cell.strip())
    if match is None:
        return None
    day, _, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def format_number(value: float) -> str:
    """A number as text the way a CSV export writes it: integers without ``.0``."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))


# ---------------------------------------------------------------------------------------------
# Arguments of the API and the command line that every layer checks the same way

MAX_LOTS = 10_000
"""The most numbered lots a lottery is rounded into. A physical draw uses hundreds or thousands
of lots; rounding error already falls below 1/10,000 per table at this count, and every lot is
one entry in the sealed portfolio, so more lots only make files no one can draw from by hand."""


def check_time_limit(value: object, key: str = "time_limit") -> float | None:
    """``value`` as a positive, finite number of seconds (None: no limit).

    A NaN or infinite limit would reach the solvers, which read it in different ways (CBC's stop
    then looked like a proof of infeasibility); it is refused here, once, for every backend.
    Raises :class:`~tafelselectie.errors.UsageError` naming ``key``.
    """
    from tafelselectie.errors import Problem, UsageError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(Problem("usage_time_limit", {"value": repr(value)}, key=key))
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise UsageError(Problem("usage_time_limit", {"value": repr(value)}, key=key))
    return seconds


def check_lots(value: object, key: str = "lots") -> int | None:
    """``value`` as a number of lots in ``1..MAX_LOTS`` (None: no rounding into lots).

    Raises :class:`~tafelselectie.errors.UsageError` naming ``key`` and the cap.
    """
    from tafelselectie.errors import Problem, UsageError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LOTS:
        raise UsageError(
            Problem("usage_lots", {"value": repr(value), "maximum": MAX_LOTS}, key=key)
        )
    return value


# ---------------------------------------------------------------------------------------------
# Text in spreadsheets and CSV files the package writes

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet program read a cell as a formula (OWASP, CSV injection)."""


def is_formula_like(value: object) -> bool:
    """Whether ``value`` is text that a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: object) -> object:
    """``value`` for a CSV file someone may open in a spreadsheet: text that starts with a
    formula character gets a leading apostrophe, as OWASP advises, so it is shown as text and
    never run. Numbers and other text are unchanged; JSON and HTML keep the text as it is."""
    if is_formula_like(value):
        return "'" + str(value)
    return value
