"""The lottery: leximin and maximin probabilities, against brute force and published results."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tafelselectie import build_problem
from tafelselectie.errors import InfeasibleError
from tafelselectie.lottery.leximin import Lottery, lottery
from tafelselectie.solve.check import table_violations
from tests.conftest import SHARED
from tests.oracle import leximin_by_brute_force, lottery_tables, lowest_highest_by_brute_force
from tests.strategies import lottery_instances, small_instances

SORTITION = SHARED / "data/external/sortition/citizensassemblies-replication"


def check_lottery(result: Lottery) -> None:
    """The properties every lottery has, whatever its input."""
    problem = result.problem
    assert result.tables, "a lottery has at least one table"
    total = sum(t.probability for t in result.tables)
    assert math.isclose(total, 1.0, abs_tol=1e-9)
    for table in result.tables:
        assert table_violations(problem, table.selected) == []
        assert len(table.selected) == result.seats
        chosen = [problem.ids.index(i) for i in table.selected]
        if problem.has_scores:
            assert int(problem.scores[chosen].sum()) >= result.min_score_scaled
    assert math.isclose(sum(result.probabilities.values()), result.seats, abs_tol=1e-6)
    # Every provider that sits in some table of the portfolio is fixed at the end, and every
    # provider is either reachable (fixed) or explained.
    reachable = set(result.levels)
    assert {i for t in result.tables for i in t.selected} <= reachable
    assert reachable | {u.id for u in result.unreachable} == set(problem.ids)
    assert not reachable & {u.id for u in result.unreachable}
    for identifier, level in result.levels.items():
        assert result.probabilities[identifier] >= level - 1e-6


def check_against_brute_force(backend: str, instance: Any, share: float) -> None:
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    tables = lottery_tables(problem, share)
    if not tables:
        with pytest.raises(InfeasibleError):
            lottery(problem, backend=backend, min_expertise_share=share)
        return
    result = lottery(problem, backend=backend, min_expertise_share=share)
    check_lottery(result)
    expected = leximin_by_brute_force(tables)
    assert set(result.levels) == {problem.ids[i] for i in expected}
    for i, level in expected.items():
        assert result.probabilities[problem.ids[i]] == pytest.approx(level, abs=1e-6)
    # The leximin minimum is the maximin optimum.
    maximin = lottery(problem, backend=backend, method="maximin", min_expertise_share=share)
    check_lottery(maximin)
    assert maximin.minimum == pytest.approx(result.minimum, abs=1e-6)
    assert result.minimum == pytest.approx(min(expected.values(), default=0.0), abs=1e-6)


@given(instance=lottery_instances(), cap=st.sampled_from([0.4, 0.5, 0.75, 0.9, 1.0]))
def test_capped_leximin_matches_brute_force(backend: str, instance: Any, cap: float) -> None:
    """``[lottery] max_probability``: the leximin over the distributions that keep every
    provider not in every valid table at or below the cap; a cap no distribution meets is an
    InfeasibleError naming the lowest cap that can be met."""
    frame, criteria = instance
    problem = build_problem(frame, criteria)
    tables = lottery_tables(problem)
    if not tables:
        return
    in_every = {i for i in tables[0] if all(i in t for t in tables)}
    capped = sorted({i for t in tables for i in t} - in_every)
    lowest = lowest_highest_by_brute_force(tables, capped) if capped else 0.0
    if lowest > cap + 1e-7:
        with pytest.raises(InfeasibleError) as info:
            lottery(problem, backend=backend, max_probability=cap)
        assert info.value.diagnosis[0].code == "lottery_cap_unreachable"
        (suggestion,) = info.value.suggestions
        assert suggestion.proposed is not None and suggestion.proposed >= lowest - 1e-7
        return
    result = lottery(problem, backend=backend, max_probability=cap)
    check_lottery(result)
    assert {f.id for f in result.forced} == {problem.ids[i] for i in in_every}
    expected = leximin_by_brute_force(tables, caps=dict.fromkeys(capped, cap))
    for i, level in expected.items():
        assert result.probabilities[problem.ids[i]] == pytest.approx(level, abs=1e-6)
    assert result.maximum <= cap + 1e-6


@given(instance=lottery_instances(), share=st.sampled_from([1.0, 0.0, 0.5]))
def test_leximin_matches_brute_force(backend: str, instance: Any, share: float) -> None:
    check_against_brute_force(backend, instance, share)


@settings(max_examples=30)
@given(instance=small_instances(max_providers=8), share=st.sampled_from([1.0, 0.5]))
def test_leximin_matches_brute_force_with_every_criteria_feature(
    backend: str, instance: Any, share: float
) -> None:
    """Costs, include, exclude, one_per, negative weights: the lottery's definition holds."""
    check_against_brute_force(backend, instance, share)


