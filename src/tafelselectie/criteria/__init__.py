"""The criteria file (TOML, spec section 2) as frozen, validated values.

The file's shape is declared once, in :mod:`tafelselectie.criteria.schema` (strict pydantic
models, from which the published JSON Schema is generated). Every key is checked: unknown keys,
wrong types and inconsistent bounds are collected and raised together as one
:class:`~tafelselectie.errors.CriteriaError`, each problem naming its key. Values (dimension
values, band labels, expertise tags) are stored normalised (see
:func:`tafelselectie.io.values.normalise`); the spelling shown to people comes from the pool.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.errors import CriteriaError, Problem, present
from tafelselectie.io.values import normalise

if TYPE_CHECKING:
    from tafelselectie.criteria.schema import CriteriaFile, DimensionEntry

FORMAT_VERSION = 1  # of the criteria file; the exact ranges of its numbers are in .schema


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
        return criteria_from_table(source, "<dict>")
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
    return criteria_from_table(table, name)


def criteria_from_table(table: Mapping[str, Any], source: str) -> Criteria:
    """Criteria from a parsed TOML table, checked against :class:`~tafelselectie.criteria.
    schema.CriteriaFile`; raises :class:`CriteriaError` with every problem found."""
    from tafelselectie.criteria.schema import CODES, CriteriaFile, criteria_key
    from tafelselectie.io.schemas import validate

    checked, problems = validate(CriteriaFile, table, source, CODES, criteria_key)
    if checked is None:
        raise CriteriaError(problems)
    return _criteria(checked, source)


def _criteria(checked: CriteriaFile, source: str) -> Criteria:
    pool = checked.pool
    expertise = checked.expertise
    constraints = checked.constraints
    names = {normalise(d.name): d.name for d in checked.dimension}
    return Criteria(
        format_version=checked.format_version,
        name=checked.name,
        peildatum=checked.peildatum,
        pool=PoolSettings(
            id_column=pool.id_column,
            name_column=pool.name_column,
            date_column=pool.date_column,
            list_separator=pool.list_separator,
            cost_column=pool.cost_column,
            date_column_explicit="date_column" in pool.model_fields_set,
        ),
        seats=Seats(min=checked.seats.min, max=checked.seats.max, exact=checked.seats.exact),
        dimensions=tuple(_dimension(d) for d in checked.dimension),
        joints=tuple(
            Joint(
                dimensions=tuple(dict.fromkeys(names[normalise(n)] for n in j.dimensions)),
                min_per_value=j.min_per_value,
                max_per_value=j.max_per_value,
            )
            for j in checked.joint
        ),
        expertise=None
        if expertise is None
        else Expertise(
            column=expertise.column,
            weights=tuple((normalise(tag), float(w)) for tag, w in expertise.weights.items()),
            extra_seats=expertise.extra_seats,
        ),
        constraints=Constraints(
            include=_ids(constraints.include),
            exclude=_ids(constraints.exclude),
            one_per=tuple(constraints.one_per),
        ),
        tie_break=TieBreak(order=checked.tie_break.order, seed=checked.tie_break.seed),
        lottery=LotterySettings(
            method=checked.lottery.method,
            min_expertise_share=float(checked.lottery.min_expertise_share),
        ),
        rotation=Rotation(
            max_consecutive_terms=checked.rotation.max_consecutive_terms,
            fairness=checked.rotation.fairness,
            min_continuity=checked.rotation.min_continuity,
        ),
        source=source,
    )


def _spelling(text: str) -> str:
    return " ".join(text.split())


def _dimension(entry: DimensionEntry) -> Dimension:
    # A listed value that is no band label is a required value no provider can have: spec 3.3
    # makes that infeasible, which the problem reports with the cell named. Override keys are not
    # checked against the values here: spec 3.1 defines the cells by `values` (or the pool), and
    # an override for a value without a cell has no effect; the problem builder warns of them.
    values = entry.values
    labels = entry.labels if entry.quantiles is not None else None
    return Dimension(
        name=entry.name,
        column=entry.column if entry.column is not None else entry.name,
        min_per_value=entry.min_per_value,
        max_per_value=entry.max_per_value,
        values=None if values is None else tuple(normalise(v) for v in values),
        value_spellings=() if values is None else tuple(_spelling(v) for v in values),
        min_overrides=tuple((normalise(k), v) for k, v in entry.min.items()),
        max_overrides=tuple((normalise(k), v) for k, v in entry.max.items()),
        bands=None
        if entry.bands is None
        else tuple(
            Band(
                label=normalise(b.label),
                below=None if b.below is None else float(b.below),
                spelling=_spelling(b.label),
            )
            for b in entry.bands
        ),
        quantiles=None if entry.quantiles is None else tuple(float(q) for q in entry.quantiles),
        labels=None if labels is None else tuple(normalise(v) for v in labels),
        label_spellings=() if labels is None else tuple(_spelling(v) for v in labels),
    )


def _ids(raw: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip() for item in raw))
