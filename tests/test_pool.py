"""Reading pools (spec section 1): formats, delimiters, BOM, peildatum, list cells, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tafelselectie import PoolError, read_pool
from tafelselectie.criteria import PoolSettings
from tafelselectie.io.pool import resolve

SETTINGS = PoolSettings()


def write(tmp_path: Path, text: str, name: str = "pool.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected_from_the_header(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["id", "naam", "doelgroepen"]) + "\n"
    text += delimiter.join(
        ["P1", "Een", '"jeugd;ouderen"' if delimiter == ";" else "jeugd;ouderen"]
    )
    pool = read_pool(write(tmp_path, text + "\n"))
    assert pool.columns == ("id", "naam", "doelgroepen")
    assert pool.rows[0] == ("P1", "Een", "jeugd;ouderen")


def test_bom_and_header_names_are_trimmed_and_case_insensitive(tmp_path: Path) -> None:
    pool = read_pool(write(tmp_path, "\ufeff ID ,Naam\nP1,Een\n"))
    assert pool.column_index("id") == 0
    assert pool.column_index("NAAM ") == 1


def test_ids_are_strings(tmp_path: Path) -> None:
    pool = read_pool(write(tmp_path, "id\n007\n7\n"))
    active = resolve(pool, SETTINGS, None)
    assert active.ids == ("007", "7")


def test_empty_rows_are_ignored_and_row_numbers_kept(tmp_path: Path) -> None:
    pool = read_pool(write(tmp_path, "id,x\n\nP1,1\n,\nP2,2\n"))
    assert [r[0] for r in pool.rows] == ["P1", "P2"]
    assert pool.row_numbers == (3, 5)


def test_peildatum_takes_latest_row_on_or_before(tmp_path: Path) -> None:
    text = (
        "id,peildatum,omzet\n"
        "P1,2025-01-01,100\n"
        "P1,2026-01-01,200\n"
        "P1,2026-06-01,300\n"
        "P2,2026-02-01,5\n"
        "P3,2024-12-31,7\n"
    )
    active = resolve(read_pool(write(tmp_path, text)), SETTINGS, dt.date(2026, 1, 1))
    assert active.ids == ("P1", "P3")
    column = active.pool.column_index("omzet")
    assert column is not None
    assert active.cells(column) == ["200", "7"]


def test_same_id_and_date_is_an_error(tmp_path: Path) -> None:
    text = "id,peildatum\nP1,2025-01-01\nP1,2025-01-01\n"
    with pytest.raises(PoolError) as info:
        resolve(read_pool(write(tmp_path, text)), SETTINGS, dt.date(2026, 1, 1))
    message = str(info.value)
    assert "row 3" in message and "row 2" in message and "P1" in message


def test_bad_date_names_row_and_column(tmp_path: Path) -> None:
    text = "id,peildatum\nP1,2025-01-01\nP2,01-02-2025\n"
    with pytest.raises(PoolError) as info:
        resolve(read_pool(write(tmp_path, text)), SETTINGS, dt.date(2026, 1, 1))
    assert "row 3, column 'peildatum'" in str(info.value)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("01-02-2025", "2025-02-01"),
        ("1-2-2025", "2025-02-01"),
        ("31/12/2025", "2025-12-31"),
        ("1.2.2025", "2025-02-01"),
        ("30-02-2025", None),  # no such day
        ("12-31-2025", None),  # month first: no 31st month, so no hint
        ("1-2/2025", None),  # mixed separators
        ("2025-1-1", None),
    ],
)
def test_day_first_date_is_refused_with_its_iso_form(
    tmp_path: Path, written: str, iso: str | None
) -> None:
    """A Dutch spreadsheet writes dates day first; the message shows the date as the pool must
    have it, and the date is never read that way."""
    path = write(tmp_path, f"id,peildatum\nP1,2025-01-01\nP2,{written}\n")
    with pytest.raises(PoolError) as info:
        resolve(read_pool(path), SETTINGS, dt.date(2026, 1, 1))
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (3, "peildatum")
    if iso is None:
        assert problem.code == "pool_bad_date"
    else:
        assert problem.code == "pool_day_first_date"
        assert info.value.render("nl") == [
            f"{path}, rij 3, kolom 'peildatum': '{written}' is geen datum in de vorm "
            f"JJJJ-MM-DD; gelezen als dag-maand-jaar is het '{iso}': schrijf dat"
        ]


def test_date_column_needs_a_peildatum(tmp_path: Path) -> None:
    with pytest.raises(PoolError, match="peildatum"):
        resolve(read_pool(write(tmp_path, "id,peildatum\nP1,2025-01-01\n")), SETTINGS, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("naam\nEen\n", "column 'id': column not found"),
        ("id\nP1\nP1\n", "row 3, column 'id': id 'P1' also appears in row 2"),
        ("id,x\nP1,1\n ,2\n", "row 3, column 'id': the id is empty"),
    ],
)
def test_identity_errors(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(PoolError) as info:
        resolve(read_pool(write(tmp_path, text)), SETTINGS, None)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"id\x00\x01\x02", "binary data"),
        (b"\xd0\xcf\x11\xe0rest", ".xls"),
        (b"id,naam\n\xff\xfe\n", "not UTF-8"),
        (b"PK\x03\x04broken", "cannot read the workbook"),
        (b"id,x\nP1,1,2\n", "row 2: the row has 3 fields but the header only 2"),
        (b"id\n", "no provider rows"),
        (b'id,x\nP1,"open\n', "CSV syntax error"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "pool.csv"
    path.write_bytes(content)
    with pytest.raises(PoolError) as info:
        read_pool(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PoolError, match="file not found"):
        read_pool(tmp_path / "nope.csv")


def test_xlsx_first_sheet_numbers_and_dates(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "peildatum", "omzet", "doelgroepen"])
    sheet.append(["007", dt.datetime(2026, 1, 1), 1234.5, "jeugd; ouderen"])
    sheet.append([7, dt.date(2025, 1, 1), 100, None])
    other = workbook.create_sheet("ignored")
    other.append(["not", "this"])
    path = tmp_path / "pool.xlsx"
    workbook.save(path)
    pool = read_pool(path)
    assert pool.columns == ("id", "peildatum", "omzet", "doelgroepen")
    assert pool.rows[0] == ("007", "2026-01-01", "1234.5", "jeugd; ouderen")
    assert pool.rows[1] == ("7", "2025-01-01", "100", None)


def test_dataframe_lists_numbers_and_missing_values() -> None:
    frame = pd.DataFrame(
        {
            "id": ["P1", "P2"],
            "doelgroepen": [["jeugd", "ouderen"], None],
            "omzet": [1.0, float("nan")],
        }
    )
    pool = read_pool(frame)
    assert pool.rows[0] == ("P1", ("jeugd", "ouderen"), "1")
    assert pool.rows[1] == ("P2", None, None)
