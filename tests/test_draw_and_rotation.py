"""Public draws, rotation over the years, the multi-year simulation and the converter."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tafelselectie import build_problem, select
from tafelselectie.analysis.simulate import simulate_rotation
from tafelselectie.cli.app import main
from tafelselectie.errors import HistoryError, InfeasibleError, SortitionError
from tafelselectie.io.sortition import convert_sortition
from tafelselectie.lottery.draw import (
    PortfolioError,
    draw,
    read_portfolio,
    round_portfolio,
    seal,
    verify,
)
from tafelselectie.lottery.leximin import lottery
from tafelselectie.solve.check import table_violations
from tafelselectie.solve.rotation import HistoryEntry, apply_history, read_history
from tests.helpers import assert_suggestions_make_it_feasible

pytestmark = pytest.mark.cpsat


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# A pool where every pair of one "a" and one "b" provider is a minimal table: 3 x 3 tables.
POOL = pd.DataFrame(
    {
        "id": ["A1", "A2", "A3", "B1", "B2", "B3"],
        "naam": ["a1", "a2", "a3", "b1", "b2", "b3"],
        "soort": ["a", "a", "a", "b", "b", "b"],
    }
)
CRITERIA: dict[str, Any] = {
    "format_version": 1,
    "peildatum": "2026-01-01",
    "dimension": [{"name": "soort", "column": "soort", "max_per_value": 1}],
}


def criteria(**rotation: Any) -> dict[str, Any]:
    out = dict(CRITERIA)
    if rotation:
        out["rotation"] = rotation
    return out


# -- the lottery's portfolio and the draw ------------------------------------------------------


@pytest.fixture
def portfolio() -> dict[str, Any]:
    return seal(lottery(POOL, CRITERIA, lots=9).to_dict())


def test_symmetric_pool_gives_equal_chances() -> None:
    result = lottery(POOL, CRITERIA)
    assert result.seats == 2
    for probability in result.probabilities.values():
        assert probability == pytest.approx(1 / 3, abs=1e-7)


def test_draw_is_deterministic_and_seed_spacing_does_not_matter(
    portfolio: dict[str, Any],
) -> None:
    first = draw(portfolio, seed="12 7 33")
    assert draw(portfolio, seed="  12   7 33 ") == first
    assert first.seed == "12 7 33"
    assert first.lot_number is not None and 1 <= first.lot_number <= 9
    seeds = {draw(portfolio, seed=str(k)).selected for k in range(60)}
    assert len(seeds) > 1  # different seeds give different tables


def test_draw_frequencies_follow_the_probabilities() -> None:
    data = seal(lottery(POOL, CRITERIA).to_dict())
    assert "numbered_tables" not in data
    counts = Counter(draw(data, seed=f"s{k}").selected for k in range(3000))
    for table in data["tables"]:
        expected = 3000 * table["probability"]
        observed = counts[tuple(table["selected"])]
        sigma = (3000 * table["probability"] * (1 - table["probability"])) ** 0.5
        assert abs(observed - expected) < 5 * sigma + 1


def test_lot_numbers_map_to_tables(portfolio: dict[str, Any]) -> None:
    assert portfolio["lots"] == 9
    assert portfolio["rounding_error"] == pytest.approx(0.0, abs=1e-9)
    for number in range(1, 10):
        outcome = draw(portfolio, number=number)
        assert outcome.table_number == portfolio["numbered_tables"][number - 1]
    with pytest.raises(PortfolioError, match="does not exist"):
        draw(portfolio, number=10)


def test_rounding_error_is_the_largest_probability_change() -> None:
    numbered, error = round_portfolio([0.5, 0.3, 0.2], [("a", "b"), ("a", "c"), ("b", "c")], 4)
    assert len(numbered) == 4
    counts = Counter(numbered)
    shares = [counts[k] / 4 for k in (1, 2, 3)]
    exact = {"a": 0.8, "b": 0.7, "c": 0.5}
    rounded = {"a": shares[0] + shares[1], "b": shares[0] + shares[2], "c": shares[1] + shares[2]}
    assert error == pytest.approx(max(abs(rounded[i] - exact[i]) for i in exact))


def test_verify_recomputes_and_detects_changes(portfolio: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(portfolio), encoding="utf-8")
    record = tmp_path / "draw.json"
    record.write_text(json.dumps(draw(read_portfolio(path), seed="42").to_dict()))
    assert verify(path, record).ok
    changed = json.loads(record.read_text())
    changed["selected"] = ["A1", "B1"] if changed["selected"] != ["A1", "B1"] else ["A2", "B2"]
    record.write_text(json.dumps(changed))
    assert not verify(path, record).ok
    tampered = dict(portfolio, seats=3)
    path.write_text(json.dumps(tampered), encoding="utf-8")
    with pytest.raises(PortfolioError, match="seal"):
        read_portfolio(path)


def test_cli_lottery_draw_verify(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    pool, crit = data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml"
    out = tmp_path / "portfolio.json"
    code, text, err = run(capsys, "lottery", str(pool), "-c", str(crit), "--json", str(out))
    assert code == 0, err
    assert "leximin" in text and "Selectiekansen" in text
    payload = json.loads(out.read_text())
    assert payload["input_hashes"]["pool"]["sha256"]
    assert set(payload) >= {"probabilities", "tables", "unreachable", "portfolio_sha256"}
    record = tmp_path / "draw.json"
    code, text, err = run(capsys, "draw", str(out), "--seed", "3 14 15", "--json", str(record))
    assert code == 0, err
    assert "Getrokken" in text
    code, text, err = run(
        capsys, "verify", str(out), str(record), "--pool", str(pool), "-c", str(crit)
    )
    assert code == 0 and "Geverifieerd" in text
    code, text, err = run(capsys, "verify", str(out), str(record), "--pool", str(crit))
    assert code == 1 and "NIET" in text
    code, text, err = run(capsys, "draw", str(out))
    assert code == 2 and "--seed" in err
    code, text, err = run(capsys, "draw", str(out), "--number", "1")
    assert code == 2 and "--lots" in err
    code, text, err = run(capsys, "draw", str(tmp_path / "nope.json"), "--seed", "1")
    assert code == 2 and "nope.json" in err and "Traceback" not in err


def test_cli_lottery_maximin_in_english(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    pool, crit = data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml"
    code, text, err = run(
        capsys, "lottery", str(pool), "-c", str(crit), "--method", "maximin", "--lang", "en"
    )
    assert code == 0, err
    assert "maximin" in text and "Selection probabilities" in text


# -- rotation ----------------------------------------------------------------------------------


def write_history(tmp_path: Path, year: int, selected: list[str]) -> Path:
    path = tmp_path / f"tafel-{year}.json"
    path.write_text(json.dumps({"selected": selected, "peildatum": f"{year}-01-01"}))
    return path


def test_history_is_read_oldest_first(tmp_path: Path) -> None:
    late = write_history(tmp_path, 2025, ["A1", "B1"])
    early = write_history(tmp_path, 2024, ["A2", "B2"])
    entries = read_history([late, early])
    assert [e.label for e in entries] == ["2024-01-01", "2025-01-01"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{", "JSON"),
        ("[]", "JSON object"),
        ('{"peildatum": "2025-01-01"}', "selected"),
        ('{"selected": ["A1"]}', "peildatum"),
        ('{"selected": ["A1"], "peildatum": "2025-13-01"}', "peildatum"),
        # written day first: refused with the date as it must be written
        ('{"selected": ["A1"], "peildatum": "01-02-2025"}', "it is 2025-02-01: write that"),
    ],
)
def test_bad_history_names_file_and_key(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "vorig.json"
    path.write_text(content)
    with pytest.raises(HistoryError) as caught:
        read_history([path])
    text = str(caught.value)
    assert "vorig.json" in text and needle in text


def test_history_must_precede_the_peildatum(tmp_path: Path) -> None:
    problem = build_problem(POOL, criteria(max_consecutive_terms=1))
    entries = read_history([write_history(tmp_path, 2026, ["A1", "B1"])])
    with pytest.raises(HistoryError, match="not before"):
        apply_history(problem, entries)
    twice = [write_history(tmp_path, 2024, ["A1"]), tmp_path / "copy.json"]
    twice[1].write_text(twice[0].read_text())
    with pytest.raises(HistoryError, match="two history files"):
        read_history(twice)


def entry(year: int, *selected: str) -> HistoryEntry:
    import datetime as dt

    return HistoryEntry(str(year), dt.date(year, 1, 1), selected)


def test_max_consecutive_terms_blocks_and_is_checked() -> None:
    history = [entry(2024, "A1", "B1"), entry(2025, "A1", "B2")]
    result = select(POOL, criteria(max_consecutive_terms=2), history=history)
    assert "A1" not in result.selected  # two terms in a row: out this year
    assert "B1" in result.selected or "B2" in result.selected or "B3" in result.selected
    assert result.to_dict()["rotation"]["blocked"] == ["A1"]
    assert table_violations(result.problem, ["A1", "B3"]) != []


def test_continuity_keeps_members() -> None:
    history = [entry(2025, "A3", "B3")]
    result = select(POOL, criteria(min_continuity=2), history=history)
    assert result.selected == ("A3", "B3")
    assert result.to_dict()["rotation"]["continuity"]["stayed"] == ["A3", "B3"]


def test_fairness_puts_those_who_sat_less_first() -> None:
    plain = select(POOL, CRITERIA)
    assert plain.selected == ("A1", "B1")
    history = [entry(2024, "A1", "B1"), entry(2025, "A1", "B2")]
    fair = select(POOL, criteria(fairness=True), history=history)
    assert fair.selected == ("A2", "B3")  # never sat; ties keep the id order


def test_fairness_in_the_lottery_levels_cumulative_seats() -> None:
    history = [entry(2025, "A1", "B1")]
    result = lottery(POOL, criteria(fairness=True), history=history)
    assert result.probabilities["A1"] == pytest.approx(0.0, abs=1e-9)
    assert result.probabilities["A2"] == pytest.approx(0.5, abs=1e-9)
    assert result.probabilities["B3"] == pytest.approx(0.5, abs=1e-9)


def test_rotation_conflict_is_diagnosed_with_a_fix() -> None:
    frame = pd.DataFrame({"id": ["A1", "B1"], "soort": ["a", "b"]})
    problem = build_problem(frame, criteria(max_consecutive_terms=1))
    problem = apply_history(problem, [entry(2025, "A1")])
    with pytest.raises(InfeasibleError) as caught:
        select(problem)
    text = str(caught.value)
    assert "A1" in text and "max_consecutive_terms" in text
    assert [s.kind for s in caught.value.suggestions] in (["allow_term"], ["lower_min"])
    assert_suggestions_make_it_feasible(problem, caught.value)


def test_rotation_policies_are_validated() -> None:
    from tafelselectie.errors import CriteriaError

    with pytest.raises(CriteriaError) as caught:
        build_problem(
            POOL,
            {**CRITERIA, "rotation": {"max_consecutive_terms": 0, "fairness": "yes", "x": 1}},
        )
    text = str(caught.value)
    assert "rotation.max_consecutive_terms" in text
    assert "rotation.fairness" in text and "rotation.x" in text
    with pytest.raises(CriteriaError, match=r"lottery\.min_expertise_share"):
        build_problem(POOL, {**CRITERIA, "lottery": {"min_expertise_share": 1.5}})


def test_cli_select_with_history(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    pool, crit = data_dir / "regio-voorbeeld.csv", data_dir / "criteria-2026.toml"
    first = tmp_path / "2025.json"
    code, _, err = run(capsys, "select", str(pool), "-c", str(crit), "--json", str(first))
    assert code == 0, err
    earlier = json.loads(first.read_text())
    earlier["peildatum"] = "2025-01-01"
    first.write_text(json.dumps(earlier))
    rotation = tmp_path / "criteria.toml"
    rotation.write_text(
        crit.read_text(encoding="utf-8") + "\n[rotation]\nmax_consecutive_terms = 1\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "select", str(pool), "-c", str(rotation), "--history", str(first), "--json", "-"
    )
    assert code == 0, err
    now = json.loads(out)
    assert not set(now["selected"]) & set(earlier["selected"])
    code, _, err = run(
        capsys, "select", str(pool), "-c", str(rotation), "--history", str(tmp_path / "x.json")
    )
    assert code == 2 and "x.json" in err
    earlier["peildatum"] = "01-01-2025"  # day first: refused with the form to write
    first.write_text(json.dumps(earlier))
    code, out, err = run(capsys, "select", str(pool), "-c", str(rotation), "--history", str(first))
    assert code == 2 and out == "" and "Traceback" not in err
    assert str(first) in err and "peildatum" in err and "2025-01-01: schrijf dat" in err


# -- the multi-year simulation -----------------------------------------------------------------


def test_simulation_rotates_more_than_the_canonical_table(data_dir: Path) -> None:
    simulation = simulate_rotation(
        data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", years=4
    )
    canonical = simulation.tables("canonical")
    assert len(set(canonical)) == 1  # the same table every year
    assert simulation.distinct("rotation") > simulation.distinct("canonical")
    assert simulation.distinct("lottery") >= simulation.distinct("canonical")
    frame = simulation.to_frame()
    assert len(frame) == 12
    summary = simulation.summary()
    assert list(summary["mode"]) == ["canonical", "rotation", "lottery"]


# -- the citizens' assembly format ---------------------------------------------------------------


CATEGORIES = (
    "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\nage,young,0,2\nage,old,1,2\n"
)
RESPONDENTS = "gender,age\nfemale,young\nmale,old\nfemale,old\nmale,young\n"


def test_convert_sortition_round_trip(tmp_path: Path) -> None:
    (tmp_path / "categories.csv").write_text(CATEGORIES)
    (tmp_path / "respondents.csv").write_text(RESPONDENTS)
    converted = convert_sortition(
        tmp_path / "categories.csv", tmp_path / "respondents.csv", 2, tmp_path / "out"
    )
    pool = pd.read_csv(converted.pool, dtype=str)
    assert list(pool["id"]) == ["2", "3", "4", "5"]  # row numbers, the header is row 1
    result = select(converted.pool, converted.criteria)
    assert result.seats == 2
    chosen = pool.set_index("id").loc[list(result.selected)]
    assert sorted(chosen["gender"]) == ["female", "male"]
    assert "old" in set(chosen["age"])


def test_convert_sortition_keeps_ids(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CATEGORIES)
    (tmp_path / "r.csv").write_text("ID,gender,age\nx1,female,young\n,male,old\n")
    converted = convert_sortition(tmp_path / "c.csv", tmp_path / "r.csv", 2, tmp_path / "o")
    assert list(pd.read_csv(converted.pool, dtype=str)["id"]) == ["x1", "3"]


@pytest.mark.parametrize(
    ("categories", "respondents", "needle"),
    [
        ("category,feature,min\ngender,female,1\n", RESPONDENTS, "'max'"),
        ("category,feature,min,max\ngender,female,x,2\n", RESPONDENTS, "row 2"),
        ("category,feature,min,max\ngender,female,3,2\n", RESPONDENTS, "greater"),
        (CATEGORIES + "gender,female,0,1\n", RESPONDENTS, "twice"),
        (CATEGORIES, "gender\nfemale\n", "'age'"),
        (CATEGORIES, "gender,age\nfemale,middle\n", "'middle'"),
    ],
)
def test_convert_sortition_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    categories: str,
    respondents: str,
    needle: str,
) -> None:
    (tmp_path / "c.csv").write_text(categories)
    (tmp_path / "r.csv").write_text(respondents)
    with pytest.raises(SortitionError, match=needle):
        convert_sortition(tmp_path / "c.csv", tmp_path / "r.csv", 2, tmp_path / "o")
    code, _, err = run(
        capsys,
        "convert-sortition",
        str(tmp_path / "c.csv"),
        str(tmp_path / "r.csv"),
        "--size",
        "2",
        "--out",
        str(tmp_path / "o"),
        "--lang",
        "en",
    )
    assert code == 2 and needle in err and "Traceback" not in err


# -- bad input to draw, verify and convert: exit 2, naming the file or key ---------------------


def test_draw_and_verify_errors_name_file_and_key(
    capsys: pytest.CaptureFixture[str], portfolio: dict[str, Any], tmp_path: Path
) -> None:
    good = tmp_path / "portfolio.json"
    good.write_text(json.dumps(portfolio), encoding="utf-8")
    broken = tmp_path / "kapot.json"
    broken.write_text(json.dumps(seal({**portfolio, "tables": [{"selected": "A1"}]})))
    not_json = tmp_path / "geen.json"
    not_json.write_text("{")
    cases = [
        (["draw", str(broken), "--seed", "1"], ["kapot.json", "tables[0]"]),
        (["draw", str(not_json), "--seed", "1"], ["geen.json", "JSON"]),
        (["draw", str(good), "--seed", "   "], ["--seed", "empty"]),
        (["draw", str(good), "--number", "10"], ["--number", "10"]),
        (["verify", str(good), str(not_json)], ["geen.json", "JSON"]),
        (["verify", str(good), str(good)], ["portfolio.json", "format"]),
    ]
    for args, needles in cases:
        code, out, err = run(capsys, *args, "--lang", "en")
        assert code == 2, (args, out, err)
        assert out == "" and "Traceback" not in err
        for needle in needles:
            assert needle in err, (args, err)


def test_convert_sortition_size_must_be_positive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "c.csv").write_text(CATEGORIES)
    (tmp_path / "r.csv").write_text(RESPONDENTS)
    args = ["convert-sortition", str(tmp_path / "c.csv"), str(tmp_path / "r.csv")]
    code, _, err = run(capsys, *args, "--size", "0", "--out", str(tmp_path / "o"), "--lang", "en")
    assert code == 2 and "--size" in err and "1 or more" in err


def test_the_seal_is_sha256_of_rfc8785_canonical_json() -> None:
    """Anyone can recompute the seal: SHA-256 over the RFC 8785 canonical JSON of the portfolio
    without its seal (format version 2)."""
    import hashlib

    from tafelselectie.lottery.draw import HASH_KEY, canonical_json

    portfolio = seal(lottery(POOL, CRITERIA).to_dict())
    assert portfolio["format_version"] == 2
    body = {k: v for k, v in portfolio.items() if k != HASH_KEY}
    # RFC 8785 by hand for the parts that differ from plain sorted JSON: no spaces, keys sorted,
    # 1.0 written as 1, non-ASCII as UTF-8
    assert canonical_json({"format_version": 2, "b": 1.0, "a": "é"}) == (
        '{"a":"é","b":1,"format_version":2}'.encode()
    )
    expected = hashlib.sha256(canonical_json(body)).hexdigest()
    assert portfolio[HASH_KEY] == expected


def test_a_version_1_portfolio_still_verifies(tmp_path: Path) -> None:
    """Portfolios sealed before RFC 8785 (format version 1) keep their seal."""
    import hashlib

    from tafelselectie.lottery.draw import HASH_KEY, read_portfolio

    body = {**lottery(POOL, CRITERIA).to_dict(), "format_version": 1}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    old = {**body, HASH_KEY: hashlib.sha256(text.encode("utf-8")).hexdigest()}
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert read_portfolio(path)[HASH_KEY] == old[HASH_KEY]
