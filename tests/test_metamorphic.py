"""Changes that must not change the answer: row order, spelling of values, file format."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tafelselectie import generate_region
from tafelselectie.io.generate import to_csv_text, write_xlsx
from tests.helpers import checked_select

pytestmark = pytest.mark.cpsat

CRITERIA: dict[str, Any] = {
    "peildatum": "2026-01-01",
    "seats": {"max": 30},
    "dimension": [
        {"name": "resultaatgebied", "column": "resultaatgebieden"},
        {"name": "doelgroep", "column": "doelgroepen", "min": {"jeugd": 2}},
        {
            "name": "omvang",
            "column": "omzet",
            "quantiles": [0.5, 0.9],
            "labels": ["klein", "middel", "groot"],
        },
        {"name": "locatie", "column": "locaties"},
    ],
    "joint": [{"dimensions": ["resultaatgebied", "omvang"]}],
    "expertise": {"weights": {"dementie": 3, "lvb": 2.5, "trauma": 1}, "extra_seats": 1},
    "constraints": {"one_per": ["concern"]},
}


@pytest.fixture(scope="module")
def region() -> pd.DataFrame:
    return generate_region(80, seed=7, history=True)


@pytest.fixture(scope="module")
def baseline(region: pd.DataFrame) -> tuple[str, ...]:
    return checked_select(region, CRITERIA).selected


def test_row_order_does_not_matter(region: pd.DataFrame, baseline: tuple[str, ...]) -> None:
    for seed in (1, 2):
        shuffled = region.sample(frac=1.0, random_state=seed).reset_index(drop=True)
        assert checked_select(shuffled, CRITERIA).selected == baseline


def respell(value: object) -> object:
    if not isinstance(value, str) or not value or value[:1].isdigit():
        return value
    parts = value.split(";")
    return ";".join(
        f"  {p.upper()}  " if k % 2 else p.title().replace(" ", "   ") for k, p in enumerate(parts)
    )


def test_case_and_whitespace_of_values_do_not_matter(
    region: pd.DataFrame, baseline: tuple[str, ...]
) -> None:
    changed = region.copy()
    for column in ("resultaatgebieden", "doelgroepen", "locaties", "expertise", "concern"):
        changed[column] = changed[column].map(respell)
    changed.columns = [f" {c.upper()} " for c in changed.columns]
    assert checked_select(changed, CRITERIA).selected == baseline


def test_csv_xlsx_and_dataframe_agree(
    tmp_path: Path, region: pd.DataFrame, baseline: tuple[str, ...]
) -> None:
    comma = tmp_path / "pool.csv"
    comma.write_text(to_csv_text(region), encoding="utf-8")
    semicolon = tmp_path / "pool-semicolon.csv"
    semicolon.write_text("\ufeff" + to_csv_text(region, delimiter=";"), encoding="utf-8")
    tab = tmp_path / "pool.tsv"
    tab.write_text(to_csv_text(region, delimiter="\t").replace("\n", "\r\n"), encoding="utf-8")
    workbook = tmp_path / "pool.xlsx"
    write_xlsx(region, workbook)
    for path in (comma, semicolon, tab, workbook):
        assert checked_select(path, CRITERIA).selected == baseline, path.name


def test_decimal_commas_read_as_numbers(
    tmp_path: Path, region: pd.DataFrame, baseline: tuple[str, ...]
) -> None:
    changed = region.copy()
    changed["omzet"] = changed["omzet"].map(lambda v: f"{v},0")
    path = tmp_path / "pool.csv"
    path.write_text(to_csv_text(changed, delimiter=";"), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))
    assert rows[1][6].endswith(",0")
    assert checked_select(path, CRITERIA).selected == baseline


def test_unused_columns_and_extra_empty_rows_do_not_matter(
    region: pd.DataFrame, baseline: tuple[str, ...]
) -> None:
    changed = region.copy()
    changed["opmerking"] = "iets"
    empty = pd.DataFrame([{c: None for c in changed.columns}])
    changed = pd.concat([empty, changed, empty], ignore_index=True)
    assert checked_select(changed, CRITERIA).selected == baseline
