"""The criteria as frozen values: what the engine reads (spec section 2), made from a checked
file by :func:`tafelselectie.criteria.load_criteria`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from tafelselectie.io.values import normalise

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
    ``max_probability``: a cap on every provider's selection probability, except providers in
    every valid table.
    """

    method: str = "leximin"  # or "maximin"
    min_expertise_share: float = 1.0
    # no provider's probability above this (except those in every valid table); None: no cap
    max_probability: float | None = None


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
class Share:
    """A volume share (spec section 6): the table together holds at least ``min`` and at most
    ``max`` of a numeric pool column's total, over the whole pool or within every value of the
    dimension ``per``. The bounds are exact fractions (``0.1`` is one tenth)."""

    column: str
    min: Fraction | None = None
    max: Fraction | None = None
    per: str | None = None  # a dimension's name as in the criteria


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
    shares: tuple[Share, ...] = ()
    source: str = "<dict>"
    sha256: str | None = None  # of the bytes the file was read from (None for a dict)

    def dimension(self, name: str) -> Dimension:
        wanted = normalise(name)
        for dimension in self.dimensions:
            if normalise(dimension.name) == wanted:
                return dimension
        raise KeyError(name)
