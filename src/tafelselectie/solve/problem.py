"""The coverage problem (spec section 3): cells, bounds, shares and a numpy incidence, as
:func:`tafelselectie.solve.build.build_problem` makes it from a pool and criteria.

Everything the model needs is here as plain arrays; nothing here knows about solvers. The
problem also keeps what people need to read a result: display spellings, each provider's values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from tafelselectie.criteria import (
    Criteria,
    LotterySettings,
    Rotation,
    TieBreak,
)
from tafelselectie.errors import Problem

if TYPE_CHECKING:
    pass

SCORE_SCALE = 1000  # spec 4.2: weights are compared at a resolution of 0.001

MAX_EXACT_UNITS = 1_000_000
"""The largest sum of scores (in steps of their greatest common divisor) or of costs that a
problem may have. Every row the model writes over scores or costs has an activity below this sum,
so one step is at least a millionth of it. The MIP solvers compare rows with tolerances of about
1e-9 to 1e-7 after scaling each row to its largest coefficient; measured on the example region
with a 0.001 weight beside weights of 1e4 and more (sums of 1e7 steps and up), CBC and HiGHS
lost tables that CP-SAT found, while sums up to about 1e6 agreed on every backend."""


@dataclass(frozen=True)
class CoverageCell:
    """One cell: the providers that have a value (or combination) must fill [min, max] seats."""

    key: str  # "doelgroep=ouderen" or "resultaatgebied=maatwerk & omvang=groot" (display spelling)
    kind: str  # "dimension" or "joint"
    parts: tuple[tuple[str, str], ...]  # (dimension name, normalised value)
    min: int
    max: int | None


@dataclass(frozen=True)
class ShareBound:
    """One bound of a volume share (spec section 6): the members' amounts of ``column`` (within
    the value ``value`` of dimension ``per``, or over the whole pool) must be at least ``min`` and
    at most ``max`` of ``total``, their sum over every eligible provider that counts.

    The amounts are exact decimals. For the model they are written in integer steps: with ``s``
    the smallest step in which every amount is whole, ``weights[k] = amounts[k] / s``, and
    ``sum weights * x >= ceil(min * total / s)`` holds exactly when ``sum amounts * x >= min *
    total`` does (the left side is an integer), likewise ``<= floor(max * total / s)``.
    """

    key: str  # "omzet" or "omzet | resultaatgebied=maatwerk" (display spelling)
    column: str
    per: str | None  # the dimension's name
    value: str | None  # the value of ``per`` (display spelling)
    min: Fraction | None
    max: Fraction | None
    members: tuple[int, ...]  # provider indices with an amount that counts (may be 0)
    amounts: tuple[Fraction, ...]  # aligned with members
    total: Fraction
    weights: tuple[int, ...]  # aligned with members
    lower: int | None  # of sum weights * x
    upper: int | None

    @staticmethod
    def make(
        key: str,
        column: str,
        per: str | None,
        value: str | None,
        bounds: tuple[Fraction | None, Fraction | None],
        members: Sequence[int],
        amounts: Sequence[Fraction],
    ) -> ShareBound:
        total = sum(amounts, Fraction(0))
        scale = math.lcm(*(a.denominator for a in amounts)) if amounts else 1
        whole = [int(a * scale) for a in amounts]
        step = math.gcd(*whole) or 1
        # weights = amounts / (step / scale): the smallest integers in the same proportion
        unit = Fraction(step, scale)
        low, high = bounds
        return ShareBound(
            key=key,
            column=column,
            per=per,
            value=value,
            min=low,
            max=high,
            members=tuple(members),
            amounts=tuple(amounts),
            total=total,
            weights=tuple(w // step for w in whole),
            lower=None if low is None else math.ceil(low * total / unit),
            upper=None if high is None else math.floor(high * total / unit),
        )

    def with_bounds(self, low: Fraction | None, high: Fraction | None) -> ShareBound:
        """The same share with other bounds (a relaxation)."""
        return ShareBound.make(
            self.key, self.column, self.per, self.value, (low, high), self.members, self.amounts
        )

    def held(self, chosen: frozenset[int] | set[int]) -> Fraction:
        """The exact sum of the amounts of the chosen providers."""
        return sum(
            (a for i, a in zip(self.members, self.amounts, strict=True) if i in chosen),
            Fraction(0),
        )


@dataclass(frozen=True)
class Provenance:
    """What a coverage problem keeps of its criteria: their name and file, and the settings the
    steps after the model read (tie-break, lottery, rotation). The whole :class:`Criteria` stays
    with whoever loaded it (and rides on :class:`~tafelselectie.solve.result.SelectionResult`),
    so the numeric core carries numbers, not the criteria file."""

    name: str = ""
    source: str = "<dict>"
    sha256: str | None = None  # of the criteria file's bytes as read
    tie_break: TieBreak = field(default_factory=TieBreak)
    lottery: LotterySettings = field(default_factory=LotterySettings)
    rotation: Rotation = field(default_factory=Rotation)

    @staticmethod
    def of(criteria: Criteria) -> Provenance:
        return Provenance(
            name=criteria.name,
            source=criteria.source,
            sha256=criteria.sha256,
            tie_break=criteria.tie_break,
            lottery=criteria.lottery,
            rotation=criteria.rotation,
        )


@dataclass(frozen=True)
class OnePerGroup:
    column: str
    value: str  # display spelling
    members: tuple[int, ...]  # provider indices


@dataclass(frozen=True, eq=False)
class CoverageProblem:
    """The set-covering problem with bounds: providers (rows) x cells (columns).

    ``incidence[i, j]`` is True when provider ``i`` counts for cell ``j``. ``scores`` are the
    expertise scores scaled by :data:`SCORE_SCALE` and rounded, so the model compares integers.
    ``priority`` lists provider indices in tie-break order (spec 4.4).
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    cells: tuple[CoverageCell, ...]
    incidence: np.ndarray
    scores: np.ndarray
    costs: np.ndarray  # int64 per provider; all 1 without a cost column
    seats_min: int
    seats_max: int | None
    seats_exact: int | None
    extra_seats: int
    include: tuple[int, ...]
    groups: tuple[OnePerGroup, ...]
    priority: tuple[int, ...]
    excluded: tuple[str, ...]
    peildatum: dt.date | None
    provenance: Provenance  # the criteria's name and the settings later steps read
    provider_values: dict[str, tuple[tuple[str, ...], ...]]  # dimension -> per provider labels
    excluded_cells: dict[str, tuple[str, ...]]  # cell key -> excluded ids that would cover it
    pool_source: str = "<DataFrame>"
    pool_sha256: str | None = None  # of the pool file's bytes as read (None for a DataFrame)
    warnings: tuple[Problem, ...] = ()  # input that has no effect on the answer, said out loud
    # Rotation over the years (see :mod:`tafelselectie.solve.rotation`); empty without history.
    blocked: tuple[int, ...] = ()  # may not sit: served max_consecutive_terms in a row
    blocked_terms: int = 0
    keep: tuple[int, ...] = ()  # members of the latest earlier table ...
    keep_min: int = 0  # ... of whom at least this many stay
    past_seats: tuple[int, ...] = ()  # per provider: earlier tables it sat at
    history: tuple[str, ...] = ()  # labels (peildatum) of the earlier tables, oldest first
    # (file, SHA-256 of its bytes as read) of each earlier table: the input hashes
    history_sha256: tuple[tuple[str, str | None], ...] = ()
    fairness: bool = False  # priority follows past seats (rotation.fairness)
    # banded dimension -> the cut points between its bands (quantile cuts as computed)
    band_cuts: dict[str, tuple[float, ...]] = field(default_factory=dict)
    shares: tuple[ShareBound, ...] = ()  # volume shares (spec section 6), one per bound

    def read_digests(self) -> dict[str, str]:
        """File -> SHA-256 of the bytes this problem was built from (pool, criteria, history),
        for the input hashes (io.files.input_sha256)."""
        pairs = [
            (self.pool_source, self.pool_sha256),
            (self.provenance.source, self.provenance.sha256),
            *self.history_sha256,
        ]
        return {source: digest for source, digest in pairs if digest is not None}

    @property
    def n_providers(self) -> int:
        return len(self.ids)

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    @property
    def unit_costs(self) -> bool:
        return bool(np.all(self.costs == 1))

    @property
    def has_scores(self) -> bool:
        return bool(np.any(self.scores != 0))

    def members(self, cell: int) -> np.ndarray:
        return np.flatnonzero(self.incidence[:, cell])

    def score_of(self, providers: Sequence[int]) -> float:
        return int(self.scores[list(providers)].sum()) / SCORE_SCALE


def priority_order(ids: Sequence[str], order: str, seed: str | None) -> tuple[int, ...]:
    """Provider indices in tie-break priority (spec 4.4): by id, or by seeded SHA-256."""
    if order == "seeded":

        def digest(i: int) -> tuple[str, str]:
            text = f"{seed}:{ids[i]}".encode()
            return hashlib.sha256(text).hexdigest(), ids[i]

        return tuple(sorted(range(len(ids)), key=digest))
    return tuple(sorted(range(len(ids)), key=lambda i: ids[i]))
