"""Reading pools: CSV (``,``/``;``/TAB, with or without BOM), ``.xlsx`` and pandas DataFrames.

A :class:`Pool` is the table as read, every cell kept as text so that ``007`` stays ``007``.
:func:`resolve` then applies the criteria's ``[pool]`` settings and peildatum (spec 1.2, 1.3) and
gives the :class:`ActivePool`: one row per provider, ids ascending.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.errors import PoolError, Problem, UsageError, present
from tafelselectie.io.values import (
    Cell,
    day_first_as_iso,
    format_number,
    normalise_column,
    parse_iso_date,
)

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.criteria import PoolSettings

_DELIMITERS = (",", ";", "\t")  # on a tie in the header line, the earlier one wins
_SEPARATOR_HINT = re.compile(r"sep=(.)", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class Pool:
    """A pool table as read: header names (trimmed) and rows of text cells.

    ``row_numbers`` are the rows as a spreadsheet or text editor shows them (header = row 1 when
    it is the first line), used in every message about a row.
    """

    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]
    # SHA-256 of the bytes these rows were read from (None for a DataFrame): the input hash of
    # reports and portfolios, from this very read rather than a second one
    sha256: str | None = None

    def column_index(self, name: str) -> int | None:
        """Index of the column called ``name`` (trimmed, case ignored), or None."""
        wanted = normalise_column(name)
        for index, column in enumerate(self.columns):
            if normalise_column(column) == wanted:
                return index
        return None

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, eq=False)
class ActivePool:
    """The providers in the pool at the peildatum: one row each, ids ascending (code points)."""

    pool: Pool
    ids: tuple[str, ...]
    row_of: tuple[int, ...]  # index into pool.rows for each provider
    ids_in_file: frozenset[str]
    peildatum: dt.date | None

    @property
    def source(self) -> str:
        return self.pool.source

    def cells(self, column_index: int) -> list[Cell]:
        """The cells of one column, one per provider, in provider order."""
        rows = self.pool.rows
        return [rows[r][column_index] for r in self.row_of]

    def row_number(self, provider: int) -> int:
        return self.pool.row_numbers[self.row_of[provider]]


# ---------------------------------------------------------------------------------------------
# Reading


def read_pool(source: str | Path | pd.DataFrame) -> Pool:
    """Read a pool from a CSV or ``.xlsx`` path, or from a pandas DataFrame.

    Raises :class:`~tafelselectie.errors.PoolError` naming the file and row for anything that
    cannot be read.
    """
    if isinstance(source, (str, Path)):
        return _read_path(Path(source))
    return _read_dataframe(source)


def _read_path(path: Path) -> Pool:
    import dataclasses

    from tafelselectie.io.files import read_bytes, sha256_of

    data, problem = read_bytes(path)
    if data is None:
        raise PoolError([present(problem, "the reading problem")])
    pool = _read_bytes(data, str(path))
    return dataclasses.replace(pool, sha256=sha256_of(data))


def _read_bytes(data: bytes, name: str) -> Pool:
    from tafelselectie.io.files import decode_text

    if not data.strip():
        raise PoolError([Problem("file_empty", source=name)])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PoolError([Problem("file_xls", source=name)])
    text, problem = decode_text(data, name, "csv")
    if text is None:
        raise PoolError([present(problem, "the decoding problem")])
    if not text.strip():
        raise PoolError([Problem("file_empty", source=name)])
    return _read_csv_text(text, name)


def _detect_delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            counts = [line.count(d) for d in _DELIMITERS]
            return _DELIMITERS[counts.index(max(counts))]
    return ","


def _excel_separator_hint(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=;`` first line: the delimiter it names, and the text after that line.

    Excel writes it (and reads it) to say which delimiter the file uses; it is not a header.
    Row numbers stay those of the file, so the header is then row 2."""
    first, newline, rest = text.partition("\n")
    hint = _SEPARATOR_HINT.fullmatch(first.rstrip("\r"))
    if hint is None:
        return None, text
    return hint.group(1), "\n" + rest if newline else ""


def _read_csv_text(text: str, name: str) -> Pool:
    delimiter, body = _excel_separator_hint(text)
    if delimiter is None:
        delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    # The csv module refuses fields over 128 KiB by default. The whole file is already in
    # memory, so no field can be longer than the text: allow that much while reading this file.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, min(len(body) + 1, sys.maxsize)))
    try:
        for fields in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            records.append((start, fields))
    except csv.Error as exc:
        raise PoolError(
            [Problem("csv_syntax", {"reason": str(exc)}, source=name, row=reader.line_num)]
        ) from None
    finally:
        csv.field_size_limit(limit)
    raw = [(number, [_text_cell(f) for f in fields]) for number, fields in records]
    return _build_pool(name, raw)


