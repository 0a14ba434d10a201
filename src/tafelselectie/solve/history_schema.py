"""A history file, declared once as a strict pydantic model: an earlier ``select --json``.

Only what rotation reads is checked (``peildatum`` and ``selected``); the other keys of a
selection's JSON are allowed as they are. The JSON Schema in ``schemas/`` comes from this model.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from tafelselectie.io.schemas import Codes, refuse_day_first, words
from tafelselectie.io.values import parse_iso_date

CODES = Codes(
    prefix="history",
    single="history_key",
    expected={"selected": "a list of ids", "peildatum": "a date YYYY-MM-DD"},
)


def _date(value: object) -> dt.date:
    parsed = parse_iso_date(value) if isinstance(value, str) else None
    if parsed is None:
        refuse_day_first(value, "history_day_first_date")
        raise PydanticCustomError(
            "history_key", "expected a date", {"expected": words("a date YYYY-MM-DD")}
        )
    return parsed


class HistoryFile(BaseModel):
    """An earlier table: its peildatum and the ids that sat at it."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    peildatum: Annotated[
        dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
    ]
    selected: list[str]
