"""What the yearly report says, as plain values: computed once, rendered as HTML and as XLSX.

Every table of the report is a :class:`ReportTable`; the HTML template and the workbook both read
them, so the document and the spreadsheet cannot disagree.
"""

from __future__ import annotations

import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tafelselectie.report.parts import (
    ChangesPart,
    InputFile,
    LotteryPart,
    MarginPart,
    ReportTable,
    capitalise,
    changes_part,
    lottery_part,
    margin_part,
    number_text,
    share_percent,
    shares_table,
    tie_text,
)
from tafelselectie.report.texts import say

if TYPE_CHECKING:
    from tafelselectie.analysis.explain import Explanation
    from tafelselectie.analysis.margin import MarginAnalysis
    from tafelselectie.criteria import Criteria, Dimension
    from tafelselectie.solve.problem import CoverageProblem
    from tafelselectie.solve.rotation import HistoryEntry

# Packages whose versions go into the audit block (when installed).
AUDITED_PACKAGES = ("numpy", "pandas", "ortools", "pulp", "highspy", "networkx", "matplotlib")


@dataclass(frozen=True)
class ReportContent:
    lang: str
    title: str
    peildatum: str
    status: str
    summary: str
    count_text: str
    seats: int
    expertise_score: float
    pool_size: int
    excluded: int
    selected: tuple[str, ...]
    criteria_lines: tuple[str, ...]
    pool_notes: tuple[tuple[str, str], ...]  # dimension, how its bands were cut ("" if not banded)
    pool: ReportTable
    table: ReportTable
    coverage: ReportTable
    cells: tuple[str, ...]
    matrix: np.ndarray  # members (rows, in table order) x cells
    decisive: tuple[str, ...]
    size_fixed: bool
    indispensable: tuple[str, ...]
    alternatives: tuple[str, ...]
    lottery: LotteryPart | None
    changes: ChangesPart | None
    shares: ReportTable | None
    margin: MarginPart | None
    files: ReportTable
    versions: ReportTable
    settings: ReportTable
    timings: ReportTable
    command: str
    hashes: dict[str, str] = field(default_factory=dict)  # path as given -> sha256

    def tables(self) -> list[ReportTable]:
        """Every table in document order (the workbook's sheets)."""
        out = [self.table, self.coverage, self.pool]
        if self.shares is not None:
            out.append(self.shares)
        if self.margin is not None:
            out.append(self.margin.table)
        if self.lottery is not None:
            out.append(self.lottery.table)
        if self.changes is not None:
            out.append(self.changes.table)
        out += [self.files, self.versions, self.settings, self.timings]
        return out


