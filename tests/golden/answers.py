"""The answers the golden corpus pins, computed from a case folder with one backend.

Pinned per case: the canonical table (selected, seats, score, status, minimum), the decisive
cells, the indispensable providers, the number of equally optimal tables, the leximin
probabilities (rounded to 1e-9), the report's tables (by their sheet key, English), and for an
infeasible case the reasons and suggestions; the providers in every valid table, and for a
case with size bands the stability near the band edges (5%). The public draw is pinned
separately from a stored portfolio: which tables a lottery mixes may differ between backends
(only the probabilities are unique), and the draw is a function of the portfolio alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DRAW_SEED = "golden-2026"
MARGIN = 0.05  # the band-edge analysis pinned for every case with a banded dimension
# Sheets whose content follows from the inputs alone; files, versions, settings and timings
# name paths, library versions and seconds.
STABLE_SHEETS = 3  # table, coverage, pool (then lottery/changes when present)
VOLATILE_SHEETS = {"files", "versions", "settings", "timings"}


def _history(directory: Path) -> tuple[Any, ...]:
    from tafelselectie import read_history

    path = directory / "history.json"
    return read_history([path]) if path.exists() else ()


def answer(directory: Path, backend: str, *, lottery: bool = True) -> dict[str, Any]:
    """Every pinned answer of the case in ``directory``, computed with ``backend``."""
    from tafelselectie import InfeasibleError, build_report
    from tafelselectie import lottery as run_lottery
    from tafelselectie.solve.selection import as_problem

    pool, criteria = directory / "pool.csv", directory / "criteria.toml"
    history = _history(directory)
    problem = as_problem(pool, criteria, history, "golden")
    history_files = [directory / "history.json"] if (directory / "history.json").exists() else []
    try:
        # the report explains the table itself: one explanation serves both
        report = build_report(pool, criteria, history=history_files, lang="en", backend=backend)
    except InfeasibleError as exc:
        return {
            "infeasible": {
                "reasons": [p.code for p in exc.diagnosis],
                "suggestions": [
                    {k: v for k, v in s.to_dict("en").items() if k != "message"}
                    for s in exc.suggestions
                ],
            }
        }
    explanation = report.explanation
    if explanation is None:
        raise AssertionError("build_report returned no explanation")
    result = explanation.result
    out: dict[str, Any] = {
        "table": {
            "status": result.status.value,
            "selected": list(result.selected),
            "seats": result.seats,
            "minimum_seats": result.minimum_seats,
            "expertise_score": result.expertise_score,
        },
        "decisive_cells": sorted(explanation.decisive_cells),
        "indispensable": sorted(p.id for p in explanation.providers if p.indispensable),
        "optimal_tables": explanation.optimal_tables,
        "count_complete": explanation.count_complete,
    }
    if lottery:
        outcome = run_lottery(problem, backend=backend)
        out["leximin"] = {
            "probabilities": {i: round(p, 9) for i, p in sorted(outcome.probabilities.items())},
            "unreachable": sorted(u.id for u in outcome.unreachable),
            "forced": sorted(f.id for f in outcome.forced),
        }
    if problem.band_cuts:
        from tafelselectie.analysis.margin import band_margin

        analysis = band_margin(pool, criteria, MARGIN, backend=backend, history=history)
        out["margin"] = [
            {k: v for k, v in near.to_dict().items() if k not in ("naam", "moved_to")}
            for near in analysis.near
        ]
    out["report"] = {
        key: [[str(c) for c in frame.columns]] + [[str(v) for v in row] for row in frame.values]
        for key, frame in report.tables().items()
        if key not in VOLATILE_SHEETS
    }
    return out


def portfolio_and_draw(directory: Path, backend: str) -> dict[str, Any]:
    """A sealed portfolio of the case and the table the public draw picks from it."""
    from tafelselectie import lottery as run_lottery
    from tafelselectie.lottery.draw import draw, seal
    from tafelselectie.solve.selection import as_problem

    problem = as_problem(
        directory / "pool.csv", directory / "criteria.toml", _history(directory), "golden"
    )
    portfolio = seal(run_lottery(problem, backend=backend).to_dict("en"))
    drawn = draw(portfolio, seed=DRAW_SEED)
    return {
        "portfolio": portfolio,
        "draw": {"seed": DRAW_SEED, "table": drawn.table_number, "selected": list(drawn.selected)},
    }


def dumps(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
