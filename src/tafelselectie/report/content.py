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

from tafelselectie.report.texts import say

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.analysis.explain import Explanation
    from tafelselectie.analysis.margin import MarginAnalysis
    from tafelselectie.criteria import Criteria, Dimension
    from tafelselectie.solve.problem import CoverageProblem
    from tafelselectie.solve.result import SelectionResult
    from tafelselectie.solve.rotation import HistoryEntry

# Packages whose versions go into the audit block (when installed).
AUDITED_PACKAGES = ("numpy", "pandas", "ortools", "pulp", "highspy", "networkx", "matplotlib")


@dataclass(frozen=True)
class ReportTable:
    """One table of the report (and one sheet of the workbook)."""

    key: str  # stable, whatever the report's language: Report.tables() and tests use it
    sheet: str  # the sheet name in the report's language
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns))


@dataclass(frozen=True)
class InputFile:
    role: str  # pool, criteria, history, lottery
    path: str | None  # as given (None for a DataFrame or dict)
    sha256: str | None


@dataclass(frozen=True)
class LotteryPart:
    intro: str
    unreachable: str
    table: ReportTable
    probabilities: tuple[tuple[str, float, bool], ...]  # id, probability, in this table


@dataclass(frozen=True)
class ChangesPart:
    intro: str
    table: ReportTable


@dataclass(frozen=True)
class MarginPart:
    intro: str
    sentence: str
    table: ReportTable


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
    count_text = _capitalise(explanation.count_text(lang))
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
                _number(int(problem.scores[i]) / 1000, lang),
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
    shares = _shares_table(result, lang) if problem.shares else None
    tie = _tie_text(criteria, lang)
    changes = _changes(problem, explanation, history, tie, lang) if history else None
    lottery = _lottery(problem, set(result.selected), portfolio, lang) if portfolio else None

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
            (say("status", lang), result.status.value),
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
        margin=_margin(margin, lang) if margin is not None else None,
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
        weights = ", ".join(f"{k} {_number(w, lang)}" for k, w in criteria.expertise.weights)
        lines.append(
            say("c_expertise", lang, column=criteria.expertise.column, weights=weights or "-")
        )
        if criteria.expertise.extra_seats:
            lines.append(say("c_extra_seats", lang, n=criteria.expertise.extra_seats))
    for share in criteria.shares:
        bounds = []
        if share.min is not None:
            bounds.append(say("c_share_min", lang, share=_share_percent(share.min, lang)))
        if share.max is not None:
            bounds.append(say("c_share_max", lang, share=_share_percent(share.max, lang)))
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


def _share_percent(share: Any, lang: str) -> str:
    """A fraction as a percentage people read: 0.5 as "50%", 0.125 as "12,5%" in Dutch."""
    shown = f"{float(share) * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return shown.replace(".", ",") if lang == "nl" else shown


def _margin(analysis: MarginAnalysis, lang: str) -> MarginPart:
    rows = []
    for near in analysis.near:
        if near.changes and near.selected is not None:
            outcome = say("margin_new", lang, seats=near.seats, ids=", ".join(near.selected))
        elif near.changes:
            outcome = say("margin_no_table", lang)
        else:
            outcome = say("margin_same", lang)
        rows.append(
            (
                near.id,
                near.name,
                near.dimension,
                _number(near.value, lang),
                _number(near.cut, lang),
                f"{near.band} → {near.other_band}",
                outcome,
            )
        )
    columns = ("id", "name", "dimension", "value_col", "cut", "bands", "outcome")
    table = ReportTable(
        "margin",
        "klassengrenzen" if lang == "nl" else "band_edges",
        say("margin", lang),
        tuple(say(k, lang) for k in columns),
        tuple(rows),
    )
    intro = say("margin_intro", lang, margin=_share_percent(analysis.margin, lang))
    return MarginPart(intro=intro, sentence=analysis.sentence(lang), table=table)


def _shares_table(result: SelectionResult, lang: str) -> ReportTable:
    rows = []
    for share in result.shares():
        rows.append(
            (
                share["column"],
                f"{share['dimension']}={share['per']}" if share["per"] else say("whole_pool", lang),
                "" if share["min"] is None else _share_percent(share["min"], lang),
                "" if share["max"] is None else _share_percent(share["max"], lang),
                _number(share["total"], lang),
                _number(share["sum"], lang),
                _share_percent(share["share"], lang),
            )
        )
    columns = ("share_column", "share_per", "min", "max", "share_total", "share_sum", "share_held")
    return ReportTable(
        "shares",
        "aandelen" if lang == "nl" else "shares",
        say("shares", lang),
        tuple(say(k, lang) for k in columns),
        tuple(rows),
    )


def band_sentence(dimension: Dimension, cuts: tuple[float, ...], lang: str) -> str:
    """How a size column was cut: "klein onder 1.000.000, middel van ... tot ..., groot vanaf"."""
    labels = dimension.band_spellings()
    parts = []
    for k, label in enumerate(labels):
        start = _number(cuts[k - 1], lang) if 0 < k <= len(cuts) else None
        end = _number(cuts[k], lang) if k < len(cuts) else None
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
        quantiles = ", ".join(_number(q, lang) for q in dimension.quantiles)
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


