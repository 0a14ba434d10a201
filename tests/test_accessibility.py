"""The report and the public page of the digital table pass axe-core at WCAG 2.1 AA, checked in
the system's Chromium (Dutch public bodies publish accessibly: WCAG 2.1 AA / EN 301 549)."""

from __future__ import annotations

import datetime as dt
import json
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