def _text_cell(field: str) -> Cell:
    return field if field.strip() else None


def _read_xlsx(data: bytes, name: str) -> Pool:
    """The first worksheet of a workbook (spec 1.1), read with calamine.

    calamine (Rust, through python-calamine) reads a 100,000-row pool in about 2 s where
    openpyxl takes about 30 s (benchmarks/RESULTS.md); it reads the values a spreadsheet shows
    (cached formula results), like openpyxl's ``data_only``. Rows are read from A1 on
    (``skip_empty_area=False``), so row numbers are those the spreadsheet shows.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            meta.name for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise PoolError([Problem("pool_no_header", source=name)])
        raw = _sheet_rows(workbook, sheets[0])
        if not any(any(f is not None for f in fields) for _, fields in raw):
            for other in sheets[1:]:
                if any(
                    any(f is not None for f in fields) for _, fields in _sheet_rows(workbook, other)
                ):
                    problem = Problem(
                        "xlsx_first_sheet_empty", {"sheet": sheets[0], "other": other}, source=name
                    )
                    raise PoolError([problem])
    except PoolError:
        raise
    except Exception as exc:  # calamine raises several types for a damaged or locked file
        raise PoolError([Problem("xlsx_unreadable", {"reason": str(exc)}, source=name)]) from None
    return _build_pool(name, raw)


def _has_data(raw: list[tuple[int, list[Cell]]]) -> bool:
    return any(any(f is not None for f in fields) for _, fields in raw)


def _sheet_rows(workbook: Any, sheet: str) -> list[tuple[int, list[Cell]]]:
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return [
        (number, [_excel_cell(v) for v in values]) for number, values in enumerate(rows, start=1)
    ]


def _excel_cell(value: Any) -> Cell:
    """An Excel value as the text a CSV export of it would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return format_number(value)
    text = str(value)
    return text if text.strip() else None


def _read_dataframe(frame: pd.DataFrame) -> Pool:
    name = "<DataFrame>"
    if not hasattr(frame, "columns") or not hasattr(frame, "itertuples"):
        raise UsageError(Problem("usage_pool_type", {"type": type(frame).__name__}, key="pool"))
    columns = [str(c) for c in frame.columns]
    raw: list[tuple[int, list[Cell]]] = [(1, list(columns))]
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        raw.append((position + 2, [_python_cell(v) for v in values]))
    return _build_pool(name, raw)


def _python_cell(value: Any) -> Cell:
    """A DataFrame value as pool text; lists, tuples and sets become list-valued cells."""
    if isinstance(value, (list, tuple, set, frozenset)) or type(value).__name__ == "ndarray":
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        converted = [_python_cell(v) for v in items]
        texts = tuple(c for c in converted if isinstance(c, str))
        return texts or None
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        with contextlib.suppress(TypeError, ValueError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime) or type(value).__name__ == "Timestamp":
        return _excel_cell(value.to_pydatetime() if hasattr(value, "to_pydatetime") else value)
    return _excel_cell(value)


def _build_pool(name: str, raw: Sequence[tuple[int, Sequence[Cell]]]) -> Pool:
    """Header, rows and row numbers from raw records; fully empty rows are skipped (spec 1.1)."""
    records = [(n, fields) for n, fields in raw if any(f is not None for f in fields)]
    if not records:
        raise PoolError([Problem("file_empty", source=name)])
    header_row, header_fields = records[0]
    header = [("" if f is None else str(f)).strip() for f in header_fields]
    body = records[1:]
    problems: list[Problem] = []

    width = len(header)
    while (
        width
        and not header[width - 1]
        and not any(len(f) >= width and f[width - 1] is not None for _, f in body)
    ):
        width -= 1  # trailing unnamed, empty columns (a trailing delimiter) carry nothing
    keep: list[int] = []
    for index in range(width):
        if header[index]:
            keep.append(index)
        elif any(len(f) > index and f[index] is not None for _, f in body):
            problems.append(
                Problem("pool_blank_header", {"position": index + 1}, source=name, row=header_row)
            )
    seen: dict[str, list[int]] = {}
    for index in keep:
        seen.setdefault(normalise_column(header[index]), []).append(index + 1)
    for positions in seen.values():
        if len(positions) > 1:
            problems.append(
                Problem(
                    "pool_duplicate_column",
                    {"positions": ", ".join(map(str, positions))},
                    source=name,
                    row=header_row,
                    column=header[positions[0] - 1],
                )
            )
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for number, fields in body:
        extra = [f for f in fields[width:] if f is not None]
        if extra:
            found = max(i for i, f in enumerate(fields) if f is not None) + 1
            problems.append(
                Problem(
                    "pool_extra_fields",
                    {"found": found, "expected": width},
                    source=name,
                    row=number,
                )
            )
            continue
        rows.append(tuple(fields[i] if i < len(fields) else None for i in keep))
        numbers.append(number)
    if problems:
        raise PoolError(problems)
    if not rows:
        raise PoolError([Problem("pool_no_rows", source=name)])
    return Pool(
        source=name,
        columns=tuple(header[i] for i in keep),
        rows=tuple(rows),
        row_numbers=tuple(numbers),
    )


