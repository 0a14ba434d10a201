"""Volume shares (spec section 6): bad input, exact comparison, JSON, explanations and report."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tafelselectie import InfeasibleError, build_report, explain, select, table_violations
from tafelselectie.cli.app import main
from tests.test_bad_input import one_error_line, run, write

POOL = (
    "id,naam,dg,omzet\n"
    'P1,Een,jeugd,"0,1"\n'
    'P2,Twee,ouderen,"0,2"\n'
    'P3,Drie,jeugd,"0,3"\n'
    "P4,Vier,ouderen,0\n"
)
CRITERIA = """format_version = 1
[[dimension]]
name = "doelgroep"
column = "dg"
"""


def criteria(**share: Any) -> dict[str, Any]:
    return {
        "format_version": 1,
        "dimension": [{"name": "doelgroep", "column": "dg"}],
        "share": [{"column": "omzet", **share}],
    }


def frame(pool: str = POOL) -> Any:
    import io

    import pandas as pd

    return pd.read_csv(io.StringIO(pool), dtype=str, keep_default_na=False)


# --- bad input: exit 2, naming the key, or the row and column ---------------------------------


@pytest.mark.parametrize(
    ("share", "key"),
    [
        ("min = 1.5", "share[1].min"),
        ("max = -0.1", "share[1].max"),
        ("min = 0.6\nmax = 0.5", "share[1].max"),
        ("", "share[1]"),
        ("min = 0.5\nper = 'regio'", "share[1].per"),
        ("min = '0.5'", "share[1].min"),
        ("min = 0.5\ncolum = 'x'", "share[1].colum"),
    ],
)
def test_bad_share_keys_name_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, share: str, key: str
) -> None:
    text = CRITERIA + "[[share]]\ncolumn = 'omzet'\n" + share + "\n"
    pool, crit = write(tmp_path, pool=POOL, criteria=text)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(crit), "--lang", "en"))
    assert f"'{key}'" in line, line


def test_a_share_column_that_is_missing_names_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = CRITERIA + "[[share]]\ncolumn = 'clienten'\nmin = 0.5\n"
    pool, crit = write(tmp_path, pool=POOL, criteria=text)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(crit), "--lang", "en"))
    assert "'share[1].column'" in line and "clienten" in line


@pytest.mark.parametrize(
    ("value", "fragment"), [("veel", "not a number"), ("-5", "negative"), ("", "empty")]
)
def test_a_bad_amount_names_the_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str, fragment: str
) -> None:
    pool_text = POOL.replace('"0,3"', value)
    text = CRITERIA + "[[share]]\ncolumn = 'omzet'\nmin = 0.5\n"
    pool, crit = write(tmp_path, pool=pool_text, criteria=text)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(crit), "--lang", "en"))
    assert "row 4" in line and "'omzet'" in line and fragment in line, line


# --- exact comparison (spec 6.4) --------------------------------------------------------------


def test_shares_are_compared_exactly(backend: str) -> None:
    """0,1 + 0,2 is exactly 0,3: half of the pool total 0,6. In floating point 0.1 + 0.2 is
    0.30000000000000004, so a float comparison would let {P1, P2} pass a maximum of exactly
    one half that it meets only exactly, or fail a minimum it meets."""
    minimum = select(frame(), criteria(min=0.5), backend=backend)
    assert minimum.seats == 2
    held = {s["column"]: Fraction(str(s["sum"])) for s in minimum.shares()}
    assert held["omzet"] >= Fraction(3, 10)
    # the only two-seat tables with exactly half: {P3, P4}? 0,3 of 0,6; {P1, P2}: 0,3 of 0,6
    assert minimum.selected in (("P1", "P2"), ("P2", "P3"), ("P3", "P4"), ("P1", "P3"))
    # at most a half, one provider per doelgroep: only tables holding <= 0,3 qualify
    maximum = select(frame(), criteria(max=0.5), backend=backend)
    assert sum(Fraction(str(s["sum"])) for s in maximum.shares()) <= Fraction(3, 10)
    assert table_violations(maximum.problem, maximum.selected) == []


def test_a_share_just_out_of_reach_is_infeasible_and_relaxed(backend: str) -> None:
    """With one seat, the best single provider (P3, 0,3) holds exactly a half: 0.5 is feasible and
    0.51 is not; the relaxation proposes a share that makes it feasible again."""
    one_seat = {**criteria(min=0.5), "seats": {"max": 1}, "dimension": []}
    result = select(frame(), one_seat, backend=backend)
    assert result.seats == 1 and result.selected == ("P3",)
    with pytest.raises(InfeasibleError) as info:
        select(frame(), {**one_seat, "share": [{"column": "omzet", "min": 0.51}]}, backend=backend)
    suggestion = info.value.suggestions[0]
    assert suggestion.kind == "lower_share_min" and suggestion.target == "omzet"
    assert suggestion.current == 0.51 and suggestion.proposed is not None
    assert suggestion.proposed <= 0.5


def test_per_dimension_bounds_hold_within_every_value(backend: str) -> None:
    result = select(frame(), criteria(min=0.6, per="doelgroep"), backend=backend)
    shares = {s["per"]: s for s in result.shares()}
    assert set(shares) == {"jeugd", "ouderen"}
    for share in shares.values():
        assert Fraction(str(share["sum"])) >= Fraction(3, 5) * Fraction(str(share["total"]))
    # jeugd: 0,1 + 0,3 = 0,4, needs 0,24 -> P3 alone; ouderen: 0,2 + 0 -> P2
    assert result.selected == ("P2", "P3")


def test_a_value_with_total_zero_imposes_nothing() -> None:
    pool = POOL.replace('"0,2"', "0")  # ouderen now holds 0 in all
    result = select(frame(pool), criteria(min=1.0, per="doelgroep"))
    assert [s["per"] for s in result.shares()] == ["jeugd"]


# --- JSON, explain, report --------------------------------------------------------------------


def test_the_json_lists_every_bound(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = CRITERIA + "[[share]]\ncolumn = 'omzet'\nmin = 0.5\nper = 'doelgroep'\n"
    pool, crit = write(tmp_path, pool=POOL, criteria=text)
    assert main(["select", str(pool), "-c", str(crit), "--json", "-"]) == 0
    shares = json.loads(capsys.readouterr().out)["shares"]
    assert [(s["column"], s["per"], s["dimension"], s["min"], s["max"]) for s in shares] == [
        ("omzet", "jeugd", "doelgroep", 0.5, None),
        ("omzet", "ouderen", "doelgroep", 0.5, None),
    ]
    assert [s["total"] for s in shares] == [0.4, 0.2]


def test_explain_names_the_members_at_the_table_for_a_share() -> None:
    explanation = explain(frame(), criteria(min=0.5), prices=False)
    reasons = {p.id: p.shares for p in explanation.providers if p.in_table}
    assert any(reasons.values())
    member = next(i for i, shares in reasons.items() if shares)
    assert "below the 50.0% asked" in explanation.why(member, "en")
    assert "voor dat aandeel" in explanation.why(member, "nl")


def test_the_report_has_the_shares_in_words_and_as_a_table(tmp_path: Path) -> None:
    text = CRITERIA + "[[share]]\ncolumn = 'omzet'\nmin = 0.5\n"
    pool, crit = write(tmp_path, pool=POOL, criteria=text)
    report = build_report(pool, crit, lang="nl")
    assert "shares" in report.tables()
    assert "De tafel heeft samen minstens 50% van de totale omzet van de pool." in report.html