def _tie_text(criteria: Criteria, lang: str) -> str:
    if criteria.tie_break.order == "seeded":
        return say("tie_seeded", lang, seed=criteria.tie_break.seed)
    return say("tie_id", lang)


def _changes(
    problem: CoverageProblem,
    explanation: Explanation,
    history: tuple[HistoryEntry, ...],
    tie: str,
    lang: str,
) -> ChangesPart:
    """Who joined, left and stayed against the latest earlier table, with the reason."""
    last = history[-1]
    result = explanation.result
    now = set(result.selected)
    before = set(last.selected)
    statuses = {p.id: p for p in explanation.providers}
    index = {identifier: i for i, identifier in enumerate(problem.ids)}
    blocked = {problem.ids[i] for i in problem.blocked}
    rows: list[tuple[Any, ...]] = []
    names = dict(zip(problem.ids, problem.names, strict=True))
    for identifier in sorted(now | before):
        cells = "; ".join(result.cells_of(index[identifier])) if identifier in index else ""
        if identifier in now and identifier in before:
            change, why = "stayed", say("r_stayed", lang, cells=cells)
        elif identifier in now:
            change = "joined"
            key = "r_joined_indispensable" if statuses[identifier].indispensable else "r_joined_tie"
            why = say(key, lang, cells=cells, order=tie)
        else:
            change = "left"
            if identifier in blocked:
                why = say("r_blocked", lang, n=problem.blocked_terms)
            elif identifier in problem.excluded:
                why = say("r_excluded", lang)
            elif identifier not in index:
                why = say("r_gone", lang)
            elif statuses[identifier].possible:
                why = say("r_tie", lang, order=tie)
            else:
                why = say("r_impossible", lang)
        rows.append((identifier, names.get(identifier, ""), say(change, lang), why))
    counts = Counter(row[2] for row in rows)
    intro = say(
        "changes_intro",
        lang,
        label=last.label,
        joined=counts[say("joined", lang)],
        left=counts[say("left", lang)],
        stayed=counts[say("stayed", lang)],
    )
    order = {say(k, lang): n for n, k in enumerate(("joined", "left", "stayed"))}
    rows.sort(key=lambda row: (order[row[2]], row[0]))
    table = ReportTable(
        "changes",
        "wijzigingen" if lang == "nl" else "changes",
        say("changes", lang),
        tuple(say(k, lang) for k in ("id", "name", "change", "reason")),
        tuple(rows),
    )
    return ChangesPart(intro, table)


def _lottery(
    problem: CoverageProblem, selected: set[str], portfolio: dict[str, Any], lang: str
) -> LotteryPart:
    probabilities: dict[str, float] = portfolio["probabilities"]
    names = dict(zip(problem.ids, problem.names, strict=True))
    ordered = sorted(probabilities, key=lambda i: (-probabilities[i], i))
    positive = [i for i in ordered if probabilities[i] > 0]
    reachable = [probabilities[i] for i in positive]
    intro = say(
        "lottery_intro",
        lang,
        method=portfolio.get("method", "leximin"),
        tables=len(portfolio["tables"]),
        seats=portfolio.get("seats", ""),
        minimum=_percent(min(reachable) if reachable else 0.0, lang),
        seal=portfolio.get("portfolio_sha256", ""),
    )
    # portfolios of format 2 name the providers in every valid table and the cap, if any
    if "maximum_probability" in portfolio:
        forced = [f["id"] for f in portfolio.get("forced", [])]
        intro += " " + say(
            "lottery_highest",
            lang,
            maximum=_percent(portfolio["maximum_probability"], lang),
            forced=", ".join(forced) or say("none", lang),
        )
        if portfolio.get("max_probability") is not None:
            intro += " " + say(
                "lottery_cap", lang, cap=_percent(portfolio["max_probability"], lang)
            )
    unreachable = len(portfolio.get("unreachable", []))
    table = ReportTable(
        "lottery",
        "loting" if lang == "nl" else "lottery",
        say("lottery", lang),
        tuple(say(k, lang) for k in ("id", "name", "probability", "in_this_table")),
        tuple(
            (
                i,
                names.get(i, ""),
                round(probabilities[i], 6),
                say("yes", lang) if i in selected else "",
            )
            for i in positive
        ),
    )
    return LotteryPart(
        intro=intro,
        unreachable=say("lottery_unreachable", lang, n=unreachable) if unreachable else "",
        table=table,
        probabilities=tuple((i, probabilities[i], i in selected) for i in positive),
    )


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


def _number(value: float, lang: str) -> str:
    """A number as people in ``lang`` write it: 1.000.000 and 2,5 in Dutch."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}".rstrip("0")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _percent(value: float, lang: str) -> str:
    text = f"{value * 100:.2f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
