"""The example region: reproducible from the generator, realistic in shape, solved validly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tafelselectie import Status, generate_region, read_pool
from tafelselectie.io.generate import EXAMPLES, to_csv_text
from tests.helpers import checked_select


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_are_what_the_generator_makes(data_dir: Path, name: str) -> None:
    spec = EXAMPLES[name]
    frame = generate_region(int(spec["n"]), int(spec["seed"]), history=bool(spec["history"]))
    assert (data_dir / f"{name}.csv").read_text(encoding="utf-8") == to_csv_text(frame)


def test_xlsx_holds_the_same_table_as_the_csv(data_dir: Path) -> None:
    csv_pool = read_pool(data_dir / "regio-voorbeeld.csv")
    xlsx_pool = read_pool(data_dir / "regio-voorbeeld.xlsx")
    assert csv_pool.columns == xlsx_pool.columns
    assert csv_pool.rows == xlsx_pool.rows


def test_region_shape_is_realistic() -> None:
    frame = generate_region(170, 2026)
    revenue = np.sort(frame["omzet"].to_numpy())[::-1]
    holders = int(np.argmax(np.cumsum(revenue) > revenue.sum() / 2)) + 1
    assert holders < 10, "fewer than ten providers hold more than half of the market"
    breadth = frame["locaties"].str.count(";") + frame["doelgroepen"].str.count(";")
    biggest = frame["omzet"].nlargest(10).index
    assert breadth[biggest].mean() > 2 * breadth.mean()
    assert frame["naam"].is_unique and frame["id"].is_unique


@pytest.mark.cpsat
def test_example_region_selection(data_dir: Path) -> None:
    criteria = data_dir / "criteria-2026.toml"
    from_csv = checked_select(data_dir / "regio-voorbeeld.csv", criteria)
    from_xlsx = checked_select(data_dir / "regio-voorbeeld.xlsx", criteria)
    assert from_csv.selected == from_xlsx.selected
    assert from_csv.status is Status.OPTIMAL
    assert 150 <= from_csv.problem.n_providers <= 190
    assert from_csv.seats <= 35
    # providers that start after the peildatum are not in the pool
    assert not any(i.startswith("N") for i in from_csv.problem.ids)


@pytest.mark.cpsat
def test_small_example(data_dir: Path) -> None:
    result = checked_select(data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml")
    assert result.status is Status.OPTIMAL
    frame = result.to_frame()
    assert list(frame["id"]) == list(result.selected)
    coverage = result.coverage_frame()
    assert (coverage["seats"] >= coverage["min"]).all()
