"""A two-phase public draw from a lottery portfolio, and its verification.

Phase 1: the portfolio (tables, probabilities, hashes of the input files) is saved and published.
Its SHA-256, over the canonical JSON of everything but the hash itself, seals it.

Phase 2: a public seed (for example the numbers drawn at a public meeting, typed as text) picks
the table. The seed text is trimmed and its inner whitespace collapsed, so ``"12  7 33"`` and
``"12 7 33"`` are the same seed; then

    r = int(sha256(f"{portfolio_sha256}:{seed}"), 16)          # 256 bits

* with numbered tables (the portfolio rounded to M equally likely numbers): number
  ``r mod M + 1`` (a physical draw can give the number instead: ``draw --number``);
* otherwise: ``u = r / 2**256`` and the first table (in the portfolio's order) whose cumulative
  probability exceeds ``u`` times the total. Probabilities are summed as exact fractions of the
  JSON numbers, so the answer does not depend on floating point rounding.

Anyone can recompute it with :func:`verify` (or by hand with any SHA-256 tool).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from tafelselectie.errors import PortfolioError, Problem, UsageError
from tafelselectie.io.files import file_sha256
from tafelselectie.io.values import MAX_LOTS

HASH_KEY = "portfolio_sha256"


SEAL_FORMAT_VERSION = 2
"""Portfolios of format version 2 are sealed over RFC 8785 canonical JSON (JCS); version 1
portfolios, sealed over Python's ``json.dumps(sort_keys=True, separators=(",", ":"),
ensure_ascii=False)``, still verify by that rule."""


def canonical_json(data: dict[str, Any]) -> bytes:
    """The bytes the seal is computed over: everything but the seal itself, as RFC 8785
    canonical JSON (format version 2 and later) or by the version 1 rule.

    RFC 8785 (JSON Canonicalization Scheme) fixes key order (UTF-16 code units), number
    notation (ECMAScript's shortest form: ``1.0`` is ``1``) and string escapes, so any language
    with a JCS library and any SHA-256 tool can recompute the seal.
    """
    import rfc8785

    body = {k: v for k, v in data.items() if k != HASH_KEY}
    version = body.get("format_version", 1)
    if isinstance(version, int) and not isinstance(version, bool) and version >= 2:
        return rfc8785.dumps(body)
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def canonical_sha256(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def seal(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its seal (the SHA-256 of its canonical JSON) as the last key; a lottery
    portfolio gets the current :data:`SEAL_FORMAT_VERSION`."""
    body = {k: v for k, v in data.items() if k != HASH_KEY}
    if body.get("format") == "tafelselectie-lottery":
        body["format_version"] = SEAL_FORMAT_VERSION
    return {**body, HASH_KEY: canonical_sha256(body)}


def normalise_seed(seed: str) -> str:
    return " ".join(str(seed).split())


def read_portfolio(path: str | Path) -> dict[str, Any]:
    """A saved lottery portfolio, checked against its seal."""
    from tafelselectie.io.schemas import validate
    from tafelselectie.lottery.schema import CODES, PortfolioFile

    name = str(path)
    data = _read_json(path)
    checked, problems = validate(PortfolioFile, data, name, CODES)
    if checked is None:
        raise PortfolioError(problems)
    if data[HASH_KEY] != canonical_sha256(data):
        raise PortfolioError([Problem("portfolio_tampered", source=name, key=HASH_KEY)])
    return data


def _read_json(path: str | Path) -> dict[str, Any]:
    from tafelselectie.io.files import read_json

    name = str(path)
    data, problem = read_json(path)
    if problem is not None:
        raise PortfolioError([problem])
    if not isinstance(data, dict):
        raise PortfolioError([Problem("portfolio_key", {"expected": "a JSON object"}, source=name)])
    return data


@dataclass(frozen=True)
class Draw:
    """The outcome of a public draw."""

    seed: str
    portfolio_sha256: str
    digest: str  # sha256(f"{portfolio_sha256}:{seed}")
    table_number: int  # 1-based position in the portfolio's tables
    lot_number: int | None  # 1..M when the portfolio has numbered tables
    selected: tuple[str, ...]
    probability: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "tafelselectie-draw",
            "format_version": 1,
            "seed": self.seed,
            "portfolio_sha256": self.portfolio_sha256,
            "digest": self.digest,
            "table_number": self.table_number,
            "lot_number": self.lot_number,
            "selected": list(self.selected),
            "probability": self.probability,
        }


