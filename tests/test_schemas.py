"""The published JSON Schemas (schemas/): generated from the pydantic models, accepted by every
example file, and refusing the shape errors the checker refuses. Checked with the `jsonschema`
library, independently of pydantic."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tafelselectie import CriteriaError, load_criteria
from tafelselectie.cli import main
from tafelselectie.cli.schemas import FORMATS, schema_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
DATA = ROOT / "data"
GOLDEN = ROOT / "tests" / "golden" / "cases"


def _as_json(value: Any) -> Any:
    """TOML values as an editor's schema check sees them: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _toml(path: Path) -> Any:
    return _as_json(tomllib.loads(path.read_text(encoding="utf-8-sig")))


@pytest.mark.parametrize("name", list(FORMATS))
def test_published_schema_is_the_models_schema(name: str) -> None:
    """Regenerate with `python -m tafelselectie.cli.schemas schemas` after changing a model."""
    published = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert published == schema_text(name)


def test_every_criteria_example_is_valid_and_points_to_the_schema() -> None:
    validator = _validator("criteria")
    examples = [DATA / "criteria-2026.toml", DATA / "klein-voorbeeld.toml"]
    for path in examples:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "#:schema ../schemas/criteria.schema.json", path
        assert (path.parent / first.split(" ", 1)[1]).is_file()
    examples += sorted(GOLDEN.glob("*/criteria.toml"))
    assert len(examples) > 20
    for path in examples:
        errors = [e.message for e in validator.iter_errors(_toml(path))]
        assert errors == [], (path, errors)


def test_the_agreement_example_is_valid() -> None:
    path = DATA / "basisovereenkomst-voorbeeld.toml"
    assert path.read_text(encoding="utf-8").startswith("#:schema ../schemas/basisovereenkomst")
    assert list(_validator("basisovereenkomst").iter_errors(_toml(path))) == []


def test_portfolio_draw_and_history_files_made_by_the_cli_are_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool, criteria = DATA / "klein-voorbeeld.csv", tmp_path / "criteria.toml"
    # a history file needs the peildatum of its table
    example = (DATA / "klein-voorbeeld.toml").read_text(encoding="utf-8")
    criteria.write_text("peildatum = 2026-01-01\n" + example, encoding="utf-8")
    selection, portfolio, record = tmp_path / "s.json", tmp_path / "p.json", tmp_path / "d.json"
    assert main(["select", str(pool), "-c", str(criteria), "--json", str(selection)]) == 0
    assert main(["lottery", str(pool), "-c", str(criteria), "--json", str(portfolio)]) == 0
    assert main(["draw", str(portfolio), "--seed", "2026", "--json", str(record)]) == 0
    assert (
        main(["lottery", str(pool), "-c", str(criteria), "--lots", "10", "--json", str(portfolio)])
        == 0
    )
    numbered = tmp_path / "dn.json"
    assert main(["draw", str(portfolio), "--number", "3", "--json", str(numbered)]) == 0
    capsys.readouterr()
    for name, path in [
        ("history", selection),
        ("portfolio", portfolio),
        ("draw", record),
        ("draw", numbered),
    ]:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(_validator(name).iter_errors(data)) == [], (name, path)


BASE: dict[str, Any] = {"format_version": 1, "dimension": [{"name": "d", "column": "c"}]}

# Shape errors: a JSON Schema sees them as well as the checker does. (The rules across keys,
# such as a minimum above a maximum, are the checker's alone.)
SHAPE_ERRORS = [
    {**BASE, "colour": "red"},
    {**BASE, "seats": {"mx": 3}},
    {**BASE, "seats": {"max": "3"}},
    {**BASE, "seats": {"max": True}},
    {**BASE, "seats": {"min": -1}},
    {**BASE, "seats": {"max": 2_000_000}},
    {**BASE, "peildatum": 20260101},
    {**BASE, "dimension": [{"column": "x"}]},
    {**BASE, "dimension": [{"name": "d", "colum": "x"}]},
    {**BASE, "dimension": [{"name": "d", "bands": []}]},
    {**BASE, "dimension": [{"name": "d", "bands": [{"label": "a", "below": "5"}]}]},
    {**BASE, "dimension": [{"name": "d", "quantiles": [1.5], "labels": ["a", "b"]}]},
    {**BASE, "dimension": [{"name": "  "}]},
    {**BASE, "joint": [{"dimensions": "d"}]},
    {**BASE, "expertise": {"weights": {"a": "veel"}}},
    {**BASE, "expertise": {"extra_seats": 1.5}},
    {**BASE, "constraints": {"include": [17]}},
    {**BASE, "tie_break": {"order": "random"}},
    {**BASE, "lottery": {"min_expertise_share": 2}},
    {**BASE, "lottery": {"method": "random"}},
    {**BASE, "rotation": {"max_consecutive_terms": 0}},
    {**BASE, "rotation": {"fairness": "ja"}},
]


@pytest.mark.parametrize("criteria", SHAPE_ERRORS, ids=lambda c: json.dumps(c)[40:80])
def test_shape_errors_are_refused_by_the_schema_and_by_the_checker(criteria: Any) -> None:
    assert list(_validator("criteria").iter_errors(_as_json(criteria))) != []
    with pytest.raises(CriteriaError):
        load_criteria(criteria)


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "criteria"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("tafelselectie criteria")
    out = tmp_path / "b.json"
    assert main(["schema", "basisovereenkomst", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text("basisovereenkomst")
    assert main(["schema", "nope"]) == 2
    err = capsys.readouterr().err
    assert "FORMAT" in err and "Traceback" not in err


def test_every_criteria_key_is_described() -> None:
    """The descriptions come from the docstrings under the fields (io.schemas.json_schema reads
    them; pydantic does not, at import): every property of every section has one."""
    schema = json.loads(schema_text("criteria"))
    nodes = [schema, *schema["$defs"].values()]
    missing = [
        f"{node.get('title')}.{name}"
        for node in nodes
        for name, prop in node.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []
    assert len(nodes) >= 10
