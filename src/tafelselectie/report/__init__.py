"""The yearly selection report: one HTML file a council can read, and the same tables as XLSX.

    report = build_report("pool.xlsx", "criteria.toml", history=["tafel-2025.json"])
    report.write_html("rapport.html")
    report.write_xlsx("rapport.xlsx")
    report.write_pdf("rapport.pdf")  # optional: the ``pdf`` extra

The report explains the canonical table (spec 4): the criteria in plain language, the pool per
dimension, the table and what each member represents, the coverage of every cell, the cells that
decide the size, the indispensable providers, how many tables were equally good and how the
tie-break chose, the lottery's probabilities (given a portfolio), the changes against last year
(given history) and an audit block: SHA-256 of every input file, versions, backend, seed,
timings and the command that reproduces the table.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.errors import Problem, ReportError, require_extra

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.analysis.explain import Explanation
    from tafelselectie.criteria import Criteria
    from tafelselectie.io.pool import Pool
    from tafelselectie.report.content import ReportContent
    from tafelselectie.report.parts import InputFile
    from tafelselectie.solve.problem import CoverageProblem

__all__ = ["Report", "ReportError", "build_report"]


@dataclass(frozen=True, eq=False)
class Report:
    content: ReportContent
    html: str
    seconds: float  # building the content and rendering the HTML, solves included
    explanation: Explanation | None = None  # what the report was made from (its table included)

    def write_html(self, path: str | Path) -> None:
        Path(path).write_text(self.html, encoding="utf-8")

    def write_pdf(self, path: str | Path) -> None:
        """The report as a tagged PDF (PDF/UA-1, through WeasyPrint: the ``pdf`` extra). The
        figures become images with their caption as alternative text; their text stays text."""
        from tafelselectie.report.pdf import write_pdf
        from tafelselectie.report.render import render_html

        write_pdf(render_html(self.content, figures_as_images=True), path)

    def write_xlsx(self, path: str | Path) -> None:
        from tafelselectie.report.render import write_xlsx

        write_xlsx(self.content, path)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the report as a DataFrame, by a stable key that does not depend on the
        report's language: ``table``, ``coverage``, ``pool``, ``lottery``, ``changes``, ``files``,
        ``versions``, ``settings``, ``timings`` (the workbook's sheets carry the names in the
        report's language)."""
        return {table.key: table.to_frame() for table in self.content.tables()}


