"""The report's parts as plain values (tables, the lottery, the changes since last year, the
shares, the band edges) and the number formats people read. :mod:`.content` assembles them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tafelselectie.report.texts import say

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.analysis.explain import Explanation
    from tafelselectie.analysis.margin import MarginAnalysis
    from tafelselectie.criteria import Criteria
    from tafelselectie.solve.problem import CoverageProblem
    from tafelselectie.solve.result import SelectionResult
    from tafelselectie.solve.rotation import HistoryEntry


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


def share_percent(share: Any, lang: str) -> str:
    """A fraction as a percentage people read: 0.5 as "50%", 0.125 as "12,5%" in Dutch."""
    shown = f"{float(share) * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return shown.replace(".", ",") if lang == "nl" else shown


def margin_part(analysis: MarginAnalysis, lang: str) -> MarginPart:
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
                number_text(near.value, lang),
                number_text(near.cut, lang),
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
    intro = say("margin_intro", lang, margin=share_percent(analysis.margin, lang))
    return MarginPart(intro=intro, sentence=analysis.sentence(lang), table=table)


def shares_table(result: SelectionResult, lang: str) -> ReportTable:
    rows = []
    for share in result.shares():
        rows.append(
            (
                share["column"],
                f"{share['dimension']}={share['per']}" if share["per"] else say("whole_pool", lang),
                "" if share["min"] is None else share_percent(share["min"], lang),
                "" if share["max"] is None else share_percent(share["max"], lang),
                number_text(share["total"], lang),
                number_text(share["sum"], lang),
                share_percent(share["share"], lang),
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


def tie_text(criteria: Criteria, lang: str) -> str:
    if criteria.tie_break.order == "seeded":
        return say("tie_seeded", lang, seed=criteria.tie_break.seed)
    return say("tie_id", lang)


def changes_part(
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


def lottery_part(
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
        minimum=percent_text(min(reachable) if reachable else 0.0, lang),
        seal=portfolio.get("portfolio_sha256", ""),
    )
    # portfolios of format 2 name the providers in every valid table and the cap, if any
    if "maximum_probability" in portfolio:
        forced = [f["id"] for f in portfolio.get("forced", [])]
        intro += " " + say(
            "lottery_highest",
            lang,
            maximum=percent_text(portfolio["maximum_probability"], lang),
            forced=", ".join(forced) or say("none", lang),
        )
        if portfolio.get("max_probability") is not None:
            intro += " " + say(
                "lottery_cap", lang, cap=percent_text(portfolio["max_probability"], lang)
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


def number_text(value: float, lang: str) -> str:
    """A number as people in ``lang`` write it: 1.000.000 and 2,5 in Dutch."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}".rstrip("0")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def percent_text(value: float, lang: str) -> str:
    text = f"{value * 100:.2f}%"
    return text.replace(".", ",") if lang == "nl" else text


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
