"""The criteria file's shape (spec section 2), declared once as strict pydantic models.

Each key is declared here with its type, default and range; the JSON Schema of
``schemas/criteria.schema.json`` (and ``tafelselectie schema criteria``) is generated from these
models, so the editor's completion and this checker cannot disagree. The rules across keys
(minimum above maximum, duplicate values after normalising, bands that must increase) are our
validators; each reports with the codes of :mod:`tafelselectie.texts.messages`.
:mod:`tafelselectie.criteria` turns a checked file into the frozen :class:`Criteria` values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tafelselectie.criteria.model import FORMAT_VERSION
from tafelselectie.io.schemas import (
    Codes,
    Found,
    problems_error,
    refuse_day_first,
    type_name,
    words,
)
from tafelselectie.io.values import normalise

# The range the engine handles exactly. Counts (seats, per-value bounds, extra seats, rotation
# terms) above a million mean no bound in any real region and would overflow the solvers' integer
# types; weights above a million cannot be compared at 0.001 beside small ones. The model's own
# limit on what solvers compare exactly is in tafelselectie.solve.problem (MAX_EXACT_UNITS).
MAX_COUNT = 1_000_000
MAX_WEIGHT = 1_000_000

CODES = Codes(
    prefix="criteria",
    range_codes={
        "min_expertise_share": "criteria_share",
        "max_probability": "criteria_cap",
        "share": "criteria_share",
        "max_consecutive_terms": "criteria_positive",
        "weights": "criteria_weight_too_large",
        "quantiles": "criteria_quantile_range",
    },
    expected={
        "values": "a list of strings",
        "labels": "a list of strings",
        "include": "a list of strings",
        "exclude": "a list of strings",
        "one_per": "a list of strings",
        "dimensions": "a list of strings",
        "quantiles": "a list of numbers",
        "bands": "a list of {label, below} tables",
        "bands[]": "a table {label, below}",
        "min": "a table of value = number",
        "max": "a table of value = number",
        "dimension": "an array of tables [[dimension]]",
        "joint": "an array of tables [[joint]]",
        "share": "an array of tables [[share]]",
    },
)

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Number = Annotated[float, Field(allow_inf_nan=False)]
# a value people type (a dimension value, a label, an id): something besides spaces
Text = Annotated[str, Field(pattern=r"\S")]


def _date(value: object) -> dt.date:
    from tafelselectie.io.values import parse_iso_date

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    parsed = parse_iso_date(value) if isinstance(value, str) else None
    if parsed is None:
        refuse_day_first(value, "criteria_day_first_date")
        raise PydanticCustomError(
            "criteria_type",
            "expected a date",
            {"expected": words("a date (YYYY-MM-DD)"), "got": type_name(value)},
        )
    return parsed


def _seed(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PydanticCustomError(
            "criteria_type",
            "expected an integer or a string",
            {"expected": words("an integer or a string"), "got": type_name(value)},
        )
    return str(value)  # kept as text: the hash input is f"{seed}:{id}"


# TOML dates (peildatum = 2026-01-01) and the same date as text ("2026-01-01"): one grammar
Peildatum = Annotated[
    dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]
Seed = Annotated[str, PlainValidator(_seed), WithJsonSchema({"type": ["integer", "string"]})]


class Section(BaseModel):
    # a docstring under a field is its description in the JSON Schema (editors show it, and
    # the documentation's criteria reference is generated from it); io.schemas.json_schema reads
    # them when the schema is written, not pydantic at every import
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _duplicates(values: Sequence[str], suffix: str) -> list[Found]:
    seen: set[str] = set()
    out: list[Found] = []
    for value in values:
        key = normalise(value)
        if key in seen:
            out.append(("criteria_duplicate_value", suffix, {"value": value}))
        seen.add(key)
    return out


def _duplicate_keys(table: Mapping[str, object], suffix: str) -> list[Found]:
    """Keys of a table that are the same value once normalised ("Jeugd" and "jeugd")."""
    return [(code, f"{suffix}.{p['value']}", p) for code, _, p in _duplicates(list(table), "")]


def _min_gt_max(low: int | None, high: int | None, suffix: str) -> list[Found]:
    if low is not None and high is not None and low > high:
        return [("criteria_min_gt_max", suffix, {"min": low, "max": high})]
    return []


def _raise(found: list[Found]) -> None:
    if found:
        raise problems_error(found)


class PoolSection(Section):
    """Which columns of the pool hold what."""

    id_column: str = "id"
    """the column of the provider ids (text: `007` and `7` differ)"""
    name_column: str = "naam"
    """the column of the provider names"""
    date_column: str = "peildatum"
    """the column of the rows' dates; with it, only the rows of the peildatum are used"""
    list_separator: str = Field(";", description="one character between the values of a cell")
    cost_column: str | None = Field(
        None, description="provider costs: stage 1 then minimises the total cost"
    )

    @field_validator("list_separator")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if len(value) != 1 or value.isspace():
            raise PydanticCustomError("criteria_separator", "one character", {"value": value})
        return value


