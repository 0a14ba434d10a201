"""Reading the files people give the package: one reader, so every format fails the same way.

Pools (CSV), criteria and basisovereenkomst files (TOML) and the JSON files the package exchanges
(selections, history, portfolios, draw records) are all read as text by :func:`read_text`:

* a missing file, a directory, or an unreadable file is a :class:`Problem` naming the file;
* UTF-8 with or without a byte order mark is read; UTF-16 and UTF-32 are read when their byte
  order mark says so (Excel's "Unicode text" is UTF-16 with a BOM);
* NUL bytes without such a mark mean a binary file, and bytes that are not UTF-8 are reported
  with their line (as a text editor counts it: the first line is 1, a CSV's header), the byte
  itself and its position, and advice that fits the format (CSV or TOML or JSON). Excel on a
  Dutch Windows saves "CSV" as Windows-1252, where ``é`` is the byte ``e9``: the line finds it.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tafelselectie.errors import Problem

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str | Path) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or ``(None, problem)`` for a missing, directory or unreadable path."""
    name = str(path)
    target = Path(path)
    try:
        return target.read_bytes(), None
    except FileNotFoundError:
        return None, Problem("file_missing", source=name)
    except IsADirectoryError:
        return None, Problem("file_is_directory", source=name)
    except OSError as exc:
        if target.is_dir():
            return None, Problem("file_is_directory", source=name)
        return None, Problem("file_unreadable", {"reason": exc.strerror or str(exc)}, source=name)


def decode_text(data: bytes, name: str, kind: str) -> tuple[str | None, Problem | None]:
    """``data`` as text (see the module docstring); ``kind`` (``csv``, ``toml``, ``json``)
    chooses the advice in the message when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                return None, Problem(
                    "file_bad_encoding", {"encoding": encoding, "position": exc.start}, source=name
                )
    if b"\x00" in data:
        return None, Problem("file_binary_" + kind, source=name)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = {
            "line": data.count(b"\n", 0, exc.start) + 1,
            "byte": f"0x{data[exc.start]:02x}",
            "position": exc.start,
        }
        return None, Problem("file_not_utf8_" + kind, where, source=name)


def read_text(path: str | Path, kind: str) -> tuple[str | None, Problem | None]:
    """The file at ``path`` as text, or ``(None, problem)``; see :func:`decode_text`."""
    text, problem, _ = read_text_digest(path, kind)
    return text, problem


def read_text_digest(path: str | Path, kind: str) -> tuple[str | None, Problem | None, str | None]:
    """:func:`read_text` with the SHA-256 of the bytes the text was decoded from (None with a
    problem): the input hash of reports and portfolios, from the read that built the data."""
    data, problem = read_bytes(path)
    if data is None:
        return None, problem, None
    text, problem = decode_text(data, str(path), kind)
    return text, problem, None if text is None else sha256_of(data)


def read_json(path: str | Path) -> tuple[Any, Problem | None]:
    """The parsed JSON file, or ``(None, problem)``."""
    data, problem, _ = read_json_digest(path)
    return data, problem


def read_json_digest(path: str | Path) -> tuple[Any, Problem | None, str | None]:
    """The parsed JSON file and the SHA-256 of the bytes it was parsed from, or
    ``(None, problem, None)``."""
    name = str(path)
    text, problem, digest = read_text_digest(path, "json")
    if text is None:
        return None, problem, None
    try:
        return json.loads(text), None, digest
    except (json.JSONDecodeError, RecursionError) as exc:
        return None, Problem("json_invalid", {"reason": str(exc)}, source=name), None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (the input hashes of portfolios and reports)."""
    return sha256_of(Path(path).read_bytes())


def input_sha256(path: object, read: Mapping[str, str]) -> str | None:
    """The input hash of ``path`` (None when it is no file: a DataFrame, a dict). When the data
    in use was read from that very path (``read``: file -> SHA-256 of the bytes that read saw,
    as :meth:`CoverageProblem.read_digests` gives), that digest: a file changed after the read
    must not be hashed as the input. Otherwise the file's bytes now."""
    if not isinstance(path, (str, Path)):
        return None
    if str(path) in read:
        return read[str(path)]
    return file_sha256(path) if Path(path).is_file() else None
