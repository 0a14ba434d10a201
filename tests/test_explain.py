"""Explanations against brute force: possible, indispensable, counts and prices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given

from tafelselectie import InfeasibleError, build_problem
from tafelselectie.analysis.explain import explain
from tafelselectie.cli.app import main
from tests.oracle import optimal_tables
from tests.strategies import small_instances

pytestmark = pytest.mark.cpsat
DATA = Path(__file__).resolve().parents[1] / "data"


@given(instance=small_instances(max_providers=8))
def test_explanation_matches_brute_force(instance: tuple[pd.DataFrame, dict[str, Any]]) -> None:
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    optimal = optimal_tables(problem)
    try:
        explanation = explain(problem, backend="cpsat")
    except InfeasibleError:
        assert not optimal
        return
    union = frozenset().union(*optimal)
    common = frozenset.intersection(*optimal)
    assert explanation.optimal_tables == len(optimal) and explanation.count_complete
    for i, status in enumerate(explanation.providers):
        assert status.possible == (i in union), status
        assert status.indispensable == (i in common), status
        forced = {i: 1} if not status.possible else {i: 0} if status.indispensable else None
        price = status.price_in if not status.possible else status.price_out
        if forced is None:
            assert status.price_in is None and status.price_out is None
            continue
        alternatives = optimal_tables(problem, forced)
        assert price is not None and price.feasible == bool(alternatives)
        if alternatives:
            best = alternatives[0]
            assert price.cost == sum(int(problem.costs[j]) for j in best)
            assert price.score == sum(int(problem.scores[j]) for j in best) / 1000


def test_example_region_explanation() -> None:
    explanation = explain(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml")
    selected = set(explanation.result.selected)
    for status in explanation.providers:
        assert status.in_table == (status.id in selected)
        if status.in_table:
            assert status.possible
        if status.indispensable:
            assert status.in_table and status.price_out is not None
    frame = explanation.providers_frame()
    assert len(frame) == explanation.result.problem.n_providers
    cells = explanation.cells_frame()
    assert set(explanation.decisive_cells) <= set(cells.index)
    assert explanation.optimal_tables is not None and explanation.optimal_tables >= 1
    outsider = next(p.id for p in explanation.providers if not p.possible)
    why = explanation.why(outsider, "en")
    assert outsider in why and "is covered by" in why
    assert "Met deze aanbieder" in explanation.why(outsider, "nl") or "Geen enkele" in (
        explanation.why(outsider, "nl")
    )


def test_cli_explain_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    pool, criteria = str(DATA / "klein-voorbeeld.csv"), str(DATA / "klein-voorbeeld.toml")
    assert main(["explain", pool, "-c", criteria, "--json", "-"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["optimal_tables"]["count"] >= 1
    assert {p["id"] for p in payload["providers"]} >= set(payload["selected"])
    assert all(p["why"] for p in payload["providers"])
    assert main(["--lang", "en", "explain", pool, "-c", criteria, "--provider", "P002"]) == 0
    out = capsys.readouterr().out
    assert "equally minimal" in out and "P002" in out


def test_cli_explain_unknown_provider(capsys: pytest.CaptureFixture[str]) -> None:
    pool, criteria = str(DATA / "klein-voorbeeld.csv"), str(DATA / "klein-voorbeeld.toml")
    assert main(["explain", pool, "-c", criteria, "--provider", "P999"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "P999" in captured.err and len(captured.err.splitlines()) == 1


def test_a_generous_limit_changes_no_fact() -> None:
    """The limit bounds the whole explanation; where it is not reached, every fact is the one
    found without a limit. (The example's explanation takes about 2 s; 600 s cannot run out
    but on a machine hundreds of times slower.)"""
    unlimited = explain(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml")
    limited = explain(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml", time_limit=600)
    assert limited.providers == unlimited.providers
    assert limited.decisive_cells == unlimited.decisive_cells
    assert limited.optimal_tables == unlimited.optimal_tables


def _stop_after(monkeypatch: pytest.MonkeyPatch, target: str, answers: int) -> None:
    """Let ``target`` (a solve the explanation makes) answer ``answers`` times, then behave as a
    solve the time limit stopped: no table and no proof."""
    import tafelselectie.analysis.explain as module
    from tafelselectie.backends.base import SolveOutcome, Status
    from tafelselectie.errors import NoSolutionError, Problem
    from tafelselectie.solve.optimal import OptimalTables

    calls = {"n": 0}
    if target == "oracle":
        original_model = OptimalTables.model

        def model(self: Any, fixed: dict[int, int], solver: Any = None) -> Any:
            built = original_model(self, fixed, solver)
            calls["n"] += 1
            if calls["n"] > answers and solver is None:
                built.solve = lambda limit: SolveOutcome(Status.UNKNOWN, None, None, 0.0)
            return built

        monkeypatch.setattr(OptimalTables, "model", model)
    else:
        original_solve = module.solve_problem

        def solve_problem(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] > answers:
                raise NoSolutionError(Problem("no_solution_in_time", {"seconds": 1}))
            return original_solve(*args, **kwargs)

        monkeypatch.setattr(module, "solve_problem", solve_problem)


@pytest.mark.parametrize(("target", "answers"), [("oracle", 0), ("oracle", 3), ("solve", 0)])
def test_a_stopped_solve_ends_the_explanation_instead_of_a_guess(
    monkeypatch: pytest.MonkeyPatch, target: str, answers: int
) -> None:
    """A solve stopped by the limit proves neither "some table has it" nor "none has": before,
    a stopped oracle solve read as "no table", which makes a member indispensable. Now the
    explanation ends with a SolverError naming the limit."""
    from tafelselectie.errors import SolverError

    _stop_after(monkeypatch, target, answers)
    with pytest.raises(SolverError) as info:
        explain(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml", time_limit=600)
    (problem,) = info.value.problems
    assert problem.code == "explain_time_limit" and problem.params == {"seconds": 600.0}


def test_cli_explain_and_report_say_the_limit_ran_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _stop_after(monkeypatch, "oracle", 0)
    pool, criteria = str(DATA / "regio-voorbeeld.csv"), str(DATA / "criteria-2026.toml")
    expected = (
        "fout: de uitleg was niet af binnen de tijdslimiet van 600.0 s: elk feit erin vraagt "
        "een bewijs; geef meer tijd, of geen tijdslimiet"
    )
    out = tmp_path / "rapport.html"
    for args in (["explain"], ["report", "--out", str(out)]):
        code = main([args[0], pool, "-c", criteria, "--time-limit", "600", *args[1:]])
        captured = capsys.readouterr()
        assert (code, captured.out, captured.err.strip()) == (3, "", expected)
    assert not out.exists()


def test_explain_checks_its_time_limit_first() -> None:
    from tafelselectie.errors import UsageError

    with pytest.raises(UsageError):
        explain(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml", time_limit=-1)


def test_a_count_stopped_early_is_a_lower_bound() -> None:
    """The count stops at the cap or after its time; either way the tables found are "at
    least" that many. Before, a count stopped by time said "more than the cap" (10,000)."""
    import dataclasses

    explanation = explain(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    stopped = dataclasses.replace(explanation, optimal_tables=37, count_complete=False)
    assert stopped.count_text("nl").startswith("deze tafel is één van minstens 37 even minimale")
    assert "at least 37 equally minimal" in stopped.count_text("en")


@pytest.mark.parametrize("complete", [True, False])
def test_an_unproven_table_says_what_its_facts_are_about(complete: bool) -> None:
    """A table the limit stopped before its proof: the explanation's facts are about the tables
    at least as good as it, and the count line says so instead of "equally minimal"."""
    import dataclasses

    from tafelselectie import Status

    explanation = explain(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    unproven = dataclasses.replace(explanation.result, status=Status.FEASIBLE)
    stopped = dataclasses.replace(
        explanation, result=unproven, optimal_tables=3, count_complete=complete
    )
    line = stopped.count_text("nl")
    assert line.startswith("deze tafel is niet bewezen minimaal (de tijdslimiet stopte het bewijs)")
    assert ("één van 3 tafels" if complete else "één van minstens 3 tafels") in line
    assert "minstens even goed als deze tafel" in line
    assert explanation.count_text("nl").startswith("deze tafel is één van")  # proven: as before
    # the answers per provider speak of the same tables, not of "minimal" ones; the small
    # example has every kind of answer: in and indispensable, in, possible, in no such table
    kinds = {(p.in_table, p.indispensable, p.possible) for p in explanation.providers}
    assert {(True, True, True), (True, False, True), (False, False, True)} <= kinds
    assert (False, False, False) in kinds
    for provider in explanation.providers:
        proven_text, unproven_text = explanation.why(provider.id), stopped.why(provider.id)
        assert "minimal" in proven_text
        assert "minimal" not in unproven_text
        assert "at least as good as this one" in unproven_text
        assert "minstens even goed" in stopped.why(provider.id, "nl")


def test_time_left_ends_with_the_error_of_its_answer() -> None:
    """The shared limit of an explanation or a margin analysis: a 1 ms limit is spent after a
    10 ms sleep (a sleep lasts at least as long as asked), so the next solve gets no time but
    the coded error."""
    import time

    from tafelselectie.errors import SolverError
    from tafelselectie.solve.stage_models import TimeLeft

    assert TimeLeft(None, "explain_time_limit").seconds() is None
    left = TimeLeft(0.001, "margin_time_limit")
    time.sleep(0.01)
    with pytest.raises(SolverError) as info:
        left.seconds()
    assert info.value.problems[0].code == "margin_time_limit"
    assert info.value.problems[0].params == {"seconds": 0.001}