class SeatsSection(Section):
    """The size of the table."""

    min: Count = 0
    """at least this many seats"""
    max: Count | None = None
    """at most this many seats"""
    exact: Count | None = None
    """exactly this many seats (between min and max)"""

    @model_validator(mode="after")
    def _consistent(self) -> SeatsSection:
        found = _min_gt_max(self.min, self.max, ".max")
        exact = self.exact
        if exact is not None and (exact < self.min or (self.max is not None and exact > self.max)):
            params = {"exact": exact, "min": self.min, "max": "-" if self.max is None else self.max}
            found.append(("criteria_exact_conflict", ".exact", params))
        _raise(found)
        return self


class BandEntry(Section):
    """One band of a numeric column: the values below `below`, not in an earlier band."""

    label: Text
    """the name of the band, as cells and reports show it"""
    below: Number | None = Field(None, description="upper cut (exclusive); not on the last band")


class DimensionEntry(Section):
    """A list-valued column (each value a cell) or a numeric column cut into bands."""

    name: Text
    """the name of the dimension, used in cells (`omvang=klein`), `joint` and `per`"""
    column: str | None = Field(None, description="the pool column; default: the name")
    min_per_value: Count = 1
    """every cell of this dimension has at least this many providers at the table"""
    max_per_value: Count | None = None
    """every cell of this dimension has at most this many providers at the table"""
    values: list[Text] | None = Field(None, description="required values; default: all in pool")
    min: dict[Text, Count] = Field(default_factory=dict, description="per-value minimums")
    max: dict[Text, Count] = Field(default_factory=dict, description="per-value maximums")
    bands: list[BandEntry] | None = Field(None, min_length=1)
    """a numeric column cut into bands at fixed values (`below`), each band a cell"""
    quantiles: list[Annotated[Number, Field(ge=0.0, le=1.0)]] | None = Field(None, min_length=1)
    """cut a numeric column at these quantiles of the eligible providers (with `labels`)"""
    labels: list[Text] | None = None
    """the names of the quantile bands: one more than `quantiles`"""

    @model_validator(mode="after")
    def _consistent(self) -> DimensionEntry:
        found = _min_gt_max(self.min_per_value, self.max_per_value, ".max_per_value")
        if self.values is not None:
            found += _duplicates(self.values, ".values")
        found += _duplicate_keys(self.min, ".min")
        found += _duplicate_keys(self.max, ".max")
        maxima = {normalise(k): v for k, v in self.max.items()}
        minima = {normalise(k): v for k, v in self.min.items()}
        for value, minimum in self.min.items():
            high = maxima.get(normalise(value), self.max_per_value)
            found += _min_gt_max(minimum, high, f".min.{value}")
        for value, maximum in self.max.items():
            if normalise(value) not in minima:
                found += _min_gt_max(self.min_per_value, maximum, f".max.{value}")
        if self.bands is not None and self.quantiles is not None:
            found.append(("criteria_bands_and_quantiles", ".quantiles", {}))
        elif self.bands is not None:
            found += self._bands(self.bands)
        elif self.quantiles is not None:
            found += self._quantiles(self.quantiles)
        if self.labels is not None and self.quantiles is None:
            found.append(("criteria_labels_without_quantiles", ".labels", {}))
        _raise(found)
        return self

    @staticmethod
    def _bands(bands: list[BandEntry]) -> list[Found]:
        found: list[Found] = []
        seen: set[str] = set()
        for index, band in enumerate(bands):
            key = normalise(band.label)
            if key in seen:
                found.append(
                    ("criteria_duplicate_value", f".bands[{index}].label", {"value": band.label})
                )
            seen.add(key)
            last = index == len(bands) - 1
            if last and band.below is not None:
                found.append(("criteria_band_below_last", f".bands[{index}].below", {}))
            if not last and band.below is None:
                found.append(("criteria_band_below_missing", f".bands[{index}].below", {}))
        cuts = [b.below for b in bands[:-1] if b.below is not None]
        if not found and any(a >= b for a, b in itertools.pairwise(cuts)):
            found.append(("criteria_not_increasing", ".bands", {"values": cuts}))
        return found

    def _quantiles(self, cuts: list[float]) -> list[Found]:
        if any(a >= b for a, b in itertools.pairwise(cuts)):
            return [("criteria_not_increasing", ".quantiles", {"values": cuts})]
        if self.labels is None:
            return [("criteria_missing_key", ".labels", {})]
        found = _duplicates(self.labels, ".labels")
        if not found and len(self.labels) != len(cuts) + 1:
            params = {"quantiles": len(cuts), "expected": len(cuts) + 1, "got": len(self.labels)}
            found.append(("criteria_labels_count", ".labels", params))
        return found


