"""Reading the small JSON files the package exchanges (selections, history, portfolios).

One reader, so every such file fails the same way: a missing file or invalid JSON is a
:class:`Problem` naming the file, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tafelselectie.errors import Problem


def read_json(path: str | Path) -> tuple[Any, Problem | None]:
    """The parsed file (a byte order mark is allowed), or ``(None, problem)``."""
    name = str(path)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig")), None
    except FileNotFoundError:
        return None, Problem("file_missing", source=name)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem("json_invalid", {"reason": str(exc)}, source=name)
