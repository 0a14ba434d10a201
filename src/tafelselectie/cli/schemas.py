"""The published JSON Schemas of the five input formats, generated from their pydantic models.

``tafelselectie schema FORMAT`` prints one; ``python -m tafelselectie.cli.schemas DIR`` writes all
five (the repository keeps them in ``schemas/``, and a test fails when they differ from the
models). An editor that reads JSON Schema (taplo-based TOML editors, VS Code for JSON) then
completes keys and marks errors while the file is typed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

# format -> (module, model, $id, title)
FORMATS: dict[str, tuple[str, str, str, str]] = {
    "criteria": (
        "tafelselectie.criteria.schema",
        "CriteriaFile",
        "https://tafelselectie.nl/schemas/criteria.schema.json",
        "tafelselectie criteria file (TOML)",
    ),
    "portfolio": (
        "tafelselectie.lottery.schema",
        "PortfolioFile",
        "https://tafelselectie.nl/schemas/portfolio.schema.json",
        "tafelselectie lottery portfolio (JSON)",
    ),
    "draw": (
        "tafelselectie.lottery.schema",
        "DrawRecord",
        "https://tafelselectie.nl/schemas/draw.schema.json",
        "tafelselectie draw record (JSON)",
    ),
    "history": (
        "tafelselectie.solve.history_schema",
        "HistoryFile",
        "https://tafelselectie.nl/schemas/history.schema.json",
        "tafelselectie history file: an earlier selection (JSON)",
    ),
    "basisovereenkomst": (
        "tafelselectie.workflow.schema",
        "AgreementFile",
        "https://tafelselectie.nl/schemas/basisovereenkomst.schema.json",
        "tafelselectie basisovereenkomst (TOML)",
    ),
}


def schema_text(name: str) -> str:
    """The JSON Schema of format ``name`` (a key of :data:`FORMATS`) as text."""
    from tafelselectie.io.schemas import json_schema

    module, model, identifier, title = FORMATS[name]
    toml = title.endswith("(TOML)")
    return json_schema(
        getattr(importlib.import_module(module), model), title, identifier, toml=toml
    )


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FORMATS:
        path = directory / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
