"""The criteria file (TOML, spec section 2) as frozen, validated values.

The file's shape is declared once, in :mod:`tafelselectie.criteria.schema` (strict pydantic
models, from which the published JSON Schema is generated). Every key is checked: unknown keys,
wrong types and inconsistent bounds are collected and raised together as one
:class:`~tafelselectie.errors.CriteriaError`, each problem naming its key. Values (dimension
values, band labels, expertise tags) are stored normalised (see
:func:`tafelselectie.io.values.normalise`); the spelling shown to people comes from the pool.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.criteria.model import (
    FORMAT_VERSION,
    Band,
    Constraints,
    Criteria,
    Dimension,
    Expertise,
    Joint,
    LotterySettings,
    PoolSettings,
    Rotation,
    Seats,
    Share,
    TieBreak,
)
from tafelselectie.errors import CriteriaError, Problem, present
from tafelselectie.io.values import exact_fraction, normalise

__all__ = [
    "FORMAT_VERSION",
    "Band",
    "Constraints",
    "Criteria",
    "Dimension",
    "Expertise",
    "Joint",
    "LotterySettings",
    "PoolSettings",
    "Rotation",
    "Seats",
    "Share",
    "TieBreak",
    "criteria_from_table",
    "load_criteria",
]

if TYPE_CHECKING:
    from tafelselectie.criteria.schema import CriteriaFile, DimensionEntry

# ---------------------------------------------------------------------------------------------
# Loading


def load_criteria(source: str | Path | Mapping[str, Any]) -> Criteria:
    """Criteria from a TOML file path or from a dict with the same structure.

    Raises :class:`CriteriaError` listing every problem, each naming its key.
    """
    if isinstance(source, Mapping):
        return criteria_from_table(source, "<dict>")
    import dataclasses

    from tafelselectie.io.files import read_text_digest

    name = str(source)
    text, problem, digest = read_text_digest(source, "toml")
    if text is None:
        raise CriteriaError([present(problem, "the reading problem")])
    if not text.strip():
        raise CriteriaError([Problem("file_empty", source=name)])
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError([Problem("toml_syntax", {"reason": str(exc)}, source=name)]) from None
    # the input hash of reports and portfolios, from this very read rather than a second one
    return dataclasses.replace(criteria_from_table(table, name), sha256=digest)


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
            max_probability=None
            if checked.lottery.max_probability is None
            else float(checked.lottery.max_probability),
        ),
        rotation=Rotation(
            max_consecutive_terms=checked.rotation.max_consecutive_terms,
            fairness=checked.rotation.fairness,
            min_continuity=checked.rotation.min_continuity,
        ),
        shares=tuple(
            Share(
                column=entry.column,
                min=None if entry.min is None else exact_fraction(entry.min),
                max=None if entry.max is None else exact_fraction(entry.max),
                per=None if entry.per is None else names[normalise(entry.per)],
            )
            for entry in checked.share
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
