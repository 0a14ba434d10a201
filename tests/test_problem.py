"""Cells (spec section 3) and the answer on hand-checked instances (spec section 4)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tafelselectie import CriteriaError, InfeasibleError, PoolError, build_problem
from tests.helpers import assert_suggestions_make_it_feasible, checked_select

POOL = """id,naam,rg,dg,omzet,tags,concern
P1,Alfa,toegang;Maatwerk,jeugd,500,dementie,C1
P2,Beta,maatwerk,ouderen; Jeugd,5000,,c1
P3,Gamma,algemene voorzieningen,ouderen,20000,lvb;Dementie,
P4,Delta,MAATWERK ,ggz,"1000,0",,
"""

BANDS = [{"label": "klein", "below": 1000}, {"label": "middel", "below": 10000}, {"label": "groot"}]


@pytest.fixture
def pool(tmp_path: Path) -> Path:
    path = tmp_path / "pool.csv"
    path.write_text(POOL, encoding="utf-8")
    return path


def criteria(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "dimension": [
            {"name": "resultaatgebied", "column": "rg"},
            {"name": "doelgroep", "column": "dg"},
            {"name": "omvang", "column": "omzet", "bands": BANDS},
        ]
    }
    base.update(extra)
    return base


def cell_members(problem: Any) -> dict[str, list[str]]:
    return {
        cell.key: [problem.ids[i] for i in problem.members(j)]
        for j, cell in enumerate(problem.cells)
    }


def test_cells_values_spellings_and_bands(pool: Path) -> None:
    problem = build_problem(pool, criteria())
    assert cell_members(problem) == {
        "resultaatgebied=algemene voorzieningen": ["P3"],
        "resultaatgebied=Maatwerk": ["P1", "P2", "P4"],
        "resultaatgebied=toegang": ["P1"],
        "doelgroep=ggz": ["P4"],
        "doelgroep=jeugd": ["P1", "P2"],
        "doelgroep=ouderen": ["P2", "P3"],
        "omvang=klein": ["P1"],
        "omvang=middel": ["P2", "P4"],  # 1000,0 is not below 1000: the next band
        "omvang=groot": ["P3"],
    }


def test_quantile_bands_use_numpy_linear_quantiles(pool: Path) -> None:
    dimension = {"name": "omvang", "column": "omzet", "quantiles": [0.5], "labels": ["lo", "hi"]}
    problem = build_problem(pool, {"dimension": [dimension]})
    cut = float(np.quantile([500, 5000, 20000, 1000], 0.5))
    assert cut == 3000.0
    assert cell_members(problem) == {"omvang=lo": ["P1", "P4"], "omvang=hi": ["P2", "P3"]}


def test_quantiles_are_cut_over_eligible_providers_only(pool: Path) -> None:
    dimension = {"name": "omvang", "column": "omzet", "quantiles": [0.5], "labels": ["lo", "hi"]}
    problem = build_problem(pool, {"dimension": [dimension], "constraints": {"exclude": ["P3"]}})
    # median of 500, 5000, 1000 is 1000; "number of cuts <= x" puts 1000 in the upper band
    assert cell_members(problem) == {"omvang=lo": ["P1"], "omvang=hi": ["P2", "P4"]}


def test_joint_cells_only_for_combinations_that_occur(pool: Path) -> None:
    problem = build_problem(pool, criteria(joint=[{"dimensions": ["resultaatgebied", "omvang"]}]))
    joint = {k: v for k, v in cell_members(problem).items() if " & " in k}
    assert joint == {
        "resultaatgebied=algemene voorzieningen & omvang=groot": ["P3"],
        "resultaatgebied=Maatwerk & omvang=klein": ["P1"],
        "resultaatgebied=Maatwerk & omvang=middel": ["P2", "P4"],
        "resultaatgebied=toegang & omvang=klein": ["P1"],
    }


def test_listed_values_restrict_cells_and_joints(pool: Path) -> None:
    spec = criteria(joint=[{"dimensions": ["doelgroep", "omvang"]}])
    spec["dimension"][1]["values"] = ["ouderen"]
    problem = build_problem(pool, spec)
    keys = [c.key for c in problem.cells]
    assert "doelgroep=jeugd" not in keys
    assert [k for k in keys if k.startswith("doelgroep=") and "&" not in k] == ["doelgroep=ouderen"]
    assert (
        "doelgroep=ouderen & omvang=middel" in keys and "doelgroep=jeugd & omvang=klein" not in keys
    )


def test_expertise_scores_scaled_and_case_insensitive(pool: Path) -> None:
    spec = criteria(expertise={"column": "tags", "weights": {"dementie": 3, "LVB": 2.5}})
    problem = build_problem(pool, spec)
    assert problem.scores.tolist() == [3000, 0, 5500, 0]


def test_one_per_groups_ignore_case_and_skip_empty(pool: Path) -> None:
    problem = build_problem(pool, criteria(constraints={"one_per": ["concern"]}))
    assert [(g.value, g.members) for g in problem.groups] == [("C1", (0, 1))]


def test_the_answer_on_the_hand_example(pool: Path) -> None:
    # P1 is the only toegang and klein provider, P3 the only algemene voorzieningen and groot
    # one, P4 the only ggz one: all three are needed and together they cover every cell.
    result = checked_select(pool, criteria())
    assert result.selected == ("P1", "P3", "P4")
    assert result.seats == 3 and result.minimum_seats == 3


def test_expertise_and_extra_seats(pool: Path) -> None:
    spec = criteria(expertise={"column": "tags", "weights": {"dementie": 1}, "extra_seats": 1})
    spec["dimension"] = spec["dimension"][:1]  # only result areas: P1 + P3 cover them
    result = checked_select(pool, spec)
    assert result.selected == ("P1", "P3") and result.expertise_score == 2.0


def tie_pool(tmp_path: Path) -> Path:
    path = tmp_path / "tie.csv"
    path.write_text("id,dg\nB,x\nA,x\nC,x\n10,x\n9,x\n", encoding="utf-8")
    return path


def test_tie_break_by_id_uses_plain_string_order(tmp_path: Path) -> None:
    result = checked_select(tie_pool(tmp_path), {"dimension": [{"name": "d", "column": "dg"}]})
    assert result.selected == ("10",)  # "10" < "9" < "A" as strings


def test_tie_break_seeded_uses_sha256(tmp_path: Path) -> None:
    seed = 20260115
    expected = min(
        ["B", "A", "C", "10", "9"],
        key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest(),
    )
    result = checked_select(
        tie_pool(tmp_path),
        {
            "dimension": [{"name": "d", "column": "dg"}],
            "tie_break": {"order": "seeded", "seed": seed},
        },
    )
    assert result.selected == (expected,)


def test_exact_seats_skip_seat_minimisation(tmp_path: Path) -> None:
    result = checked_select(
        tie_pool(tmp_path), {"dimension": [{"name": "d", "column": "dg"}], "seats": {"exact": 3}}
    )
    assert result.selected == ("10", "9", "A")


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        (criteria(constraints={"include": ["P9"]}), "id 'P9' is not in the pool"),
        (criteria(constraints={"exclude": ["P9"]}), "id 'P9' is not in the pool"),
        (
            {"dimension": [{"name": "x", "column": "nope"}]},
            "column 'nope', key 'dimension[x].column'",
        ),
        (criteria(constraints={"one_per": ["nope"]}), "key 'constraints.one_per'"),
        (criteria(expertise={"column": "nope"}), "key 'expertise.column'"),
    ],
)
def test_criteria_that_do_not_fit_the_pool(pool: Path, spec: dict[str, Any], fragment: str) -> None:
    with pytest.raises(CriteriaError) as info:
        build_problem(pool, spec)
    assert fragment in str(info.value)


def test_non_numeric_band_value_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,omzet\nP1,10\nP2,veel\nP3,\n", encoding="utf-8")
    with pytest.raises(PoolError) as info:
        build_problem(path, {"dimension": [{"name": "o", "column": "omzet", "bands": BANDS}]})
    lines = [str(p) for p in info.value.problems]
    assert any("row 3, column 'omzet': 'veel' is not a number" in line for line in lines)
    assert any("row 4, column 'omzet': empty value" in line for line in lines)


def test_required_value_nobody_has_is_infeasible_and_named(pool: Path) -> None:
    spec = criteria()
    spec["dimension"][1]["values"] = ["jeugd", "ouderen", "ggz", "Verslaving"]
    with pytest.raises(InfeasibleError) as info:
        checked_select(pool, spec)
    assert (
        "doelgroep=Verslaving needs at least 1 seat but only 0 eligible providers have it"
        in str(info.value)
    )
    assert_suggestions_make_it_feasible(build_problem(pool, spec), info.value)


def test_override_for_a_value_without_a_cell_has_no_effect_but_is_reported(pool: Path) -> None:
    # Spec 3.1: cells come from `values` (default: the pool); overrides only bound cells.
    spec = criteria()
    spec["dimension"][1]["min"] = {"verslaving": 2, "jeugd": 2}
    spec["dimension"][2]["max"] = {"enorm": 1}
    problem = build_problem(pool, spec)
    assert "doelgroep=verslaving" not in [c.key for c in problem.cells]
    keys = sorted(str(w.key) for w in problem.warnings)
    assert keys == ["dimension[doelgroep].min.verslaving", "dimension[omvang].max.enorm"]
    assert checked_select(problem).selected == ("P1", "P2", "P3", "P4")  # jeugd = 2 applies


def test_listed_value_that_is_no_band_label_is_infeasible(pool: Path) -> None:
    spec = criteria()
    spec["dimension"][2]["values"] = ["klein", "reus"]
    with pytest.raises(InfeasibleError, match="omvang=reus"):
        checked_select(pool, spec)


def test_value_only_excluded_providers_have(pool: Path) -> None:
    spec = criteria(constraints={"exclude": ["P4"]})
    spec["dimension"][1]["values"] = ["ggz", "jeugd"]
    with pytest.raises(InfeasibleError) as info:
        checked_select(pool, spec)
    assert "only excluded providers have it (P4)" in str(info.value)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (
            {
                "seats": {"max": 2},
                "dimension": [
                    {"name": "resultaatgebied", "column": "rg"},
                    {"name": "doelgroep", "column": "dg"},
                ],
            },
            "these requirements cannot all be met together",
        ),
        ({"constraints": {"include": ["P1", "P2"], "one_per": ["concern"]}}, "share concern"),
        ({"seats": {"min": 5}}, "only 4 providers are eligible"),
        (
            {
                "seats": {"max": 2},
                "dimension": [{"name": "omvang", "column": "omzet", "bands": BANDS}],
            },
            "the minimums of omvang add up to 3 seats",
        ),
        (
            {"constraints": {"include": ["P1", "P2", "P4"]}, "seats": {"max": 2}},
            "3 providers are included",
        ),
    ],
)
def test_infeasible_criteria_say_why(pool: Path, extra: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InfeasibleError) as info:
        checked_select(pool, criteria(**extra))
    assert fragment in str(info.value)
    assert_suggestions_make_it_feasible(build_problem(pool, criteria(**extra)), info.value)


def test_suggestions_are_concrete(pool: Path) -> None:
    spec = criteria(seats={"max": 2})
    spec["dimension"][1]["min"] = {"ggz": 2}
    with pytest.raises(InfeasibleError) as info:
        checked_select(pool, spec)
    messages = [s.problem().render("en") for s in info.value.suggestions]
    assert "lower the minimum of doelgroep=ggz from 2 to 1" in messages
    assert any(m.startswith("allow ") and "seats (now at most 2)" in m for m in messages)


@pytest.mark.parametrize(("value", "shown"), [("-1", "'-1'"), ("2.5", "'2.5'"), ("duur", "'duur'")])
def test_bad_cost_names_row_and_column(tmp_path: Path, value: str, shown: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"id,dg,kosten\nP1,a,3\nP2,b,{value}\n", encoding="utf-8")
    spec = {"pool": {"cost_column": "kosten"}, "dimension": [{"name": "d", "column": "dg"}]}
    with pytest.raises(PoolError) as info:
        build_problem(path, spec)
    assert f"row 3, column 'kosten': {shown} is not a cost" in str(info.value)


def test_missing_cost_column_names_the_key(pool: Path) -> None:
    with pytest.raises(CriteriaError) as info:
        build_problem(pool, criteria(pool={"cost_column": "kosten"}))
    assert "column 'kosten', key 'pool.cost_column'" in str(info.value)


def test_cost_column_changes_stage_one(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,dg,kosten\nA,x;y,5\nB,x,1\nC,y,1\n", encoding="utf-8")
    spec: dict[str, Any] = {"dimension": [{"name": "d", "column": "dg"}]}
    assert checked_select(path, spec).selected == ("A",)
    spec["pool"] = {"cost_column": "kosten"}
    result = checked_select(path, spec)
    assert result.selected == ("B", "C") and result.minimum_cost == 2