def build_content(
    explanation: Explanation,
    *,
    criteria: Criteria,
    margin: MarginAnalysis | None = None,
    inputs: tuple[InputFile, ...],
    history: tuple[HistoryEntry, ...],
    portfolio: dict[str, Any] | None,
    lang: str,
    timings: dict[str, float],
) -> ReportContent:
    started = time.perf_counter()
    result = explanation.result
    problem = result.problem
    chosen = sorted(result.chosen, key=lambda i: problem.ids[i])
    statuses = {p.id: p for p in explanation.providers}
    yes, no = say("yes", lang), say("no", lang)

    status_key = "status_optimal" if result.is_minimal else "status_feasible"
    status_word = "status_word_optimal" if result.is_minimal else "status_word_feasible"
    count_text = capitalise(explanation.count_text(lang))
    table = ReportTable(
        "table",
        "tafel" if lang == "nl" else "table",
        say("table", lang),
        tuple(say(k, lang) for k in ("id", "name", "represents", "expertise", "indispensable")),
        tuple(
            (
                problem.ids[i],
                problem.names[i],
                "; ".join(result.cells_of(i)),
                number_text(int(problem.scores[i]) / 1000, lang),
                yes if statuses[problem.ids[i]].indispensable else no,
            )
            for i in chosen
        ),
    )
    decisive = set(explanation.decisive_cells)
    coverage_rows = []
    for cell in result.coverage():
        coverage_rows.append(
            (
                cell["cell"],
                say(f"kind_{cell['kind']}", lang),
                cell["min"],
                "" if cell["max"] is None else cell["max"],
                cell["eligible"],
                cell["seats"],
                ", ".join(cell["selected"]),
                yes if cell["cell"] in decisive else "",
            )
        )
    coverage = ReportTable(
        "coverage",
        "dekking" if lang == "nl" else "coverage",
        say("coverage", lang),
        tuple(
            say(k, lang)
            for k in ("cell", "kind", "min", "max", "eligible", "seats", "covered_by", "decisive")
        ),
        tuple(coverage_rows),
    )
    pool_rows, notes = _pool_rows(problem, criteria, set(result.chosen), lang)
    pool = ReportTable(
        "pool",
        "pool",
        say("pool", lang),
        tuple(say(k, lang) for k in ("dimension", "value", "providers", "at_table")),
        tuple(pool_rows),
    )
    shares = shares_table(result, lang) if problem.shares else None
    tie = tie_text(criteria, lang)
    changes = changes_part(problem, explanation, history, tie, lang) if history else None
    lottery = lottery_part(problem, set(result.selected), portfolio, lang) if portfolio else None

    files = ReportTable(
        "files",
        "bestanden" if lang == "nl" else "files",
        say("audit", lang),
        tuple(say(k, lang) for k in ("role", "file", "sha256")),
        tuple(
            (say(f"role_{f.role}", lang), f.path or say("no_file", lang), f.sha256 or "")
            for f in inputs
        ),
    )
    versions = ReportTable(
        "versions",
        "versies" if lang == "nl" else "versions",
        say("versions", lang),
        (say("component", lang), say("version", lang)),
        tuple(_versions(result.versions).items()),
    )
    settings = ReportTable(
        "settings",
        "instellingen" if lang == "nl" else "settings",
        say("setting", lang),
        (say("setting", lang), say("value_col", lang)),
        (
            (say("backend", lang), result.backend),
            (say("tie_break", lang), criteria.tie_break.order),
            ("seed", criteria.tie_break.seed or ""),
            (say("status", lang), say(status_word, lang)),
            (say("solves", lang), str(result.solves + explanation.solves)),
        ),
    )
    all_timings = {
        **{f"select.{k}": v for k, v in result.timings.items()},
        "explain": explanation.seconds,
        **timings,
        "report.content": time.perf_counter() - started,
    }
    timing_table = ReportTable(
        "timings",
        "tijden" if lang == "nl" else "timings",
        say("timings", lang),
        (say("step", lang), say("seconds", lang)),
        tuple((k, round(v, 3)) for k, v in all_timings.items()),
    )
    member_rows = [problem.incidence[i] for i in chosen]
    matrix = np.array(member_rows, dtype=bool).reshape(len(chosen), problem.n_cells)
    return ReportContent(
        lang=lang,
        title=criteria.name or Path(criteria.source).name,
        peildatum=problem.peildatum.isoformat() if problem.peildatum else say("no_peildatum", lang),
        status=say(status_key, lang),
        summary=say("summary_text", lang, seats=result.seats, count=count_text),
        count_text=count_text,
        seats=result.seats,
        expertise_score=result.expertise_score,
        pool_size=problem.n_providers,
        excluded=len(problem.excluded),
        selected=result.selected,
        criteria_lines=tuple(criteria_lines(criteria, problem, lang)),
        pool_notes=tuple(notes),
        pool=pool,
        table=table,
        coverage=coverage,
        cells=tuple(c.key for c in problem.cells),
        matrix=matrix,
        decisive=explanation.decisive_cells,
        size_fixed=problem.seats_exact is not None,
        indispensable=tuple(p.id for p in explanation.providers if p.indispensable),
        alternatives=tuple(p.id for p in explanation.providers if p.possible and not p.in_table),
        lottery=lottery,
        changes=changes,
        shares=shares,
        margin=margin_part(margin, lang) if margin is not None else None,
        files=files,
        versions=versions,
        settings=settings,
        timings=timing_table,
        command=reproduce_command(inputs, result.backend),
        hashes={f.path: f.sha256 for f in inputs if f.path and f.sha256},
    )