def test_example_region(data_dir: Path) -> None:
    from tafelselectie.analysis.explain import explain

    result = lottery(data_dir / "regio-voorbeeld.csv", data_dir / "criteria-2026.toml")
    check_lottery(result)
    assert result.status == "optimal"
    # The lottery's providers are exactly those the explanation calls possible.
    explanation = explain(data_dir / "regio-voorbeeld.csv", data_dir / "criteria-2026.toml")
    possible = {p.id for p in explanation.providers if p.possible}
    assert set(result.levels) == possible
    indispensable = {p.id for p in explanation.providers if p.indispensable}
    for identifier in indispensable:
        assert result.probabilities[identifier] == pytest.approx(1.0)
    # The canonical table is one of the possible ones, but the lottery gives others a chance.
    assert result.minimum < 1.0
    assert len(result.tables) > 1


def test_lower_expertise_share_widens_the_lottery(data_dir: Path) -> None:
    pool, criteria = data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml"
    strict = lottery(pool, criteria)
    loose = lottery(pool, criteria, min_expertise_share=0.0)
    check_lottery(strict)
    check_lottery(loose)
    assert set(strict.levels) <= set(loose.levels)
    assert loose.minimum <= strict.minimum + 1e-9 or set(strict.levels) == set(loose.levels)


def test_unreachable_providers_say_why(data_dir: Path) -> None:
    result = lottery(data_dir / "regio-voorbeeld.csv", data_dir / "criteria-2026.toml")
    codes = {u.reason.code for u in result.unreachable}
    assert codes <= {
        "lottery_less_expertise",
        "lottery_more_seats",
        "lottery_no_table",
        "lottery_size_conflict",
    }
    for u in result.unreachable:
        assert result.probabilities[u.id] == 0.0
        assert u.reason.render("nl") and u.reason.render("en")


def _sortition(name: str) -> Path:
    folder = SORTITION / "data" / name
    if not folder.is_dir():
        pytest.skip(f"the published sortition data are not present at {folder}")
    return folder


@pytest.mark.parametrize(("name", "size"), [("example_small_20", 20), ("example_large_200", 200)])
def test_published_leximin_gives_everyone_ten_percent(name: str, size: int, tmp_path: Path) -> None:
    from tafelselectie.io.sortition import convert_sortition

    folder = _sortition(name)
    converted = convert_sortition(
        folder / "categories.csv", folder / "respondents.csv", size, tmp_path
    )
    result = lottery(converted.pool, converted.criteria)
    check_lottery(result)
    assert len(result.probabilities) == converted.people
    for probability in result.probabilities.values():
        assert probability == pytest.approx(0.10, abs=0.001)  # 0.1 percentage point
    published = (SORTITION / "reference_output" / f"{name}_statistics.txt").read_text()
    assert "LEXIMIN minimum probability (exact):\t10.0%" in published


def _five_pairs() -> tuple[Any, dict[str, Any]]:
    """Valid tables of two: P1 with anyone, or P2 with P3 (cells x = {P1, P2}, y = {P1, P3})."""
    import pandas as pd

    frame = pd.DataFrame({"id": ["P1", "P2", "P3", "P4", "P5"], "d": ["x;y", "x", "y", "", ""]})
    criteria = {"dimension": [{"name": "d", "column": "d"}], "seats": {"exact": 2}}
    return frame, criteria


def test_a_cap_trades_the_minimum_for_the_maximum(backend: str) -> None:
    """Leximin gives P1 2/3 (every table but {P2, P3} has it) and the rest 1/3. Capped at 0.5,
    {P2, P3} must carry half the weight: P1, P2 and P3 get 0.5, and P4 and P5 only 0.25: the
    documented trade-off. No distribution keeps everyone at or below 0.4 (the best is 0.5)."""
    frame, criteria = _five_pairs()
    free = lottery(frame, criteria, backend=backend)
    assert free.probabilities["P1"] == pytest.approx(2 / 3, abs=1e-6)
    assert free.minimum == pytest.approx(1 / 3, abs=1e-6) and free.forced == ()
    capped = lottery(frame, criteria, backend=backend, max_probability=0.5)
    check_lottery(capped)
    expected = {"P1": 0.5, "P2": 0.5, "P3": 0.5, "P4": 0.25, "P5": 0.25}
    for identifier, probability in expected.items():
        assert capped.probabilities[identifier] == pytest.approx(probability, abs=1e-6)
    assert capped.maximum == pytest.approx(0.5, abs=1e-6)
    with pytest.raises(InfeasibleError) as info:
        lottery(frame, criteria, backend=backend, max_probability=0.4)
    assert info.value.diagnosis[0].code == "lottery_cap_unreachable"
    assert info.value.suggestions[0].proposed == 0.5


