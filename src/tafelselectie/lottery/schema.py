"""The lottery's two files, declared once as strict pydantic models: the sealed portfolio
(``tafelselectie lottery --json``) and the draw record (``tafelselectie draw --json``).

Both carry more than is checked here (the criteria's name, the input files' hashes, the
probabilities per provider): those keys are allowed, and the portfolio's seal covers all of them.
The JSON Schemas in ``schemas/`` are generated from these models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tafelselectie.io.schemas import Codes, problems_error, words

CODES = Codes(
    prefix="portfolio",
    single="portfolio_key",
    expected={
        "format": "tafelselectie-lottery",
        "tables": "a list of tables",
        "selected": "a list of ids",
        "probability": "a number >= 0",
        "numbered_tables": "a list of table numbers",
        "portfolio_sha256": "the seal",
        "format_version": "format version 1 or 2",
    },
)
DRAW_CODES = Codes(
    prefix="portfolio",
    single="portfolio_key",
    expected={
        "format": "tafelselectie-draw",
        "portfolio_sha256": "the portfolio's seal",
        "selected": "a list of ids",
        "table_number": "a table number",
        "seed": "a seed or a lot number",
        "lot_number": "a seed or a lot number",
    },
)


class _Open(BaseModel):
    # strict types; keys beyond the checked ones are part of the document (and of its seal)
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


class PortfolioTable(_Open):
    selected: list[str]
    probability: Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class PortfolioFile(_Open):
    """A sealed lottery portfolio: tables with probabilities summing to 1, optionally rounded to
    numbered lots, and the SHA-256 of its RFC 8785 canonical JSON without the seal itself."""

    format: Literal["tafelselectie-lottery"]
    format_version: Annotated[int, Field(ge=1, le=2)] = 1
    tables: list[PortfolioTable] = Field(min_length=1)
    numbered_tables: list[Annotated[int, Field(ge=1)]] | None = Field(None, min_length=1)
    portfolio_sha256: str

    @model_validator(mode="after")
    def _numbers_name_tables(self) -> PortfolioFile:
        if self.numbered_tables is not None and max(self.numbered_tables) > len(self.tables):
            params = {"expected": words("a list of table numbers")}
            raise problems_error([("portfolio_key", ".numbered_tables", params)])
        return self


class DrawRecord(_Open):
    """The record of one public draw: which portfolio, the seed (or lot number), the table."""

    format: Literal["tafelselectie-draw"]
    portfolio_sha256: str
    seed: str | None = None
    lot_number: Annotated[int, Field(ge=1)] | None = None
    table_number: int
    selected: list[str]

    @model_validator(mode="after")
    def _seed_or_number(self) -> DrawRecord:
        if not self.seed and self.lot_number is None:
            params = {"expected": words("a seed or a lot number")}
            raise problems_error([("portfolio_key", ".seed", params)])
        return self
