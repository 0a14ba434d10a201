"""Scenario comparison: variations, the frames, infeasible scenarios, parallel runs, plots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tafelselectie import select
from tafelselectie.analysis.scenarios import apply_variation, compare_scenarios
from tafelselectie.errors import UsageError

pytestmark = pytest.mark.cpsat

BASE: dict[str, Any] = {
    "format_version": 1,
    "seats": {"max": 10},
    "dimension": [
        {"name": "doelgroep", "column": "doelgroepen", "min": {"jeugd": 2}},
        {"name": "omvang", "column": "clienten", "quantiles": [0.5], "labels": ["k", "g"]},
    ],
}


def test_dict_variation_merges_tables_and_dimensions_by_name() -> None:
    changed = apply_variation(
        BASE,
        {
            "seats": {"min": 2},
            "dimension": {"doelgroep": {"min_per_value": 2}, "nieuw": {"column": "x"}},
            "joint": [{"dimensions": ["doelgroep", "omvang"]}],
        },
    )
    assert changed["seats"] == {"max": 10, "min": 2}
    doelgroep = changed["dimension"][0]
    assert doelgroep["min_per_value"] == 2 and doelgroep["min"] == {"jeugd": 2}
    assert changed["dimension"][2] == {"name": "nieuw", "column": "x"}
    assert changed["joint"] == [{"dimensions": ["doelgroep", "omvang"]}]
    assert "joint" not in BASE and BASE["seats"] == {"max": 10}  # the base is untouched


def test_function_variation_gets_a_copy() -> None:
    def drop_size(criteria: dict[str, Any]) -> dict[str, Any]:
        criteria["dimension"] = criteria["dimension"][:1]
        return criteria

    assert len(apply_variation(BASE, drop_size)["dimension"]) == 1
    assert len(BASE["dimension"]) == 2


@pytest.fixture
def comparison(data_dir: Path) -> Any:
    variations = {
        "twee per doelgroep": {"dimension": {"doelgroep": {"min_per_value": 2}}},
        "hoogstens 1 zetel": {"seats": {"max": 1}},
        "zonder omvang": lambda c: {**c, "dimension": c["dimension"][:2]},
        "kapotte kolom": {"dimension": {"omvang": {"column": "bestaat niet"}}},
    }
    return compare_scenarios(
        data_dir / "klein-voorbeeld.csv",
        data_dir / "klein-voorbeeld.toml",
        variations,
        progress=False,
    )


def test_one_row_per_scenario_with_the_base_first(comparison: Any, data_dir: Path) -> None:
    frame = comparison.frame
    assert list(frame.index) == [
        "basis",
        "twee per doelgroep",
        "hoogstens 1 zetel",
        "zonder omvang",
        "kapotte kolom",
    ]
    base = select(data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml")
    assert frame.loc["basis", "seats"] == base.seats
    assert frame.loc["basis", "status"] == "optimal"
    assert frame.loc["twee per doelgroep", "seats"] > base.seats
    assert frame.loc["zonder omvang", "seats"] <= base.seats
    # in/out against the base are exactly the set differences
    for name in ("twee per doelgroep", "zonder omvang"):
        result = comparison.outcome(name).result
        incoming = set(result.selected) - set(base.selected)
        assert frame.loc[name, "in"] == ", ".join(sorted(incoming))
    from tafelselectie.analysis.explain import explain

    explanation = explain(data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml")
    assert int(frame.loc["basis", "optimal_tables"]) == explanation.optimal_tables
    assert bool(frame.loc["basis", "count_complete"])


def test_infeasible_and_broken_scenarios_explain_instead_of_failing(comparison: Any) -> None:
    frame = comparison.frame
    assert frame.loc["hoogstens 1 zetel", "status"] == "infeasible"
    assert "seats" in frame.loc["hoogstens 1 zetel", "explanation"]
    assert "suggestion" in frame.loc["hoogstens 1 zetel", "explanation"]
    assert frame.loc["kapotte kolom", "status"] == "error"
    assert "bestaat niet" in frame.loc["kapotte kolom", "explanation"]


def test_membership_matches_the_results(comparison: Any) -> None:
    membership = comparison.membership()
    for outcome in comparison.outcomes:
        seated = set(membership.index[membership[outcome.name]])
        expected = set(outcome.result.selected) if outcome.result else set()
        assert seated == expected


@pytest.mark.concurrency
def test_parallel_processes_give_the_same_answers(comparison: Any, data_dir: Path) -> None:
    again = compare_scenarios(
        data_dir / "klein-voorbeeld.csv",
        data_dir / "klein-voorbeeld.toml",
        {"twee per doelgroep": {"dimension": {"doelgroep": {"min_per_value": 2}}}},
        processes=2,
        progress=False,
    )
    columns = ["status", "seats", "in", "out", "optimal_tables"]
    assert again.frame[columns].equals(comparison.frame.loc[list(again.frame.index), columns])


def test_plots(comparison: Any) -> None:
    from tafelselectie.analysis.figures import coverage_per_cell

    seats = comparison.plot_seats()
    assert len(seats.axes[0].patches) == len(comparison.outcomes)
    heatmap = comparison.plot_membership()
    assert len(heatmap.axes[0].get_yticklabels()) == len(comparison.membership())
    result = comparison.base.result
    coverage = coverage_per_cell(result)
    assert len(coverage.axes[0].patches) == result.problem.n_cells
    for figure in (seats, heatmap, coverage):
        figure.savefig(Path("/dev/null"), format="svg")


def test_base_name_is_reserved(data_dir: Path) -> None:
    with pytest.raises(UsageError, match="basis"):
        compare_scenarios(
            data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", {"basis": {}}
        )


@pytest.mark.concurrency
def test_worker_processes_return_errors_as_themselves(data_dir: Path) -> None:
    """Across the process boundary an infeasible outcome keeps its diagnosis and suggestions,
    a broken scenario its located criteria error, and an unexpected error its own type."""
    from tafelselectie.errors import BackendUnavailableError, CriteriaError, InfeasibleError

    comparison = compare_scenarios(
        data_dir / "klein-voorbeeld.csv",
        data_dir / "klein-voorbeeld.toml",
        {
            "hoogstens 1 zetel": {"seats": {"max": 1}},
            "kapotte kolom": {"dimension": {"omvang": {"column": "bestaat niet"}}},
        },
        processes=2,
        progress=False,
    )
    infeasible = comparison.outcome("hoogstens 1 zetel").error
    assert isinstance(infeasible, InfeasibleError)
    assert infeasible.diagnosis and infeasible.suggestions
    broken = comparison.outcome("kapotte kolom").error
    assert isinstance(broken, CriteriaError)
    assert any(p.column == "bestaat niet" for p in broken.problems)
    assert comparison.base.error is None
    with pytest.raises(BackendUnavailableError) as info:
        compare_scenarios(
            data_dir / "klein-voorbeeld.csv",
            data_dir / "klein-voorbeeld.toml",
            {"ander": {"seats": {"max": 3}}},
            backend="geen-solver",
            processes=2,
            progress=False,
        )
    assert info.value.name == "geen-solver"
