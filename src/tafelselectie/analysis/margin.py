"""Stability near the band edges: would the table change if a provider's banded value fell on
the other side of a cut?

Size bands cut a number, and a revenue figure at a peildatum carries error: a provider 2% under a
cut sits in another band than one 2% above it. :func:`band_margin` finds every eligible provider
whose banded value lies within ``margin`` (a fraction of the cut) of a cut, states which band it
would fall in on the other side, and solves the table again with that one value moved there.

Quantile cuts move with the data: moving one value can move the cut itself. The analysis holds
every cut where it was computed on this pool (the quantile dimension is read as bands at those
cuts), so each what-if changes one provider's band and nothing else; the cuts used are reported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.backends.base import Status
from tafelselectie.criteria import Band, Criteria, Dimension, load_criteria
from tafelselectie.errors import (
    InfeasibleError,
    NoSolutionError,
    Problem,
    UsageError,
)
from tafelselectie.io.pool import ActivePool, Pool, read_pool, resolve
from tafelselectie.io.values import check_time_limit, format_number, parse_number
from tafelselectie.solve.build import build_problem
from tafelselectie.solve.selection import select
from tafelselectie.solve.stage_models import TimeLeft
from tafelselectie.texts.messages import text

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.solve.result import SelectionResult
    from tafelselectie.solve.rotation import HistoryEntry


@dataclass(frozen=True)
class NearCut:
    """One provider near one cut, and the table if its value were on the other side."""

    id: str
    name: str
    dimension: str
    value: float
    cut: float
    band: str  # its band now (display spelling)
    other_band: str  # the band on the other side of the cut
    moved_to: float  # the value the what-if uses
    changes: bool  # the canonical table differs
    selected: tuple[str, ...] | None  # the table then (None: no table)
    seats: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "naam": self.name,
            "dimension": self.dimension,
            "value": self.value,
            "cut": self.cut,
            "band": self.band,
            "other_band": self.other_band,
            "moved_to": self.moved_to,
            "table_changes": self.changes,
            "selected": None if self.selected is None else list(self.selected),
            "seats": self.seats,
        }


@dataclass(frozen=True)
class MarginAnalysis:
    margin: float
    selected: tuple[str, ...]  # the canonical table as it is
    seats: int
    cuts: dict[str, tuple[float, ...]]  # banded dimension -> the cuts used (quantiles as computed)
    near: tuple[NearCut, ...]
    seconds: float

    @property
    def changing(self) -> tuple[NearCut, ...]:
        return tuple(n for n in self.near if n.changes)

    def sentence(self, lang: str = "en") -> str:
        """The table's sensitivity in one line."""
        if not self.near:
            return text("margin_none_near", lang, margin=_percent(self.margin, lang))
        providers = len({n.id for n in self.changing})
        if providers == 0:
            return text("margin_stable", lang, count=len(self.near))
        return text("margin_changes", lang, count=providers)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "margin": self.margin,
            "selected": list(self.selected),
            "seats": self.seats,
            "cuts": {k: list(v) for k, v in self.cuts.items()},
            "near": [n.to_dict() for n in self.near],
            "changing": sorted({n.id for n in self.changing}),
            "sentence": self.sentence(lang),
            "seconds": round(self.seconds, 3),
        }

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([n.to_dict() for n in self.near])