class JointEntry(Section):
    """Cells for every combination of the values of two or more dimensions."""

    dimensions: list[Text]
    """two or more dimension names: a cell for every combination of their values"""
    min_per_value: Count = 1
    """every combination that an eligible provider has gets at least this many seats"""
    max_per_value: Count | None = None
    """every combination gets at most this many seats"""

    @model_validator(mode="after")
    def _consistent(self) -> JointEntry:
        found: list[Found] = []
        if len({normalise(n) for n in self.dimensions}) < 2:
            found.append(("criteria_joint_too_few", ".dimensions", {}))
        found += _min_gt_max(self.min_per_value, self.max_per_value, ".max_per_value")
        _raise(found)
        return self


Weight = Annotated[Number, Field(ge=-MAX_WEIGHT, le=MAX_WEIGHT)]


class ExpertiseSection(Section):
    """Expertise that adds value: tags in a pool column, each with a weight."""

    column: str = "expertise"
    """the pool column of expertise tags (a list, like a dimension column)"""
    weights: dict[Text, Weight] = Field(default_factory=dict)
    """tag = weight: a provider's score is the sum of its tags' weights (each tag once)"""
    extra_seats: Count = 0
    """seats (or cost units) beyond the minimum that stage 2 may spend on expertise"""

    @model_validator(mode="after")
    def _consistent(self) -> ExpertiseSection:
        _raise(_duplicate_keys(self.weights, ".weights"))
        return self


class ConstraintsSection(Section):
    """Providers that must or may not sit, and at most one per value of a column."""

    include: list[Text] = Field(default_factory=list)
    """provider ids that sit at the table"""
    exclude: list[Text] = Field(default_factory=list)
    """provider ids removed from the pool before anything else"""
    one_per: list[Text] = Field(default_factory=list)
    """columns (such as concern) of which each value has at most one provider at the table"""

    @model_validator(mode="after")
    def _consistent(self) -> ConstraintsSection:
        both = sorted({i.strip() for i in self.include} & {i.strip() for i in self.exclude})
        _raise([("criteria_include_and_exclude", ".exclude", {"id": i}) for i in both])
        return self


class TieBreakSection(Section):
    """How one table is chosen among equally good ones (stage 4)."""

    order: Literal["id", "seeded"] = "id"
    """the priority order among equally good tables: ids ascending, or a seeded hash"""
    seed: Seed | None = None
    """the seed of the `seeded` order; the hash input is `{seed}:{id}`"""

    @model_validator(mode="after")
    def _consistent(self) -> TieBreakSection:
        if self.order == "seeded" and self.seed is None:
            _raise([("criteria_seed_required", ".seed", {})])
        return self


class LotterySection(Section):
    """The fair lottery over equally good tables (`tafelselectie lottery`)."""

    method: Literal["leximin", "maximin"] = "leximin"
    """leximin makes the probabilities as equal as possible; maximin raises only the smallest"""
    min_expertise_share: Annotated[Number, Field(ge=0.0, le=1.0)] = 1.0
    """tables in the lottery score at least this share of the best expertise score"""
    max_probability: Annotated[Number, Field(gt=0.0, le=1.0)] | None = Field(
        None, description="a cap on every provider's probability, in (0, 1]"
    )


class RotationSection(Section):
    """Rules against the same providers every year, applied with `--history`."""

    max_consecutive_terms: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    """a provider that sat at each of the last N tables may not sit now"""
    fairness: bool = False
    """providers that sat less often come first; the lottery levels cumulative seats"""
    min_continuity: Count = 0
    """at least this many members of the latest table stay"""


Fraction01 = Annotated[Number, Field(ge=0.0, le=1.0)]


class ShareEntry(Section):
    """A volume share (spec section 6): the table holds at least ``min`` and at most ``max`` of
    the pool total of ``column``, or of each value's total of the dimension ``per``."""

    column: Text = Field(description="a numeric pool column (omzet, clienten, dagdelen, ...)")
    min: Fraction01 | None = Field(None, description="a fraction in [0, 1]")
    max: Fraction01 | None = Field(None, description="a fraction in [0, 1], not below min")
    per: Text | None = Field(None, description="the name of a dimension: the bound per value")

    @model_validator(mode="after")
    def _consistent(self) -> ShareEntry:
        found: list[Found] = []
        if self.min is None and self.max is None:
            found.append(("criteria_share_bound_missing", "", {}))
        elif self.min is not None and self.max is not None and self.min > self.max:
            found.append(("criteria_min_gt_max", ".max", {"min": self.min, "max": self.max}))
        _raise(found)
        return self