def build_report(
    pool: Pool | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any],
    *,
    history: Sequence[str | Path] = (),
    lottery: str | Path | None = None,
    lang: str = "nl",
    backend: str = "auto",
    time_limit: float | None = None,
    margin: float | None = None,
    problem: CoverageProblem | None = None,
) -> Report:
    """Select and explain the table, and render the report.

    ``problem``: the coverage problem the caller has already built from exactly these ``pool``,
    ``criteria`` and ``history`` (history applied), so the pool is not read a second time (the
    CLI builds it first for its warnings). The files are still named and hashed in the report;
    the pool's and criteria's hashes are those of the bytes ``problem`` was built from.

    ``margin`` (for example 0.05) adds the section "stability near the band edges"
    (:func:`tafelselectie.analysis.margin.band_margin`): one solve per provider near a cut.

    ``history``: earlier selection JSON files (the latest is "last year"); ``lottery``: a
    portfolio JSON written by ``tafelselectie lottery --json``, which must have been made from
    the same pool and criteria files (checked by their SHA-256). Raises what
    :func:`tafelselectie.select` raises, and :class:`ReportError` for a wrong language or a
    portfolio that does not belong to these inputs.
    """
    from tafelselectie.analysis.explain import explain
    from tafelselectie.report.content import build_content
    from tafelselectie.report.render import render_html
    from tafelselectie.solve.rotation import read_history
    from tafelselectie.solve.selection import as_problem
    from tafelselectie.texts.messages import LANGUAGES

    started = time.perf_counter()
    require_extra("matplotlib", "report", "extra_for_report")  # before any solve
    if lang not in LANGUAGES:
        raise ReportError(
            [Problem("report_lang", {"language": lang, "allowed": ", ".join(LANGUAGES)})]
        )
    entries = read_history(history) if history else ()
    from tafelselectie.criteria import Criteria, load_criteria

    loaded = criteria if isinstance(criteria, Criteria) else load_criteria(criteria)
    if problem is None:
        problem = as_problem(pool, loaded, entries, "build_report")
    # The pool's and criteria's hashes are those of the bytes the problem was built from, not
    # of a second read that a file changed in between would make disagree with the data used.
    read = problem.read_digests()
    inputs = [_input_file("pool", pool, read), _input_file("criteria", criteria, read)]
    inputs += [_input_file("history", path, read) for path in history]
    portfolio = None
    if lottery is not None:
        portfolio = _portfolio(lottery, inputs)
        inputs.append(_input_file("lottery", lottery))
        _check_ids(portfolio, problem.ids, str(lottery))
    from tafelselectie.solve.stage_models import Clock

    clock = Clock(time_limit)  # one limit for explanation and margin: the margin gets the rest
    explanation = explain(problem, backend=backend, time_limit=time_limit, prices=False)
    analysis = None
    if margin is not None:
        from tafelselectie.analysis.margin import band_margin

        analysis = band_margin(
            pool,
            criteria,
            margin,
            backend=backend,
            history=entries,
            time_limit=clock.remaining(),
        )
    content = build_content(
        explanation,
        criteria=loaded,
        margin=analysis,
        inputs=tuple(inputs),
        history=entries,
        portfolio=portfolio,
        lang=lang,
        timings={"total.before_render": time.perf_counter() - started},
    )
    html = render_html(content)
    return Report(
        content=content,
        html=html,
        seconds=time.perf_counter() - started,
        explanation=explanation,
    )


def _input_file(role: str, source: object, read: Mapping[str, str] | None = None) -> InputFile:
    """The input file and its hash (io.files.input_sha256: the digest of the read that built
    the data, when ``read`` has this file)."""
    from tafelselectie.io.files import input_sha256
    from tafelselectie.report.parts import InputFile

    digest = input_sha256(source, read or {})
    if digest is None:
        return InputFile(role, None, None)
    return InputFile(role, str(source), digest)


def _portfolio(path: str | Path, inputs: list[InputFile]) -> dict[str, Any]:
    """The portfolio, checked against the pool and criteria files this report is made from."""
    from tafelselectie.lottery.draw import read_portfolio

    portfolio = read_portfolio(path)
    recorded = portfolio.get("input_hashes", {})
    problems = []
    probabilities = portfolio.get("probabilities")
    if not isinstance(probabilities, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in probabilities.values()
    ):
        expected = "an object of provider id -> probability"
        problems.append(
            Problem("portfolio_key", {"expected": expected}, source=str(path), key="probabilities")
        )
    if not isinstance(recorded, dict):
        recorded = {}
    for entry in inputs:
        if entry.role not in ("pool", "criteria") or entry.sha256 is None:
            continue
        expected = recorded.get(entry.role, {}).get("sha256")
        if expected is not None and expected != entry.sha256:
            problems.append(
                Problem(
                    "report_portfolio_mismatch",
                    {"role": entry.role, "file": entry.path},
                    source=str(path),
                    key=f"input_hashes.{entry.role}.sha256",
                )
            )
    if problems:
        raise ReportError(problems)
    return portfolio


def _check_ids(portfolio: dict[str, Any], ids: Sequence[str], path: str) -> None:
    known = set(ids)
    unknown = sorted(set(portfolio["probabilities"]) - known)
    if unknown:
        raise ReportError(
            [
                Problem(
                    "report_portfolio_ids",
                    {"ids": ", ".join(unknown[:10]), "count": len(unknown)},
                    source=path,
                    key="probabilities",
                )
            ]
        )