def band_margin(
    pool: Pool | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any],
    margin: float = 0.05,
    *,
    backend: str = "auto",
    history: Sequence[HistoryEntry] = (),
    time_limit: float | None = None,
) -> MarginAnalysis:
    """Every eligible provider whose banded value lies within ``margin`` (0.05: 5% of the cut)
    of a band cut, and the canonical table with that one value on the other side.

    ``time_limit`` bounds the whole analysis: each table gets what is left. "The same table",
    "another table" and "no table" are only said when proven; when the limit stops a table
    first, :class:`~tafelselectie.errors.SolverError` (``margin_time_limit``) is raised."""
    started = time.perf_counter()
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 < margin < 1:
        raise UsageError(Problem("usage_margin", {"value": margin}, key="margin"))
    left = TimeLeft(check_time_limit(time_limit), "margin_time_limit")

    def solve(active: ActivePool, criteria: Criteria) -> SelectionResult:
        try:
            result = _solve(active, criteria, backend, history, left.seconds())
        except NoSolutionError:
            raise left.stopped() from None
        if result.status is not Status.OPTIMAL:
            raise left.stopped()
        return result

    if not isinstance(criteria, Criteria):
        criteria = load_criteria(criteria)
    table = pool if isinstance(pool, Pool) else read_pool(pool)
    active = resolve(table, criteria.pool, criteria.peildatum)
    base = solve(active, criteria)
    problem = base.problem
    fixed = _cuts_held(criteria, problem.band_cuts)
    near: list[NearCut] = []
    position = {identifier: k for k, identifier in enumerate(active.ids)}
    for dimension in fixed.dimensions:
        if dimension.bands is None:
            continue
        column = active.pool.column_index(dimension.column)
        if column is None:
            continue
        cells = active.cells(column)
        cuts = [b.below for b in dimension.bands if b.below is not None]
        spellings = dimension.band_spellings()
        for k, identifier in enumerate(problem.ids):
            row = position[identifier]
            x = parse_number(cells[row])
            if x is None:
                continue
            for c, cut in enumerate(cuts):
                if abs(x - cut) > margin * abs(cut) or cut == 0:
                    continue
                below = x < cut
                moved = cut if below else _just_below(cut)
                band = _band_index(cuts, x)
                other = c + 1 if below else c
                what_if = _moved(active, row, column, moved)
                try:
                    result = solve(what_if, fixed)
                    selected: tuple[str, ...] | None = result.selected
                    seats: int | None = result.seats
                except InfeasibleError:  # proven: no table at all on the other side
                    selected, seats = None, None
                near.append(
                    NearCut(
                        id=identifier,
                        name=problem.names[k],
                        dimension=dimension.name,
                        value=x,
                        cut=cut,
                        band=spellings[band],
                        other_band=spellings[other],
                        moved_to=moved,
                        changes=selected != base.selected,
                        selected=selected,
                        seats=seats,
                    )
                )
    return MarginAnalysis(
        margin=float(margin),
        selected=base.selected,
        seats=base.seats,
        cuts={name: tuple(cuts) for name, cuts in problem.band_cuts.items()},
        near=tuple(near),
        seconds=time.perf_counter() - started,
    )


def _solve(
    active: ActivePool,
    criteria: Criteria,
    backend: str,
    history: Sequence[HistoryEntry],
    time_limit: float | None,
) -> SelectionResult:
    problem = build_problem(active, criteria)
    return select(problem, backend=backend, history=history, time_limit=time_limit)


def _cuts_held(criteria: Criteria, band_cuts: dict[str, tuple[float, ...]]) -> Criteria:
    """The criteria with every quantile dimension read as bands at the cuts computed on this
    pool, so a what-if moves one provider's band and no cut."""
    dimensions: list[Dimension] = []
    for dimension in criteria.dimensions:
        if dimension.quantiles is not None:
            labels = dimension.band_labels()
            spellings = dimension.band_spellings()
            cuts = band_cuts.get(dimension.name, ())
            bands = tuple(
                Band(label=label, below=cuts[k] if k < len(cuts) else None, spelling=spelling)
                for k, (label, spelling) in enumerate(zip(labels, spellings, strict=True))
            )
            dimension = replace(dimension, bands=bands, quantiles=None, labels=None)
        dimensions.append(dimension)
    return replace(criteria, dimensions=tuple(dimensions))


def _band_index(cuts: list[float], x: float) -> int:
    """The band of ``x``: the first whose cut (``below``, exclusive) lies above it."""
    return sum(1 for cut in cuts if cut <= x)


def _just_below(cut: float) -> float:
    """A value just on the lower side of ``cut`` (a millionth of it below)."""
    return cut - max(abs(cut) * 1e-6, 1e-9)


def _moved(active: ActivePool, row: int, column: int, value: float) -> ActivePool:
    pool = active.pool
    index = active.row_of[row]
    cells = list(pool.rows[index])
    cells[column] = format_number(value)
    rows = (*pool.rows[:index], tuple(cells), *pool.rows[index + 1 :])
    return replace(active, pool=replace(pool, rows=rows))


def _percent(fraction: float, lang: str) -> str:
    shown = f"{fraction * 100:g}%"
    return shown.replace(".", ",") if lang == "nl" else shown