def draw(portfolio: dict[str, Any], seed: str | None = None, number: int | None = None) -> Draw:
    """Pick the table for a public ``seed``, or for a physically drawn lot ``number`` (1..M)."""
    sha = canonical_sha256(portfolio)
    tables = portfolio["tables"]
    numbered: list[int] | None = portfolio.get("numbered_tables")
    if (seed is None) == (number is None):
        raise UsageError(Problem("usage_seed_or_number", key="seed"))
    if number is not None:
        if numbered is None:
            raise PortfolioError([Problem("portfolio_not_numbered", key="--number")])
        if not 1 <= number <= len(numbered):
            raise PortfolioError(
                [
                    Problem(
                        "portfolio_lot_range",
                        {"number": number, "count": len(numbered)},
                        key="--number",
                    )
                ]
            )
        text = ""
        digest = ""
        lot: int | None = number
        table_number = numbered[number - 1]
    else:
        text = normalise_seed(seed or "")
        if not text:
            raise PortfolioError([Problem("portfolio_empty_seed", key="--seed")])
        digest = hashlib.sha256(f"{sha}:{text}".encode()).hexdigest()
        r = int(digest, 16)
        if numbered is not None:
            lot = r % len(numbered) + 1
            table_number = numbered[lot - 1]
        else:
            lot = None
            table_number = _pick(tables, Fraction(r, 2**256))
    chosen = tables[table_number - 1]
    return Draw(
        seed=text,
        portfolio_sha256=sha,
        digest=digest,
        table_number=table_number,
        lot_number=lot,
        selected=tuple(chosen["selected"]),
        probability=float(chosen["probability"]),
    )


def _pick(tables: list[dict[str, Any]], u: Fraction) -> int:
    weights = [Fraction(t["probability"]) for t in tables]
    total = sum(weights, Fraction(0))
    if total <= 0:
        raise PortfolioError([Problem("portfolio_key", {"expected": "positive probabilities"})])
    target = u * total
    cumulative = Fraction(0)
    for k, weight in enumerate(weights):
        cumulative += weight
        if target < cumulative:
            return k + 1
    return len(tables)  # u < 1, so only reached through a zero-probability tail


@dataclass(frozen=True)
class Verification:
    ok: bool
    checks: tuple[tuple[str, bool, str], ...]  # (what, passed, detail)


def verify(
    portfolio_path: str | Path,
    draw_path: str | Path,
    *,
    pool: str | Path | None = None,
    criteria: str | Path | None = None,
) -> Verification:
    """Recompute a draw from the portfolio and the draw's seed (or lot number); optionally
    check that the pool and criteria files are the ones the portfolio was computed from."""
    portfolio = read_portfolio(portfolio_path)
    record = _read_json(draw_path)
    name = str(draw_path)
    from tafelselectie.io.schemas import validate
    from tafelselectie.lottery.schema import DRAW_CODES, DrawRecord

    checked, problems = validate(DrawRecord, record, name, DRAW_CODES)
    if checked is None:
        raise PortfolioError(problems)
    checks: list[tuple[str, bool, str]] = []
    sha = portfolio[HASH_KEY]
    checks.append(("portfolio", checked.portfolio_sha256 == sha, checked.portfolio_sha256))
    if checked.seed:
        again = draw(portfolio, seed=checked.seed)
    else:
        again = draw(portfolio, number=checked.lot_number)
    checks.append(
        (
            "table",
            list(again.selected) == checked.selected and again.table_number == checked.table_number,
            f"{again.table_number}: {', '.join(again.selected)}",
        )
    )
    hashes = portfolio.get("input_hashes", {})
    for key, path in (("pool", pool), ("criteria", criteria)):
        if path is None:
            continue
        expected = hashes.get(key, {}).get("sha256")
        actual = file_sha256(path) if Path(path).is_file() else "missing"
        checks.append((key, expected == actual, actual))
    return Verification(all(ok for _, ok, _ in checks), tuple(checks))


def round_portfolio(
    probabilities: list[float], members: list[tuple[str, ...]], lots: int
) -> tuple[list[int], float]:
    """Round a distribution into ``lots`` equally likely numbers (largest remainders).

    Returns, per lot, its 1-based table number, and the largest change of any provider's
    selection probability that the rounding causes.
    """
    if lots < 1:
        raise UsageError(Problem("usage_lots", {"value": lots, "maximum": MAX_LOTS}, key="lots"))
    exact = [p * lots for p in probabilities]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda k: (-(exact[k] - counts[k]), k))
    for k in order[: lots - sum(counts)]:
        counts[k] += 1
    numbered = [k + 1 for k, c in enumerate(counts) for _ in range(c)]
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    for k, table in enumerate(members):
        for identifier in table:
            before[identifier] = before.get(identifier, 0.0) + probabilities[k]
            after[identifier] = after.get(identifier, 0.0) + counts[k] / lots
    error = max((abs(after[i] - before[i]) for i in before), default=0.0)
    return numbered, error
