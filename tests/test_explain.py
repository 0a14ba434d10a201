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
