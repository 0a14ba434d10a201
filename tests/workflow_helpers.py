"""A small region for the workflow tests: 8 providers, 2 municipalities, two table periods."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from tafelselectie.workflow import Workflow, load_agreement

PROVIDERS = [f"P0{i}" for i in range(1, 9)]
MUNICIPALITIES = ["Aalwijk", "Beekstede"]
A, B = (f"gemeente:{m}" for m in MUNICIPALITIES)
FIRST_HALF = (dt.date(2026, 1, 1), dt.date(2026, 6, 30), ["P01", "P02", "P03"])
SECOND_HALF = (dt.date(2026, 7, 1), dt.date(2026, 12, 31), ["P03", "P04", "P05"])
REACTION_DAYS = 14


def write_region(directory: Path) -> Path:
    """The basisovereenkomst TOML and its provider file; returns the TOML's path."""
    pool = directory / "aanbieders.csv"
    lines = ["id,naam"] + [f"{p},Aanbieder {p}" for p in PROVIDERS]
    pool.write_text("\n".join(lines) + "\n", encoding="utf-8")
    agreement = directory / "basisovereenkomst.toml"
    agreement.write_text(
        'name = "Basisovereenkomst Testregio"\n'
        "start = 2026-01-01\n"
        f"municipalities = {MUNICIPALITIES!r}\n".replace("'", '"')
        + 'providers = "aanbieders.csv"\n'
        + f"reaction_period_days = {REACTION_DAYS}\n"
        + "min_meetings_per_year = 9\n",
        encoding="utf-8",
    )
    return agreement


def seated_workflow(directory: Path, name: str = "tafel.db") -> Workflow:
    """A workflow with the basisovereenkomst and both table periods recorded on 2026-01-01."""
    workflow = Workflow.open(directory / name)
    workflow.init(load_agreement(write_region(directory)))
    for start, end, members in (FIRST_HALF, SECOND_HALF):
        selection = {"selected": members, "peildatum": start.isoformat(), "status": "optimal"}
        workflow.seat_table(A, selection, start, end, on=dt.date(2026, 1, 1))
    return workflow


def raw_rows(path: Path) -> list[tuple[object, ...]]:
    """Every stored event row, read with plain sqlite3 (to compare before and after)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT * FROM events ORDER BY seq").fetchall()
    finally:
        connection.close()