def criteria_lines(criteria: Criteria, problem: CoverageProblem, lang: str) -> list[str]:
    """The criteria as sentences, in the order the selection applies them."""
    lines = []
    seats = criteria.seats
    if seats.exact is not None:
        lines.append(say("c_seats_exact", lang, n=seats.exact))
    elif seats.max is not None and seats.min:
        lines.append(say("c_seats_range", lang, low=seats.min, high=seats.max))
    elif seats.max is not None:
        lines.append(say("c_seats_max", lang, high=seats.max))
    else:
        lines.append(say("c_seats_min", lang, low=seats.min))
    if criteria.pool.cost_column:
        lines.append(say("c_cost", lang, column=criteria.pool.cost_column))
    for dimension in criteria.dimensions:
        high = (
            say("c_high", lang, high=dimension.max_per_value)
            if dimension.max_per_value is not None
            else ""
        )
        line = say(
            "c_dimension",
            lang,
            name=dimension.name,
            column=dimension.column,
            low=dimension.min_per_value,
            high=high,
        )
        if dimension.is_banded:
            line += " " + band_sentence(dimension, problem.band_cuts.get(dimension.name, ()), lang)
        if dimension.values is not None and not dimension.is_banded:
            spelled = dimension.value_spellings or dimension.values
            line += " " + say("c_values", lang, values=", ".join(spelled))
        items = [say("c_override", lang, value=v, low=n) for v, n in dimension.min_overrides]
        items += [say("c_override_max", lang, value=v, high=n) for v, n in dimension.max_overrides]
        if items:
            line += " " + say("c_overrides", lang, items="; ".join(items))
        lines.append(line)
    for joint in criteria.joints:
        high = (
            say("c_high", lang, high=joint.max_per_value) if joint.max_per_value is not None else ""
        )
        names = " x ".join(joint.dimensions)
        lines.append(say("c_joint", lang, names=names, low=joint.min_per_value, high=high))
    if criteria.expertise is not None:
        weights = ", ".join(f"{k} {number_text(w, lang)}" for k, w in criteria.expertise.weights)
        lines.append(
            say("c_expertise", lang, column=criteria.expertise.column, weights=weights or "-")
        )
        if criteria.expertise.extra_seats:
            lines.append(say("c_extra_seats", lang, n=criteria.expertise.extra_seats))
    for share in criteria.shares:
        bounds = []
        if share.min is not None:
            bounds.append(say("c_share_min", lang, share=share_percent(share.min, lang)))
        if share.max is not None:
            bounds.append(say("c_share_max", lang, share=share_percent(share.max, lang)))
        key = "c_share_per" if share.per is not None else "c_share"
        joined = say("c_and", lang).join(bounds)
        lines.append(say(key, lang, bounds=joined, column=share.column, per=share.per or ""))
    constraints = criteria.constraints
    if constraints.include:
        lines.append(say("c_include", lang, ids=", ".join(constraints.include)))
    if constraints.exclude:
        lines.append(say("c_exclude", lang, ids=", ".join(constraints.exclude)))
    for column in constraints.one_per:
        lines.append(say("c_one_per", lang, column=column))
    rotation = criteria.rotation
    if rotation.max_consecutive_terms is not None:
        lines.append(say("c_rotation_terms", lang, n=rotation.max_consecutive_terms))
    if rotation.min_continuity:
        lines.append(say("c_rotation_continuity", lang, n=rotation.min_continuity))
    if rotation.fairness:
        lines.append(say("c_rotation_fairness", lang))
    if criteria.tie_break.order == "seeded":
        lines.append(say("c_tie_seeded", lang, seed=criteria.tie_break.seed))
    else:
        lines.append(say("c_tie_id", lang))
    return lines


def band_sentence(dimension: Dimension, cuts: tuple[float, ...], lang: str) -> str:
    """How a size column was cut: "klein onder 1.000.000, middel van ... tot ..., groot vanaf"."""
    labels = dimension.band_spellings()
    parts = []
    for k, label in enumerate(labels):
        start = number_text(cuts[k - 1], lang) if 0 < k <= len(cuts) else None
        end = number_text(cuts[k], lang) if k < len(cuts) else None
        if start is None and end is not None:
            parts.append(say("band_below", lang, label=label, to=end))
        elif start is not None and end is not None:
            parts.append(say("band_between", lang, label=label, start=start, to=end))
        elif start is not None:
            parts.append(say("band_from", lang, label=label, start=start))
        else:
            parts.append(label)
    sentence = say(
        "c_bands", lang, name=dimension.name, column=dimension.column, bands="; ".join(parts)
    )
    if dimension.quantiles is not None:
        quantiles = ", ".join(number_text(q, lang) for q in dimension.quantiles)
        sentence += " " + say("c_quantiles", lang, quantiles=quantiles)
    return sentence


def _pool_rows(
    problem: CoverageProblem, criteria: Criteria, chosen: set[int], lang: str
) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    rows: list[tuple[Any, ...]] = []
    notes: list[tuple[str, str]] = []
    for dimension in criteria.dimensions:
        per_provider = problem.provider_values[dimension.name]
        in_pool: Counter[str] = Counter()
        at_table: Counter[str] = Counter()
        for i, values in enumerate(per_provider):
            for value in values:
                in_pool[value] += 1
                if i in chosen:
                    at_table[value] += 1
        if dimension.is_banded:
            order = [v for v in dimension.band_spellings() if v in in_pool]
            cuts = problem.band_cuts.get(dimension.name, ())
            notes.append((dimension.name, band_sentence(dimension, cuts, lang)))
        else:
            order = sorted(in_pool)
            notes.append((dimension.name, ""))
        rows += [(dimension.name, v, in_pool[v], at_table[v]) for v in order]
    return rows, notes


def _versions(solver_versions: dict[str, str]) -> dict[str, str]:
    out = {"python": sys.version.split()[0], **solver_versions}
    for package in (*AUDITED_PACKAGES, "jinja2"):
        if package in out:
            continue
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return out


def reproduce_command(inputs: tuple[InputFile, ...], backend: str) -> str:
    """The ``tafelselectie select`` call that gives this table again."""
    by_role: dict[str, list[str]] = {}
    for f in inputs:
        if f.path is not None:
            by_role.setdefault(f.role, []).append(f.path)
    pool = by_role.get("pool", ["POOL"])[0]
    criteria = by_role.get("criteria", ["CRITERIA.toml"])[0]
    words = ["tafelselectie", "select", pool, "--criteria", criteria]
    for path in by_role.get("history", []):
        words += ["--history", path]
    words += ["--backend", backend]
    return shlex.join(words)
