"""The report and the public page of the digital table pass axe-core at WCAG 2.1 AA, checked in
the system's Chromium (Dutch public bodies publish accessibly: WCAG 2.1 AA / EN 301 549)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tafelselectie import build_report, lottery
from tests.test_report import CHROMIUM, CHROMIUM_FLAGS, CRITERIA, POOL, _browser_or_skip
from tests.workflow_helpers import A, seated_workflow

pytestmark = pytest.mark.slow

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(paths: list[Path]) -> dict[str, list[Any]]:
    from axe_playwright_python.sync_playwright import Axe

    sync_playwright = _browser_or_skip()
    axe = Axe()
    out: dict[str, list[Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            for path in paths:
                page.goto(path.resolve().as_uri(), wait_until="load")
                options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
                result = axe.run(page, options=options)
                out[path.name] = [
                    (v["id"], v["help"], [n["target"] for n in v["nodes"]])
                    for v in result.response["violations"]
                ]
        finally:
            browser.close()
    return out


def test_the_report_and_the_public_page_pass_axe_at_wcag_21_aa(tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.json"
    portfolio.write_text(lottery(POOL, CRITERIA).to_json(), encoding="utf-8")
    history = tmp_path / "tafel-2025.json"
    history.write_text(
        json.dumps({"peildatum": "2025-01-01", "selected": ["P001", "P002", "P010"]}),
        encoding="utf-8",
    )
    pages = []
    for lang in ("nl", "en"):
        report = build_report(
            POOL, CRITERIA, history=[history], lottery=portfolio, lang=lang, margin=0.05
        )
        path = tmp_path / f"rapport-{lang}.html"
        report.write_html(path)
        pages.append(path)
    workflow = seated_workflow(tmp_path)
    try:
        proposal = workflow.submit("P07", "Tarieven", "Gelijke tarieven.", on=dt.date(2026, 2, 1))
        meeting = workflow.plan_meeting(A, dt.date(2026, 2, 10), on=dt.date(2026, 2, 2))
        workflow.schedule(A, proposal, meeting, on=dt.date(2026, 2, 2))
        from tafelselectie.workflow.publish import export_public

        for lang in ("nl", "en"):
            html = export_public(workflow, tmp_path / f"public-{lang}", lang)[1]
            pages.append(html.rename(tmp_path / f"public-{lang}.html"))
    finally:
        workflow.close()
    violations = _violations(pages)
    assert violations == {path.name: [] for path in pages}
    # what axe's WCAG tags leave out (heading order is one of its "best practices")
    for path in pages:
        assert structure_problems(path.read_text(encoding="utf-8")) == [], path.name


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.levels: list[int] = []
        self.tags: list[str] = []
        self.lang: str | None = None
        self.tables = self.captions = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = found.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            level = int(tag[1])
            if self.levels and level > self.levels[-1] + 1:
                self.problems.append(f"h{level} after h{self.levels[-1]}")
            if not self.levels and level != 1:
                self.problems.append(f"the first heading is h{level}")
            self.levels.append(level)
        if tag == "th" and found.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
            self.problems.append(f"a th without scope: {found}")
        self.tables += tag == "table"
        self.captions += tag == "caption"


def structure_problems(html: str) -> list[str]:
    """Document language, one h1, headings that never skip a level, th with scope, a main
    landmark, a caption for every table."""
    parser = _Structure()
    parser.feed(html)
    problems = list(parser.problems)
    if parser.lang not in ("nl", "en"):
        problems.append(f"document language {parser.lang!r}")
    if parser.levels.count(1) != 1:
        problems.append(f"{parser.levels.count(1)} h1 elements")
    if "main" not in parser.tags:
        problems.append("no main landmark")
    if parser.captions != parser.tables:
        problems.append(f"{parser.tables} tables, {parser.captions} captions")
    return problems


def test_the_structure_check_finds_what_it_looks_for() -> None:
    good = (
        '<html lang="nl"><main><h1>a</h1><h2>b</h2><table><caption>c</caption>'
        '<tr><th scope="col">d</th></tr></table></main></html>'
    )
    assert structure_problems(good) == []
    bad = "<html><h2>a</h2><h1>b</h1><h3>c</h3><h1>x</h1><table><tr><th>d</th></tr></table>"
    assert len(structure_problems(bad)) == 7
