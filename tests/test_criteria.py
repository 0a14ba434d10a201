"""The criteria file (spec section 2): every key checked, every error names its key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tafelselectie import CriteriaError, load_criteria

BASE: dict[str, Any] = {
    "format_version": 1,
    "peildatum": dt.date(2026, 1, 1),
    "dimension": [{"name": "doelgroep", "column": "doelgroepen"}],
}


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def test_example_criteria_load(data_dir: Path) -> None:
    criteria = load_criteria(data_dir / "criteria-2026.toml")
    assert criteria.peildatum == dt.date(2026, 1, 1)
    assert [d.name for d in criteria.dimensions] == [
        "resultaatgebied",
        "doelgroep",
        "omvang",
        "locatie",
    ]
    omvang = criteria.dimension("omvang")
    assert omvang.bands is not None and [b.below for b in omvang.bands] == [1e6, 1e7, None]
    assert criteria.seats.max == 35
    assert criteria.expertise is not None and criteria.expertise.extra_seats == 2
    assert criteria.tie_break.order == "seeded" and criteria.tie_break.seed == "20260115"
    assert dict(criteria.dimension("doelgroep").min_overrides) == {"jeugd": 2, "ouderen": 2}


def test_values_and_tags_are_normalised() -> None:
    criteria = load_criteria(
        with_(
            dimension=[
                {
                    "name": "d",
                    "column": "c",
                    "values": [" Maatwerk ", "algemene  voorzieningen"],
                    "min": {"MAATWERK": 2},
                }
            ],
            expertise={"weights": {" Dementie ": 3}},
        )
    )
    dimension = criteria.dimensions[0]
    assert dimension.values == ("maatwerk", "algemene voorzieningen")
    assert dimension.bounds_for("maatwerk") == (2, None)
    assert criteria.expertise is not None and criteria.expertise.weights == (("dementie", 3.0),)


@pytest.mark.parametrize(
    ("criteria", "key", "fragment"),
    [
        (with_(colour="red"), "colour", "unknown key"),
        (with_(seats={"mx": 3}), "seats.mx", "unknown key"),
        (with_(seats={"min": 5, "max": 3}), "seats.max", "minimum 5 is greater than maximum 3"),
        (with_(seats={"max": "3"}), "seats.max", "expected an integer, got a string"),
        (with_(seats={"max": True}), "seats.max", "expected an integer, got a boolean"),
        (with_(seats={"min": -1}), "seats.min", "must be 0 or more"),
        (with_(seats={"exact": 3, "max": 2}), "seats.exact", "outside"),
        (with_(format_version=2), "format_version", "not supported"),
        (with_(peildatum="1 januari"), "peildatum", "a date"),
        (with_(dimension=[{"column": "x"}]), "dimension[1].name", "required key"),
        (with_(dimension=[{"name": "d", "colum": "x"}]), "dimension[d].colum", "unknown key"),
        (
            with_(dimension=[{"name": "d", "min_per_value": 3, "max_per_value": 1}]),
            "dimension[d].max_per_value",
            "greater than",
        ),
        (
            with_(dimension=[{"name": "d", "min": {"a": 3}, "max": {"a": 2}}]),
            "dimension[d].min.a",
            "greater than",
        ),
        (with_(dimension=[{"name": "d", "values": ["a", "A"]}]), "dimension[d].values", "twice"),
        (with_(dimension=[{"name": "d"}, {"name": "D"}]), "dimension[2].name", "used twice"),
        (
            with_(dimension=[{"name": "d", "bands": [{"label": "a"}, {"label": "b"}]}]),
            "dimension[d].bands[0].below",
            "needs 'below'",
        ),
        (
            with_(
                dimension=[
                    {"name": "d", "bands": [{"label": "a", "below": 5}, {"label": "b", "below": 9}]}
                ]
            ),
            "dimension[d].bands[1].below",
            "no 'below'",
        ),
        (
            with_(
                dimension=[
                    {
                        "name": "d",
                        "bands": [
                            {"label": "a", "below": 5},
                            {"label": "b", "below": 2},
                            {"label": "c"},
                        ],
                    }
                ]
            ),
            "dimension[d].bands",
            "increase",
        ),
        (
            with_(
                dimension=[{"name": "d", "bands": [{"label": "a", "below": "5"}, {"label": "b"}]}]
            ),
            "dimension[d].bands[0].below",
            "expected a number",
        ),
        (
            with_(dimension=[{"name": "d", "quantiles": [0.5], "labels": ["a"]}]),
            "dimension[d].labels",
            "need 2 labels",
        ),
        (
            with_(dimension=[{"name": "d", "quantiles": [1.5], "labels": ["a", "b"]}]),
            "dimension[d].quantiles[0]",
            "between 0 and 1",
        ),
        (
            with_(dimension=[{"name": "d", "quantiles": [0.5]}]),
            "dimension[d].labels",
            "required key",
        ),
        (
            with_(
                dimension=[
                    {
                        "name": "d",
                        "quantiles": [0.5],
                        "labels": ["a", "b"],
                        "bands": [{"label": "x"}],
                    }
                ]
            ),
            "dimension[d].quantiles",
            "either bands or quantiles",
        ),
        (
            with_(joint=[{"dimensions": ["doelgroep", "nope"]}]),
            "joint[1].dimensions",
            "is not a dimension",
        ),
        (with_(joint=[{"dimensions": ["doelgroep"]}]), "joint[1].dimensions", "at least two"),
        (with_(expertise={"weights": {"a": "veel"}}), "expertise.weights.a", "expected a number"),
        (with_(expertise={"extra_seats": 1.5}), "expertise.extra_seats", "expected an integer"),
        (with_(constraints={"include": ["P1"], "exclude": ["P1"]}), "constraints.exclude", "both"),
        (with_(constraints={"include": [17]}), "constraints.include[0]", "expected a string"),
        (with_(tie_break={"order": "random"}), "tie_break.order", "not allowed"),
        (with_(tie_break={"order": "seeded"}), "tie_break.seed", "needs a seed"),
        (with_(pool={"list_separator": "||"}), "pool.list_separator", "one character"),
        (with_(lottery={"max_probability": 0}), "lottery.max_probability", "above 0"),
        (with_(lottery={"max_probability": 1.5}), "lottery.max_probability", "at most 1"),
        (with_(lottery={"max_probability": "hoog"}), "lottery.max_probability", "a number"),
    ],
)
def test_criteria_errors_name_the_key(criteria: dict[str, Any], key: str, fragment: str) -> None:
    with pytest.raises(CriteriaError) as info:
        load_criteria(criteria)
    messages = [str(p) for p in info.value.problems]
    assert any(f"key '{key}'" in m and fragment in m for m in messages), messages


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(CriteriaError) as info:
        load_criteria(with_(colour="red", seats={"max": -1}, tie_break={"order": "x"}))
    assert len(info.value.problems) == 3


def test_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("format_version = 1\n[seats\nmax = 3\n", encoding="utf-8")
    with pytest.raises(CriteriaError) as info:
        load_criteria(path)
    assert str(path) in str(info.value) and "line 2" in str(info.value)


@pytest.mark.parametrize(("content", "fragment"), [(b"", "empty"), (b"a\x00b", "binary")])
def test_empty_or_binary_criteria_file(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(content)
    with pytest.raises(CriteriaError, match=fragment):
        load_criteria(path)


def test_peildatum_as_string_and_defaults() -> None:
    criteria = load_criteria({"peildatum": "2026-01-01"})
    assert criteria.peildatum == dt.date(2026, 1, 1)
    assert criteria.seats.min == 0 and criteria.seats.max is None
    assert criteria.tie_break.order == "id"
