"""The golden corpus: every backend reproduces every pinned answer (tests/golden/).

A mismatch writes ``expected.<backend>.json.new`` beside the case's ``expected.json`` for review;
``python -m tests.golden.regenerate`` rewrites the pinned answers when a change is intended.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from tests.golden.answers import answer, dumps
from tests.golden.cases import CASES_DIR, RECIPES

pytestmark = pytest.mark.slow

# Leximin probabilities come from an interior-point LP; they are pinned at 1e-9 and compared at
# 1e-6, the accuracy the LP promises (HiGHS's default primal and dual tolerances are 1e-7).
PROBABILITY_TOLERANCE = 1e-6


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _same(expected[k], actual[k]) for k in expected
        )
    if isinstance(expected, float) or isinstance(actual, float):
        return math.isclose(expected, actual, rel_tol=0, abs_tol=PROBABILITY_TOLERANCE)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    return bool(expected == actual)


def _differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    return [
        key
        for key in sorted(set(expected) | set(actual))
        if not _same(expected.get(key), actual.get(key))
    ]


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: r.name)
def test_every_backend_reproduces_the_pinned_answers(recipe: Any, backend: str) -> None:
    directory: Path = CASES_DIR / recipe.name
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    actual = answer(directory, backend, lottery=recipe.lottery)
    differences = _differences(expected, actual)
    if differences:
        new = directory / f"expected.{backend}.json.new"
        new.write_text(dumps(actual), encoding="utf-8")
        pytest.fail(f"{recipe.name} on {backend}: {', '.join(differences)} differ (see {new})")


@pytest.mark.parametrize(
    "recipe",
    [r for r in RECIPES if (CASES_DIR / r.name / "draw.json").exists()],
    ids=lambda r: r.name,
)
def test_the_public_draw_of_a_stored_portfolio(recipe: Any) -> None:
    from tafelselectie.lottery.draw import canonical_sha256, draw

    stored = json.loads((CASES_DIR / recipe.name / "draw.json").read_text(encoding="utf-8"))
    portfolio = stored["portfolio"]
    assert canonical_sha256(portfolio) == portfolio["portfolio_sha256"]
    drawn = draw(portfolio, seed=stored["draw"]["seed"])
    assert drawn.table_number == stored["draw"]["table"]
    assert list(drawn.selected) == stored["draw"]["selected"]


def test_the_corpus_is_complete() -> None:
    """About twenty cases, each with its files and answers, and none from ../shared."""
    assert len(RECIPES) >= 20
    for recipe in RECIPES:
        directory = CASES_DIR / recipe.name
        for name in ("pool.csv", "criteria.toml", "expected.json"):
            assert (directory / name).is_file(), (recipe.name, name)
