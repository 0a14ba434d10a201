"""The basisovereenkomst: the rules of the process, read from its TOML file."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tafelselectie.errors import Problem, WorkflowError, present
from tafelselectie.workflow.domain import (
    DEFAULT_MIN_MEETINGS,
    DEFAULT_REACTION_DAYS,
)


@dataclass(frozen=True)
class BasisAgreement:
    """The rules of the basisovereenkomst that the process checks."""

    name: str
    start: dt.date
    municipalities: tuple[str, ...]
    providers: Mapping[str, str]  # id -> name: every provider of the region
    reaction_period_days: int = DEFAULT_REACTION_DAYS
    min_meetings_per_year: int = DEFAULT_MIN_MEETINGS


def load_agreement(path: str | Path) -> BasisAgreement:
    """A basisovereenkomst TOML file; ``providers`` names a pool file (CSV or .xlsx, relative to
    the TOML file) whose ``id`` and ``naam`` columns list the region's providers."""
    from tafelselectie.io.files import read_text
    from tafelselectie.io.pool import read_pool

    name = str(path)
    text, problem = read_text(path, "toml")
    if text is None:
        raise WorkflowError([present(problem, "the reading problem")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkflowError([Problem("toml_syntax", {"reason": str(exc)}, source=name)]) from None
    from tafelselectie.io.schemas import validate
    from tafelselectie.workflow.schema import CODES, AgreementFile

    checked, problems = validate(AgreementFile, data, name, CODES)
    if checked is None:
        raise WorkflowError(problems)
    source = checked.providers
    providers: dict[str, str] = {}
    pool = read_pool(Path(path).parent / source)
    id_column, name_column = pool.column_index("id"), pool.column_index("naam")
    if id_column is None:
        missing = Problem("agreement_no_id_column", {"file": source}, source=name, key="providers")
        raise WorkflowError([missing])
    for row in pool.rows:
        identifier = str(row[id_column] or "").strip()
        label = row[name_column] if name_column is not None else None
        if identifier:
            providers[identifier] = str(label).strip() if label else identifier
    return BasisAgreement(
        name=checked.name.strip(),
        start=checked.start,
        municipalities=tuple(m.strip() for m in checked.municipalities),
        providers=providers,
        reaction_period_days=checked.reaction_period_days,
        min_meetings_per_year=checked.min_meetings_per_year,
    )
