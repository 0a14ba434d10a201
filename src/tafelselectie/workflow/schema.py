"""The basisovereenkomst file (TOML), declared once as a strict pydantic model.

The JSON Schema in ``schemas/`` is generated from it; the provider file it names is read by
:func:`tafelselectie.workflow.service.load_agreement` after this check.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from tafelselectie.io.schemas import Codes, problems_error, type_name, words
from tafelselectie.workflow.domain import DEFAULT_MIN_MEETINGS, DEFAULT_REACTION_DAYS

CODES = Codes(
    prefix="agreement",
    range_codes={
        "reaction_period_days": "agreement_too_small",
        "min_meetings_per_year": "agreement_too_small",
    },
    expected={"municipalities": "a list of strings"},
)


def _date(value: object) -> dt.date:
    # a TOML date (start = 2026-01-01); text or a date and time is not one
    from tafelselectie.io.values import day_first_as_iso, parse_iso_date

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    as_date = parse_iso_date(value)
    iso = as_date.isoformat() if as_date is not None else day_first_as_iso(value)
    if iso is not None:  # a date in quotes: shown as it must be written, never read from text
        raise PydanticCustomError(
            "agreement_date_as_text", "a date as text", {"value": value, "iso": iso}
        )
    raise PydanticCustomError(
        "agreement_type",
        "expected a date",
        {"expected": words("a date (YYYY-MM-DD)"), "got": type_name(value)},
    )


Text = Annotated[str, Field(pattern=r"\S")]


class AgreementFile(BaseModel):
    """A basisovereenkomst: its name, start, municipalities and the region's provider file."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    name: Text
    start: Annotated[
        dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
    ]
    municipalities: list[Text] = Field(min_length=1)
    providers: str = Field(
        description="the region's provider file (CSV or .xlsx, relative to this file)"
    )
    reaction_period_days: Annotated[int, Field(ge=1, le=3650)] = DEFAULT_REACTION_DAYS
    min_meetings_per_year: Annotated[int, Field(ge=0, le=366)] = DEFAULT_MIN_MEETINGS

    @model_validator(mode="after")
    def _no_twice(self) -> AgreementFile:
        names = [m.strip() for m in self.municipalities]
        twice = sorted({m for m in names if names.count(m) > 1})
        if twice:
            found = [("agreement_duplicate", ".municipalities", {"value": m}) for m in twice]
            raise problems_error(found)
        return self