# ---------------------------------------------------------------------------------------------
# Resolving: id column, peildatum


def resolve(pool: Pool, settings: PoolSettings, peildatum: dt.date | None) -> ActivePool:
    """One row per provider: the id column checked, the peildatum applied (spec 1.2, 1.3).

    Raises :class:`PoolError` for a missing id column, blank or duplicate ids, bad dates, or a
    date column without a peildatum in the criteria.
    """
    name = pool.source
    id_index = pool.column_index(settings.id_column)
    if id_index is None:
        raise PoolError(
            [
                Problem(
                    "pool_missing_column",
                    {"available": ", ".join(pool.columns)},
                    source=name,
                    column=settings.id_column,
                )
            ]
        )
    date_index = pool.column_index(settings.date_column)
    if date_index is None and settings.date_column_explicit:
        raise PoolError(
            [
                Problem(
                    "pool_missing_column",
                    {"available": ", ".join(pool.columns)},
                    source=name,
                    column=settings.date_column,
                )
            ]
        )
    problems: list[Problem] = []
    if date_index is not None and peildatum is None:
        problems.append(
            Problem("pool_needs_peildatum", source=name, column=pool.columns[date_index])
        )
    id_column = pool.columns[id_index]
    chosen: dict[str, tuple[dt.date | None, int]] = {}  # id -> (date, row index)
    seen_date: dict[tuple[str, dt.date | None], int] = {}
    ids_in_file: set[str] = set()
    for r, row in enumerate(pool.rows):
        number = pool.row_numbers[r]
        cell = row[id_index]
        if isinstance(cell, tuple):
            problems.append(
                Problem("pool_list_cell", {"value": list(cell)}, name, number, id_column)
            )
            continue
        identifier = (cell or "").strip()
        if not identifier:
            problems.append(Problem("pool_blank_id", source=name, row=number, column=id_column))
            continue
        ids_in_file.add(identifier)
        date: dt.date | None = None
        if date_index is not None:
            date = parse_iso_date(row[date_index])
            if date is None:
                code = "pool_bad_date" if row[date_index] is not None else "pool_missing_date"
                written = {"value": row[date_index] or ""}
                iso = day_first_as_iso(row[date_index])
                if iso is not None:
                    code, written = "pool_day_first_date", {**written, "iso": iso}
                problems.append(
                    Problem(
                        code,
                        written,
                        source=name,
                        row=number,
                        column=pool.columns[date_index],
                    )
                )
                continue
        key = (identifier, date)
        if key in seen_date:
            other = pool.row_numbers[seen_date[key]]
            code = "pool_duplicate_id" if date is None else "pool_duplicate_id_date"
            params: dict[str, object] = {"id": identifier, "other_row": other}
            if date is not None:
                params["date"] = date.isoformat()
            problems.append(Problem(code, params, source=name, row=number, column=id_column))
            continue
        seen_date[key] = r
        if date is not None and peildatum is not None and date > peildatum:
            continue
        best = chosen.get(identifier)
        if best is None or (date is not None and best[0] is not None and date > best[0]):
            chosen[identifier] = (date, r)
    if problems:
        raise PoolError(problems)
    ids = tuple(sorted(chosen))
    return ActivePool(
        pool=pool,
        ids=ids,
        row_of=tuple(chosen[i][1] for i in ids),
        ids_in_file=frozenset(ids_in_file),
        peildatum=peildatum,
    )
