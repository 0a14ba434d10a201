"""The criteria file (TOML, spec section 2) as frozen, validated values.

Every key is checked: unknown keys, wrong types and inconsistent bounds are collected and raised
together as one :class:`~tafelselectie.errors.CriteriaError`, each problem naming its key.
Values (dimension values, band labels, expertise tags) are stored normalised (see
:func:`tafelselectie.io.values.normalise`); the spelling shown to people comes from the pool.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tafelselectie.errors import CriteriaError, Problem, present
from tafelselectie.io.values import normalise
from tafelselectie.texts.messages import WORDS_NL

FORMAT_VERSION = 1

# The range the engine handles exactly. Counts (seats, per-value bounds, extra seats, rotation
# terms) above a million mean no bound in any real region and would overflow the solvers' integer
# types; weights above a million cannot be compared at 0.001 beside small ones. The model's own
# limit on what solvers compare exactly is in tafelselectie.solve.problem (MAX_EXACT_UNITS).
MAX_COUNT = 1_000_000
MAX_WEIGHT = 1_000_000


@dataclass(frozen=True)
class PoolSettings:
    id_column: str = "id"
    name_column: str = "naam"
    date_column: str = "peildatum"
    list_separator: str = ";"
    cost_column: str | None = None  # provider costs: stage 1 then minimises the total cost
    date_column_explicit: bool = False  # set in the file: then the column must exist


@dataclass(frozen=True)
class Seats:
    min: int = 0
    max: int | None = None
    exact: int | None = None

    @property
    def lower(self) -> int:
        return self.exact if self.exact is not None else self.min

    @property
    def upper(self) -> int | None:
        return self.exact if self.exact is not None else self.max


@dataclass(frozen=True)
class Band:
    label: str  # normalised
    below: float | None  # None for the last band
    spelling: str = ""  # as written in the criteria


@dataclass(frozen=True)
class Dimension:
    """A categorical dimension (list-valued column) or a numeric column cut into bands."""

    name: str
    column: str
    min_per_value: int = 1
    max_per_value: int | None = None
    values: tuple[str, ...] | None = None  # normalised; None = every value of eligible providers
    value_spellings: tuple[str, ...] = ()
    min_overrides: tuple[tuple[str, int], ...] = ()
    max_overrides: tuple[tuple[str, int], ...] = ()
    bands: tuple[Band, ...] | None = None
    quantiles: tuple[float, ...] | None = None
    labels: tuple[str, ...] | None = None  # normalised quantile labels
    label_spellings: tuple[str, ...] = ()

    @property
    def is_banded(self) -> bool:
        return self.bands is not None or self.quantiles is not None

    def band_labels(self) -> tuple[str, ...]:
        if self.bands is not None:
            return tuple(b.label for b in self.bands)
        return self.labels or ()

    def band_spellings(self) -> tuple[str, ...]:
        if self.bands is not None:
            return tuple(b.spelling or b.label for b in self.bands)
        return self.label_spellings or self.labels or ()

    def bounds_for(self, value: str) -> tuple[int, int | None]:
        """(min, max) of the cell of ``value`` (normalised): override, else per-value default."""
        low = dict(self.min_overrides).get(value, self.min_per_value)
        high = dict(self.max_overrides).get(value, self.max_per_value)
        return low, high


@dataclass(frozen=True)
class Joint:
    dimensions: tuple[str, ...]  # dimension names as in the criteria
    min_per_value: int = 1
    max_per_value: int | None = None


@dataclass(frozen=True)
class Expertise:
    column: str = "expertise"
    weights: tuple[tuple[str, float], ...] = ()  # normalised tag -> weight
    extra_seats: int = 0


@dataclass(frozen=True)
class Constraints:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    one_per: tuple[str, ...] = ()


@dataclass(frozen=True)
class TieBreak:
    order: str = "id"  # "id" or "seeded"
    seed: str | None = None  # kept as text: the hash input is f"{seed}:{id}"


@dataclass(frozen=True)
class LotterySettings:
    """How the lottery (:mod:`tafelselectie.lottery.leximin`) chooses among tables.

    ``min_expertise_share``: a table takes part when its expertise score is at least this share
    of the best score (spec step 2); 1.0, the default, keeps exactly the equally good tables.
    """

    method: str = "leximin"  # or "maximin"
    min_expertise_share: float = 1.0


@dataclass(frozen=True)
class Rotation:
    """Policies over the years, applied when previous tables are given as history.

    ``max_consecutive_terms``: a provider that sat at each of the last N tables may not sit now.
    ``fairness``: providers that sat less often so far come first (in the tie-break order, and
    as offsets in the lottery's leximin). ``min_continuity``: at least K members of last year's
    table stay.
    """

    max_consecutive_terms: int | None = None
    fairness: bool = False
    min_continuity: int = 0

    @property
    def active(self) -> bool:
        return self.max_consecutive_terms is not None or self.fairness or self.min_continuity > 0


@dataclass(frozen=True)
class Criteria:
    format_version: int = FORMAT_VERSION
    name: str = ""
    peildatum: dt.date | None = None
    pool: PoolSettings = field(default_factory=PoolSettings)
    seats: Seats = field(default_factory=Seats)
    dimensions: tuple[Dimension, ...] = ()
    joints: tuple[Joint, ...] = ()
    expertise: Expertise | None = None
    constraints: Constraints = field(default_factory=Constraints)
    tie_break: TieBreak = field(default_factory=TieBreak)
    lottery: LotterySettings = field(default_factory=LotterySettings)
    rotation: Rotation = field(default_factory=Rotation)
    source: str = "<dict>"

    def dimension(self, name: str) -> Dimension:
        wanted = normalise(name)
        for dimension in self.dimensions:
            if normalise(dimension.name) == wanted:
                return dimension
        raise KeyError(name)


# ---------------------------------------------------------------------------------------------
# Loading


def load_criteria(source: str | Path | Mapping[str, Any]) -> Criteria:
    """Criteria from a TOML file path or from a dict with the same structure.

    Raises :class:`CriteriaError` listing every problem, each naming its key.
    """
    if isinstance(source, Mapping):
        return _Parser("<dict>").criteria(source)
    from tafelselectie.io.files import read_text

    name = str(source)
    text, problem = read_text(source, "toml")
    if text is None:
        raise CriteriaError([present(problem, "the reading problem")])
    if not text.strip():
        raise CriteriaError([Problem("file_empty", source=name)])
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError([Problem("toml_syntax", {"reason": str(exc)}, source=name)]) from None
    return _Parser(name).criteria(table)


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a table",
    dt.date: "a date",
    dt.datetime: "a date and time",
    dt.time: "a time",
}


def _words(english: str) -> dict[str, str]:
    """A type description in both languages (rendered by the message's language)."""
    return {"en": english, "nl": WORDS_NL.get(english, english)}


def _type_name(value: object) -> dict[str, str]:
    for kind in (bool, dt.datetime, dt.date, dt.time, int, float, str, list, dict):
        if isinstance(value, kind):
            return _words(_TYPE_NAMES[kind])
    return _words(type(value).__name__)


class _Parser:
    """Reads one criteria table, collecting problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, code: str, key: str, **params: object) -> None:
        self.problems.append(Problem(code, params, source=self.source, key=key))

    # -- typed getters ------------------------------------------------------------------------

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem("criteria_unknown_key", _join(path, key), allowed=", ".join(allowed))

    def wrong_type(self, key: str, expected: str, value: object) -> None:
        self.problem("criteria_type", key, expected=_words(expected), got=_type_name(value))

    def integer(
        self, table: Mapping[str, Any], key: str, path: str, default: int | None
    ) -> int | None:
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(_join(path, key), "an integer", value)
            return default
        if value < 0:
            self.problem("criteria_negative", _join(path, key), value=value)
            return default
        if value > MAX_COUNT:
            self.problem("criteria_too_large", _join(path, key), value=value, maximum=MAX_COUNT)
            return default
        return value

    def string(
        self, table: Mapping[str, Any], key: str, path: str, default: str | None
    ) -> str | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str):
            self.wrong_type(_join(path, key), "a string", value)
            return default
        return value

    def number(self, value: object, key: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.wrong_type(key, "a number", value)
            return None
        if not math.isfinite(value):
            self.problem("criteria_not_finite", key)
            return None
        return float(value)

    def string_list(self, table: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        if key not in table:
            return None
        value = table[key]
        full = _join(path, key)
        if not isinstance(value, list):
            self.wrong_type(full, "a list of strings", value)
            return None
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.wrong_type(f"{full}[{index}]", "a string", item)
            elif not item.strip():
                self.problem("criteria_empty_value", f"{full}[{index}]")
            else:
                out.append(item)
        return tuple(out)

    def sub_table(self, table: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, Mapping):
            self.wrong_type(_join(path, key), "a table", value)
            return {}
        return value

    def bounds(self, low: int | None, high: int | None, key: str) -> None:
        if low is not None and high is not None and low > high:
            self.problem("criteria_min_gt_max", key, min=low, max=high)

    # -- sections -----------------------------------------------------------------------------

    def criteria(self, table: Mapping[str, Any]) -> Criteria:
        self.keys(
            table,
            (
                "format_version",
                "name",
                "peildatum",
                "pool",
                "seats",
                "dimension",
                "joint",
                "expertise",
                "constraints",
                "tie_break",
                "lottery",
                "rotation",
            ),
            "",
        )
        version = self.integer(table, "format_version", "", FORMAT_VERSION)
        if version is not None and version != FORMAT_VERSION:
            self.problem("criteria_format_version", "format_version", value=version)
        name = self.string(table, "name", "", "") or ""
        peildatum = self.peildatum(table)
        pool = self.pool(self.sub_table(table, "pool", ""))
        seats = self.seats(self.sub_table(table, "seats", ""))
        dimensions = self.dimensions(table.get("dimension", []))
        joints = self.joints(table.get("joint", []), dimensions)
        expertise = self.expertise(table) if "expertise" in table else None
        constraints = self.constraints(self.sub_table(table, "constraints", ""))
        tie_break = self.tie_break(self.sub_table(table, "tie_break", ""))
        lottery = self.lottery(self.sub_table(table, "lottery", ""))
        rotation = self.rotation(self.sub_table(table, "rotation", ""))
        if self.problems:
            raise CriteriaError(self.problems)
        return Criteria(
            format_version=FORMAT_VERSION,
            name=name,
            peildatum=peildatum,
            pool=pool,
            seats=seats,
            dimensions=dimensions,
            joints=joints,
            expertise=expertise,
            constraints=constraints,
            tie_break=tie_break,
            lottery=lottery,
            rotation=rotation,
            source=self.source,
        )

    def peildatum(self, table: Mapping[str, Any]) -> dt.date | None:
        if "peildatum" not in table:
            return None
        value = table["peildatum"]
        if isinstance(value, dt.datetime):
            self.wrong_type("peildatum", "a date (YYYY-MM-DD)", value)
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            from tafelselectie.io.values import parse_iso_date

            parsed = parse_iso_date(value)
            if parsed is not None:
                return parsed
        self.wrong_type("peildatum", "a date (YYYY-MM-DD)", value)
        return None

    def pool(self, table: Mapping[str, Any]) -> PoolSettings:
        allowed = ("id_column", "name_column", "date_column", "list_separator", "cost_column")
        self.keys(table, allowed, "pool")
        defaults = PoolSettings()
        separator = self.string(table, "list_separator", "pool", defaults.list_separator)
        if separator is not None and (len(separator) != 1 or separator.isspace()):
            self.problem("criteria_separator", "pool.list_separator", value=separator)
            separator = defaults.list_separator
        return PoolSettings(
            id_column=self.string(table, "id_column", "pool", defaults.id_column) or "id",
            name_column=self.string(table, "name_column", "pool", defaults.name_column) or "naam",
            date_column=self.string(table, "date_column", "pool", defaults.date_column)
            or "peildatum",
            list_separator=separator or ";",
            cost_column=self.string(table, "cost_column", "pool", None),
            date_column_explicit="date_column" in table,
        )

    def seats(self, table: Mapping[str, Any]) -> Seats:
        self.keys(table, ("min", "max", "exact"), "seats")
        low = self.integer(table, "min", "seats", 0) or 0
        high = self.integer(table, "max", "seats", None)
        exact = self.integer(table, "exact", "seats", None)
        self.bounds(low, high, "seats.max")
        if exact is not None and (exact < low or (high is not None and exact > high)):
            self.problem(
                "criteria_exact_conflict",
                "seats.exact",
                exact=exact,
                min=low,
                max="-" if high is None else high,
            )
        return Seats(min=low, max=high, exact=exact)

    def dimensions(self, value: object) -> tuple[Dimension, ...]:
        if isinstance(value, Mapping):
            value = [value]  # a single [dimension] table instead of [[dimension]]
        if not isinstance(value, list):
            self.wrong_type("dimension", "an array of tables [[dimension]]", value)
            return ()
        out: list[Dimension] = []
        names: set[str] = set()
        for index, item in enumerate(value, start=1):
            path = f"dimension[{index}]"
            if not isinstance(item, Mapping):
                self.wrong_type(path, "a table", item)
                continue
            dimension = self.dimension(item, path)
            if dimension is None:
                continue
            key = normalise(dimension.name)
            if key in names:
                self.problem("criteria_duplicate_name", f"{path}.name", name=dimension.name)
            names.add(key)
            out.append(dimension)
        return tuple(out)

    def dimension(self, table: Mapping[str, Any], path: str) -> Dimension | None:
        allowed = (
            "name",
            "column",
            "min_per_value",
            "max_per_value",
            "values",
            "min",
            "max",
            "bands",
            "quantiles",
            "labels",
        )
        name = self.string(table, "name", path, None)
        if name is not None and name.strip():
            path = f"dimension[{name}]"
        self.keys(table, allowed, path)
        if name is None:
            if "name" not in table:
                self.problem("criteria_missing_key", f"{path}.name")
            return None
        if not name.strip():
            self.problem("criteria_empty_value", f"{path}.name")
            return None
        column = self.string(table, "column", path, name) or name
        low = self.integer(table, "min_per_value", path, 1)
        high = self.integer(table, "max_per_value", path, None)
        low = 1 if low is None else low
        self.bounds(low, high, f"{path}.max_per_value")

        bands: tuple[Band, ...] | None = None
        quantiles: tuple[float, ...] | None = None
        labels: tuple[str, ...] | None = None
        label_spellings: tuple[str, ...] = ()
        if "bands" in table and "quantiles" in table:
            self.problem("criteria_bands_and_quantiles", f"{path}.quantiles")
        elif "bands" in table:
            bands = self.bands(table["bands"], f"{path}.bands")
        elif "quantiles" in table:
            quantiles, labels, label_spellings = self.quantiles(table, path)
        if "labels" in table and "quantiles" not in table:
            self.problem("criteria_labels_without_quantiles", f"{path}.labels")

        values: tuple[str, ...] | None = None
        spellings: tuple[str, ...] = ()
        raw_values = self.string_list(table, "values", path)
        if raw_values is not None:
            # A listed value that is no band label is a required value no provider can have:
            # spec 3.3 makes that infeasible, which the problem reports with the cell named.
            values, spellings = self.unique_values(raw_values, f"{path}.values")
        # Override keys are not checked against the values here: spec 3.1 defines the cells by
        # `values` (or the pool), and an override for a value without a cell has no effect. The
        # problem builder reports such overrides as warnings.
        min_overrides = self.overrides(table, "min", path)
        max_overrides = self.overrides(table, "max", path)
        max_map = dict(max_overrides)
        for value, minimum in min_overrides:
            maximum = max_map.get(value, high)
            self.bounds(minimum, maximum, f"{path}.min.{value}")
        for value, maximum in max_overrides:
            if value not in dict(min_overrides):
                self.bounds(low, maximum, f"{path}.max.{value}")
        return Dimension(
            name=name,
            column=column,
            min_per_value=low,
            max_per_value=high,
            values=values,
            value_spellings=spellings,
            min_overrides=min_overrides,
            max_overrides=max_overrides,
            bands=bands,
            quantiles=quantiles,
            labels=labels,
            label_spellings=label_spellings,
        )

    def unique_values(
        self, raw: tuple[str, ...], key: str
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        values: list[str] = []
        spellings: list[str] = []
        for item in raw:
            value = normalise(item)
            if value in values:
                self.problem("criteria_duplicate_value", key, value=item)
                continue
            values.append(value)
            spellings.append(" ".join(item.split()))
        return tuple(values), tuple(spellings)

    def overrides(
        self, table: Mapping[str, Any], key: str, path: str
    ) -> tuple[tuple[str, int], ...]:
        if key not in table:
            return ()
        full = _join(path, key)
        section = table[key]
        if not isinstance(section, Mapping):
            self.wrong_type(full, "a table of value = number", section)
            return ()
        out: dict[str, int] = {}
        for raw_value, bound in section.items():
            value_key = f"{full}.{raw_value}"
            value = normalise(raw_value)
            if not value:
                self.problem("criteria_empty_value", value_key)
                continue
            if value in out:
                self.problem("criteria_duplicate_value", value_key, value=raw_value)
                continue
            if isinstance(bound, bool) or not isinstance(bound, int):
                self.wrong_type(value_key, "an integer", bound)
                continue
            if bound < 0:
                self.problem("criteria_negative", value_key, value=bound)
                continue
            if bound > MAX_COUNT:
                self.problem("criteria_too_large", value_key, value=bound, maximum=MAX_COUNT)
                continue
            out[value] = bound
        return tuple(out.items())

    def bands(self, value: object, key: str) -> tuple[Band, ...] | None:
        if not isinstance(value, list) or not value:
            if isinstance(value, list):
                self.problem("criteria_empty_list", key)
            else:
                self.wrong_type(key, "a list of {label, below} tables", value)
            return None
        out: list[Band] = []
        labels: set[str] = set()
        ok = True
        for index, item in enumerate(value):
            item_key = f"{key}[{index}]"
            if not isinstance(item, Mapping):
                self.wrong_type(item_key, "a table {label, below}", item)
                ok = False
                continue
            self.keys(item, ("label", "below"), item_key)
            label = self.string(item, "label", item_key, None)
            if label is None:
                if "label" not in item:
                    self.problem("criteria_missing_key", f"{item_key}.label")
                ok = False
                continue
            if not label.strip():
                self.problem("criteria_empty_value", f"{item_key}.label")
                ok = False
                continue
            if normalise(label) in labels:
                self.problem("criteria_duplicate_value", f"{item_key}.label", value=label)
                ok = False
            labels.add(normalise(label))
            below: float | None = None
            last = index == len(value) - 1
            if "below" in item:
                below = self.number(item["below"], f"{item_key}.below")
                if below is None:
                    ok = False
                if last:
                    self.problem("criteria_band_below_last", f"{item_key}.below")
                    ok = False
            elif not last:
                self.problem("criteria_band_below_missing", f"{item_key}.below")
                ok = False
            out.append(Band(label=normalise(label), below=below, spelling=" ".join(label.split())))
        if not ok:
            return None
        cuts = [b.below for b in out[:-1]]
        if any(a is not None and b is not None and a >= b for a, b in itertools.pairwise(cuts)):
            self.problem("criteria_not_increasing", key, values=cuts)
            return None
        return tuple(out)

    def quantiles(
        self, table: Mapping[str, Any], path: str
    ) -> tuple[tuple[float, ...] | None, tuple[str, ...] | None, tuple[str, ...]]:
        key = f"{path}.quantiles"
        raw = table["quantiles"]
        if not isinstance(raw, list) or not raw:
            if isinstance(raw, list):
                self.problem("criteria_empty_list", key)
            else:
                self.wrong_type(key, "a list of numbers", raw)
            return None, None, ()
        cuts: list[float] = []
        for index, item in enumerate(raw):
            number = self.number(item, f"{key}[{index}]")
            if number is None:
                return None, None, ()
            if not 0.0 <= number <= 1.0:
                self.problem("criteria_quantile_range", f"{key}[{index}]", value=item)
                return None, None, ()
            cuts.append(number)
        if any(a >= b for a, b in itertools.pairwise(cuts)):
            self.problem("criteria_not_increasing", key, values=cuts)
            return None, None, ()
        raw_labels = self.string_list(table, "labels", path)
        if raw_labels is None:
            if "labels" not in table:
                self.problem("criteria_missing_key", f"{path}.labels")
            return None, None, ()
        labels, spellings = self.unique_values(raw_labels, f"{path}.labels")
        if len(labels) != len(cuts) + 1:
            self.problem(
                "criteria_labels_count",
                f"{path}.labels",
                quantiles=len(cuts),
                expected=len(cuts) + 1,
                got=len(raw_labels),
            )
            return None, None, ()
        return tuple(cuts), labels, spellings

    def joints(self, value: object, dimensions: tuple[Dimension, ...]) -> tuple[Joint, ...]:
        if isinstance(value, Mapping):
            value = [value]
        if not isinstance(value, list):
            self.wrong_type("joint", "an array of tables [[joint]]", value)
            return ()
        names = {normalise(d.name): d.name for d in dimensions}
        out: list[Joint] = []
        for index, item in enumerate(value, start=1):
            path = f"joint[{index}]"
            if not isinstance(item, Mapping):
                self.wrong_type(path, "a table", item)
                continue
            self.keys(item, ("dimensions", "min_per_value", "max_per_value"), path)
            raw = self.string_list(item, "dimensions", path)
            if raw is None:
                if "dimensions" not in item:
                    self.problem("criteria_missing_key", f"{path}.dimensions")
                continue
            chosen: list[str] = []
            for name in raw:
                key = normalise(name)
                if key not in names:
                    self.problem(
                        "criteria_joint_unknown_dimension",
                        f"{path}.dimensions",
                        value=name,
                        allowed=", ".join(d.name for d in dimensions) or "-",
                    )
                    continue
                if names[key] not in chosen:
                    chosen.append(names[key])
            if len({normalise(n) for n in raw}) < 2:
                self.problem("criteria_joint_too_few", f"{path}.dimensions")
            low = self.integer(item, "min_per_value", path, 1)
            high = self.integer(item, "max_per_value", path, None)
            low = 1 if low is None else low
            self.bounds(low, high, f"{path}.max_per_value")
            out.append(Joint(dimensions=tuple(chosen), min_per_value=low, max_per_value=high))
        return tuple(out)

    def expertise(self, table: Mapping[str, Any]) -> Expertise:
        section = self.sub_table(table, "expertise", "")
        self.keys(section, ("column", "weights", "extra_seats"), "expertise")
        column = self.string(section, "column", "expertise", "expertise") or "expertise"
        extra = self.integer(section, "extra_seats", "expertise", 0) or 0
        weights: dict[str, float] = {}
        raw = self.sub_table(section, "weights", "expertise")
        for tag, weight in raw.items():
            key = f"expertise.weights.{tag}"
            value = normalise(tag)
            if not value:
                self.problem("criteria_empty_value", key)
                continue
            if value in weights:
                self.problem("criteria_duplicate_value", key, value=tag)
                continue
            number = self.number(weight, key)
            if number is not None and abs(number) > MAX_WEIGHT:
                self.problem("criteria_weight_too_large", key, value=weight, maximum=MAX_WEIGHT)
            elif number is not None:
                weights[value] = number
        return Expertise(column=column, weights=tuple(weights.items()), extra_seats=extra)

    def constraints(self, table: Mapping[str, Any]) -> Constraints:
        self.keys(table, ("include", "exclude", "one_per"), "constraints")
        include = self.ids(table, "include")
        exclude = self.ids(table, "exclude")
        for identifier in sorted(set(include) & set(exclude)):
            self.problem("criteria_include_and_exclude", "constraints.exclude", id=identifier)
        one_per = self.string_list(table, "one_per", "constraints") or ()
        return Constraints(include=include, exclude=exclude, one_per=tuple(one_per))

    def ids(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        raw = self.string_list(table, key, "constraints") or ()
        out: list[str] = []
        for item in raw:
            identifier = item.strip()
            if identifier not in out:
                out.append(identifier)
        return tuple(out)

    def tie_break(self, table: Mapping[str, Any]) -> TieBreak:
        self.keys(table, ("order", "seed"), "tie_break")
        order = self.string(table, "order", "tie_break", "id") or "id"
        if order not in ("id", "seeded"):
            self.problem("criteria_choice", "tie_break.order", value=order, allowed="id, seeded")
            order = "id"
        seed: str | None = None
        if "seed" in table:
            raw = table["seed"]
            if isinstance(raw, bool) or not isinstance(raw, (int, str)):
                self.wrong_type("tie_break.seed", "an integer or a string", raw)
            else:
                seed = str(raw)
        if order == "seeded" and seed is None and "seed" not in table:
            self.problem("criteria_seed_required", "tie_break.seed")
        return TieBreak(order=order, seed=seed)

    def lottery(self, table: Mapping[str, Any]) -> LotterySettings:
        self.keys(table, ("method", "min_expertise_share"), "lottery")
        method = self.string(table, "method", "lottery", "leximin") or "leximin"
        if method not in ("leximin", "maximin"):
            self.problem(
                "criteria_choice", "lottery.method", value=method, allowed="leximin, maximin"
            )
            method = "leximin"
        share = 1.0
        if "min_expertise_share" in table:
            number = self.number(table["min_expertise_share"], "lottery.min_expertise_share")
            if number is not None and not 0.0 <= number <= 1.0:
                self.problem("criteria_share", "lottery.min_expertise_share", value=number)
            elif number is not None:
                share = number
        return LotterySettings(method=method, min_expertise_share=share)

    def rotation(self, table: Mapping[str, Any]) -> Rotation:
        self.keys(table, ("max_consecutive_terms", "fairness", "min_continuity"), "rotation")
        terms = self.integer(table, "max_consecutive_terms", "rotation", None)
        if terms is not None and terms < 1:
            self.problem("criteria_positive", "rotation.max_consecutive_terms", value=terms)
            terms = None
        fairness = False
        if "fairness" in table:
            if isinstance(table["fairness"], bool):
                fairness = table["fairness"]
            else:
                self.wrong_type("rotation.fairness", "a boolean", table["fairness"])
        continuity = self.integer(table, "min_continuity", "rotation", 0) or 0
        return Rotation(max_consecutive_terms=terms, fairness=fairness, min_continuity=continuity)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
