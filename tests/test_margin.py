"""Stability near the band edges (explain --margin, report section): which providers lie near a
cut, which band they would fall in on the other side, and whether the table would change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tafelselectie import build_problem, build_report, select
from tafelselectie.analysis.margin import band_margin
from tafelselectie.cli.app import main
from tafelselectie.errors import UsageError

# A (99) and D (101) lie within 5% of the cut at 100; B (500) and C (50) do not. The table is
# {A, B}. With A on the other side (groot), klein needs C: the table becomes {A, C}. With D in
# klein, {A, B} still covers everything: the same table.
FRAME = pd.DataFrame(
    {
        "id": ["A", "B", "C", "D"],
        "naam": ["Aa", "Bb", "Cc", "Dd"],
        "dg": ["x;y", "x", "y", "x;y"],
        "omzet": ["99", "500", "50", "101"],
    }
)
CRITERIA: dict[str, Any] = {
    "dimension": [
        {"name": "doelgroep", "column": "dg"},
        {
            "name": "omvang",
            "column": "omzet",
            "bands": [{"label": "klein", "below": 100}, {"label": "groot"}],
        },
    ]
}


def test_a_move_across_a_cut_that_changes_the_table_is_found(backend: str) -> None:
    analysis = band_margin(FRAME, CRITERIA, 0.05, backend=backend)
    assert analysis.selected == ("A", "B")
    near = {n.id: n for n in analysis.near}
    assert set(near) == {"A", "D"}
    assert (near["A"].band, near["A"].other_band) == ("klein", "groot")
    assert near["A"].changes and near["A"].selected == ("A", "C") and near["A"].seats == 2
    assert (near["D"].band, near["D"].other_band) == ("groot", "klein")
    assert not near["D"].changes and near["D"].selected == ("A", "B")
    assert analysis.sentence("en") == "1 provider near a cut could change the table."
    # the what-if is the real thing: the moved pool, solved from scratch, gives that table
    moved = FRAME.assign(omzet=["100", "500", "50", "101"])
    assert select(moved, CRITERIA, backend=backend).selected == ("A", "C")


def test_a_smaller_margin_finds_fewer_providers() -> None:
    assert {n.id for n in band_margin(FRAME, CRITERIA, 0.005).near} == set()
    assert band_margin(FRAME, CRITERIA, 0.005).sentence("nl").startswith("Van geen enkele")
    wide = band_margin(FRAME, CRITERIA, 0.6)  # 50 is within 60% of 100 too
    assert {n.id for n in wide.near} == {"A", "C", "D"}


def test_quantile_cuts_are_held_where_they_were_computed(data_dir: Path) -> None:
    criteria = {
        **CRITERIA,
        "dimension": [
            {"name": "doelgroep", "column": "dg"},
            {"name": "omvang", "column": "omzet", "quantiles": [0.5], "labels": ["k", "g"]},
        ],
    }
    problem = build_problem(FRAME, criteria)
    analysis = band_margin(FRAME, criteria, 0.2)
    assert analysis.cuts == problem.band_cuts  # the cut as computed on this pool: 100
    assert all(n.cut == problem.band_cuts["omvang"][0] for n in analysis.near)
    assert {n.id for n in analysis.near} == {"A", "D"}


@pytest.mark.parametrize("margin", [0, 1, -0.1, 1.5, True, "0.05"])
def test_a_margin_outside_zero_to_one_is_refused(margin: Any) -> None:
    with pytest.raises(UsageError) as info:
        band_margin(FRAME, CRITERIA, margin)
    assert info.value.problems[0].key == "margin"


def test_explain_and_report_carry_the_analysis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool, criteria = tmp_path / "pool.csv", tmp_path / "criteria.toml"
    FRAME.to_csv(pool, index=False)
    criteria.write_text(
        "[[dimension]]\nname = 'doelgroep'\ncolumn = 'dg'\n"
        "[[dimension]]\nname = 'omvang'\ncolumn = 'omzet'\n"
        "bands = [{ label = 'klein', below = 100 }, { label = 'groot' }]\n",
        encoding="utf-8",
    )
    args = ["explain", str(pool), "-c", str(criteria), "--margin", "0.05"]
    assert main([*args, "--json", "-"]) == 0
    payload = json.loads(capsys.readouterr().out)["margin"]
    assert payload["changing"] == ["A"] and payload["margin"] == 0.05
    assert main([*args, "--lang", "en"]) == 0
    assert "A: omvang 99 (cut 100) klein -> groot: another table of 2 seats: A, C" in (
        capsys.readouterr().out
    )
    assert main([*args[:4], "--margin", "1.5"]) == 2
    assert "--margin" in capsys.readouterr().err
    report = build_report(pool, criteria, lang="en", margin=0.05)
    assert "margin" in report.tables()
    assert "1 provider near a cut could change the table." in report.html


def test_a_generous_limit_changes_nothing() -> None:
    """The four-provider case solves in milliseconds; 600 s cannot run out."""
    plain = band_margin(FRAME, CRITERIA, 0.05)
    limited = band_margin(FRAME, CRITERIA, 0.05, time_limit=600)
    assert limited.near == plain.near and limited.selected == plain.selected


@pytest.mark.parametrize(("answers", "how"), [(0, "no table"), (1, "no table"), (1, "unproven")])
def test_a_stopped_table_ends_the_analysis_instead_of_a_guess(
    monkeypatch: pytest.MonkeyPatch, answers: int, how: str
) -> None:
    """A what-if stopped by the limit is neither "no table" nor "the same table": before, a
    stop read as "no table". Now the analysis ends with a SolverError naming the limit."""
    import dataclasses

    import tafelselectie.analysis.margin as module
    from tafelselectie import Status
    from tafelselectie.errors import NoSolutionError, Problem, SolverError

    original = module._solve
    calls = {"n": 0}

    def solve(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= answers:
            return original(*args)
        if how == "no table":
            raise NoSolutionError(Problem("no_solution_in_time", {"seconds": 600}))
        return dataclasses.replace(original(*args), status=Status.FEASIBLE)

    monkeypatch.setattr(module, "_solve", solve)
    with pytest.raises(SolverError) as info:
        band_margin(FRAME, CRITERIA, 0.05, time_limit=600)
    (problem,) = info.value.problems
    assert problem.code == "margin_time_limit" and problem.params == {"seconds": 600.0}


def test_explain_gives_the_margin_what_is_left_of_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """One limit for the whole command: the margin analysis after the explanation gets the
    rest of it, not a limit of its own."""
    import tafelselectie.analysis.margin as module

    seen: list[float | None] = []
    original = module.band_margin

    def band_margin_spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("time_limit"))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "band_margin", band_margin_spy)
    pool, criteria = str(data_dir / "regio-voorbeeld.csv"), str(data_dir / "criteria-2026.toml")
    args = ["explain", pool, "-c", criteria, "--margin", "0.05", "--json", "-"]
    assert main([*args, "--time-limit", "600"]) == 0
    assert main(args) == 0
    capsys.readouterr()
    (limited, unlimited) = seen
    assert limited is not None and 0 < limited < 600 and unlimited is None