def test_providers_in_every_table_are_named_and_exempt_from_the_cap(data_dir: Path) -> None:
    result = lottery(
        data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", max_probability=0.6
    )
    check_lottery(result)
    for forced in result.forced:
        assert result.probabilities[forced.id] == pytest.approx(1.0, abs=1e-6)
        assert forced.reason.render("nl")
    assert result.maximum <= 0.6 + 1e-6
    payload = result.to_dict("en")
    assert payload["max_probability"] == 0.6
    assert {f["id"] for f in payload["forced"]} == {f.id for f in result.forced}


@pytest.mark.parametrize("cap", ["0", "1.5", "-1", "veel"])
def test_a_bad_cap_on_the_command_line_is_exit_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str], cap: str
) -> None:
    from tafelselectie.cli.app import main

    pool, criteria = data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml"
    code = main(["lottery", str(pool), "-c", str(criteria), "--max-probability", cap])
    captured = capsys.readouterr()
    assert code == 2 and "--max-probability" in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("cap", [0, 1.5, -0.2, "0.5", True])
def test_a_bad_cap_in_the_api_is_a_usage_error(data_dir: Path, cap: Any) -> None:
    from tafelselectie.errors import UsageError

    pool, criteria = data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml"
    with pytest.raises(UsageError) as info:
        lottery(pool, criteria, max_probability=cap)
    assert info.value.problems[0].key == "max_probability"


@pytest.mark.cpsat
@settings(max_examples=30)
@given(instance=lottery_instances(), share=st.sampled_from([1.0, 0.0]))
def test_rounds_solved_by_the_simplex_fallback_give_the_same_leximin(
    instance: Any, share: float
) -> None:
    """When the interior point method finds no optimum for a round, the round is solved again
    by the simplex method (leximin._solve_or_none returns None). Forcing that path in every
    round must still give the textbook leximin."""
    from unittest import mock

    from tafelselectie.lottery import leximin

    with mock.patch.object(leximin, "_solve_or_none", return_value=None):
        check_against_brute_force("cpsat", instance, share)


@pytest.mark.cpsat
@settings(max_examples=30)
@given(instance=lottery_instances(), share=st.sampled_from([1.0, 0.0]))
def test_a_round_whose_interior_point_resolve_fails_falls_back_to_simplex(
    instance: Any, share: float
) -> None:
    """The interior point method once called a round LP infeasible right after a new table's
    column was added (which cannot make an LP infeasible). Every such re-solve failing here,
    the round must be finished by the simplex method and still give the textbook leximin."""
    import weakref
    from unittest import mock

    import numpy as np

    from tafelselectie.backends.base import Status
    from tafelselectie.backends.highs_lp import LinearProgram, LPOutcome

    original = LinearProgram.solve
    solved_before: weakref.WeakSet[LinearProgram] = weakref.WeakSet()

    def failing_resolve(lp: LinearProgram) -> LPOutcome:
        if lp.method == "ipm" and lp in solved_before:
            return LPOutcome(Status.INFEASIBLE, np.zeros(0), np.zeros(0), float("nan"))
        solved_before.add(lp)
        return original(lp)

    with mock.patch.object(LinearProgram, "solve", failing_resolve):
        check_against_brute_force("cpsat", instance, share)


def test_a_table_search_stopped_without_a_table_says_so(data_dir: Path) -> None:
    """The oracle's solve stopped by the limit before any table: a NoSolutionError whose text
    says what stopped (before, it named a time limit of "?" seconds)."""
    import numpy as np

    from tafelselectie.backends import get_backend
    from tafelselectie.backends.base import SolveOutcome, Status
    from tafelselectie.errors import NoSolutionError
    from tafelselectie.lottery.tables import TableOracle

    problem = build_problem(data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml")
    oracle = TableOracle(problem, get_backend("cpsat"), 3, 0, 3)
    oracle.model.solve = lambda limit: SolveOutcome(Status.UNKNOWN, None, None, 0.0)
    with pytest.raises(NoSolutionError) as info:
        oracle.best(np.ones(problem.n_providers, dtype=np.int64), None)
    assert info.value.render("nl") == [
        "de tijdslimiet stopte het zoeken naar een tafel voor de loting voordat er een gevonden was"
    ]