def _as_array(value: object) -> object:
    # a single [dimension] table instead of [[dimension]] means one entry
    return [value] if isinstance(value, Mapping) else value


class CriteriaFile(Section):
    """A criteria file (TOML), format version 1."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="tafelselectie criteria",
        json_schema_extra={"x-taplo-info": {"authors": ["tafelselectie"]}},
    )

    format_version: int = FORMAT_VERSION
    """the version of this format; only 1 exists"""
    name: str = ""
    """the name of the table, shown in the outputs and the report"""
    peildatum: Peildatum | None = None
    """the reference date (YYYY-MM-DD): the pool rows of this date are used"""
    pool: PoolSection = PoolSection()
    """which columns of the pool hold what"""
    seats: SeatsSection = SeatsSection()
    """the size of the table"""
    dimension: Annotated[list[DimensionEntry], BeforeValidator(_as_array)] = Field(
        default_factory=list
    )
    """what the table represents: every value (or band) of each dimension is a cell"""
    joint: Annotated[list[JointEntry], BeforeValidator(_as_array)] = Field(default_factory=list)
    """cells for combinations of dimensions (resultaatgebied x omvang, ...)"""
    share: Annotated[list[ShareEntry], BeforeValidator(_as_array)] = Field(default_factory=list)
    """volume shares of a numeric column that the table holds (spec section 6)"""
    expertise: ExpertiseSection | None = None
    """expertise that adds value (stage 2)"""
    constraints: ConstraintsSection = ConstraintsSection()
    """providers that must or may not sit; at most one per value of a column"""
    tie_break: TieBreakSection = TieBreakSection()
    """how one table is chosen among equally good ones (stage 4)"""
    lottery: LotterySection = LotterySection()
    """the fair lottery over equally good tables"""
    rotation: RotationSection = RotationSection()
    """rules against the same providers every year (used with history)"""

    @field_validator("format_version")
    @classmethod
    def _supported(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise PydanticCustomError("criteria_format_version", "unsupported", {"value": value})
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaFile:
        found: list[Found] = []
        seen: set[str] = set()
        for index, dimension in enumerate(self.dimension, start=1):
            key = normalise(dimension.name)
            if key in seen:
                params = {"name": dimension.name}
                found.append(("criteria_duplicate_name", f"dimension[{index}].name", params))
            seen.add(key)
        names = ", ".join(d.name for d in self.dimension) or "-"
        for index, joint in enumerate(self.joint, start=1):
            for name in joint.dimensions:
                if normalise(name) not in seen:
                    params = {"value": name, "allowed": names}
                    found.append(
                        ("criteria_joint_unknown_dimension", f"joint[{index}].dimensions", params)
                    )
        for index, share in enumerate(self.share, start=1):
            if share.per is not None and normalise(share.per) not in seen:
                params = {"value": share.per, "allowed": names}
                found.append(("criteria_share_unknown_dimension", f"share[{index}].per", params))
        _raise(found)
        return self


def criteria_key(loc: Sequence[str | int], data: object) -> str:
    """Where a problem is, as the messages name it: ``dimension[omvang].bands[0].below`` (a
    dimension by its name when it has one, else by its number from 1), ``joint[1].dimensions``,
    list items by position from 0, table keys by their text."""
    out = ""
    parent: Any = data
    for position, part in enumerate(loc):
        if isinstance(part, int):
            name = None
            if position == 1 and loc[0] == "dimension":
                entry = parent[part] if isinstance(parent, list) and part < len(parent) else None
                raw = entry.get("name") if isinstance(entry, Mapping) else None
                name = raw if isinstance(raw, str) and raw.strip() else None
            if name is not None:
                out += f"[{name}]"
            elif position == 1 and loc[0] in ("dimension", "joint", "share"):
                out += f"[{part + 1}]"
            else:
                out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
        parent = _step(parent, part)
    return out


def _step(parent: Any, part: str | int) -> Any:
    if part in ("dimension", "joint", "share") and isinstance(parent, Mapping):
        return _as_array(parent.get(part))
    if isinstance(part, int):
        return parent[part] if isinstance(parent, list) and part < len(parent) else None
    return parent.get(part) if isinstance(parent, Mapping) else None
