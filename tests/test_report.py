"""The yearly report: contents, self-containment, audit hashes, workbook, CLI, a real browser."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tafelselectie.cli.app import main
from tafelselectie.errors import ReportError
from tafelselectie.report import Report, build_report
from tafelselectie.texts.report import REPORT
from tests.conftest import DATA, ROOT
from tests.helpers import placeholders
from tests.test_cli import run

pytestmark = pytest.mark.cpsat

POOL = DATA / "regio-voorbeeld.xlsx"
CRITERIA = DATA / "criteria-2026.toml"
SMALL_POOL = DATA / "klein-voorbeeld.csv"
SMALL_CRITERIA = DATA / "klein-voorbeeld.toml"
SCREENSHOTS = ROOT / "out" / "screenshots"  # out/ is ignored by git
CHROMIUM = os.environ.get("TAFELSELECTIE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Text(HTMLParser):
    """The visible text of a document and every attribute, as a browser would decode them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lottery") / "portfolio.json"
    assert main(["lottery", str(POOL), "-c", str(CRITERIA), "--json", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def report(portfolio: Path) -> Report:
    return build_report(POOL, CRITERIA, lottery=portfolio)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_selected_id_and_every_cell_is_in_the_text(report: Report) -> None:
    result_ids = report.content.selected
    assert len(result_ids) == 7
    text = " ".join(parse(report.html).parts)
    for identifier in result_ids:
        assert identifier in text
    for cell in report.content.cells:
        assert cell in text, cell
    # and the table in the report is the one select gives
    from tafelselectie import select

    assert result_ids == select(POOL, CRITERIA).selected


def test_audit_hashes_match_the_input_files(report: Report, portfolio: Path) -> None:
    parsed = parse(report.html)
    digests = [v for tag, name, v in parsed.attributes if name == "data-sha256" and v]
    assert sha256(POOL) in digests
    assert sha256(CRITERIA) in digests
    assert sha256(portfolio) in digests
    text = " ".join(parsed.parts)
    assert f"tafelselectie select {POOL} --criteria {CRITERIA} --backend cpsat" in text


def test_the_document_is_self_contained(report: Report) -> None:
    parsed = parse(report.html)
    assert "script" not in parsed.tags
    assert "link" not in parsed.tags
    assert "img" not in parsed.tags
    for tag, name, value in parsed.attributes:
        if name in ("src", "href", "xlink:href", "srcset"):
            assert value is not None and value.startswith("#"), (tag, name, value)
    # url() only for the SVG's own clip paths (fragments), never a file or an address
    assert all(target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", report.html))
    assert "@import" not in report.html
    assert parsed.tags.count("svg") >= 2  # coverage matrix and lottery probabilities


def test_sections_and_print_styles(report: Report) -> None:
    html = report.html
    for section in ("summary", "criteria", "pool", "table", "coverage", "why", "lottery", "audit"):
        assert f'<section id="{section}"' in html
    assert '<section id="changes"' not in html  # no history given
    assert "@page" in html and "size: A4" in html
    assert "break-before: page" in html


def test_explanation_parts_are_shown(report: Report) -> None:
    content = report.content
    text = " ".join(parse(report.html).parts)
    assert "één van 5 even minimale tafels" in text
    assert "20260115" in text  # the tie-break seed
    assert content.decisive == (
        "omvang=klein",
        "resultaatgebied=algemene voorzieningen & omvang=groot",
    )
    for identifier in content.indispensable:
        assert identifier in text
    assert "klein onder 1.000.000" in text  # how the size bands were cut (Dutch numbers)
    assert "Peildatum" in text and "2026-01-01" in text


def test_lottery_probabilities_match_the_portfolio(report: Report, portfolio: Path) -> None:
    data = json.loads(portfolio.read_text(encoding="utf-8"))
    assert report.content.lottery is not None
    shown = {row[0]: row[2] for row in report.content.lottery.table.rows}
    expected = {k: v for k, v in data["probabilities"].items() if v > 0}
    assert shown.keys() == expected.keys()
    for identifier, probability in expected.items():
        assert shown[identifier] == pytest.approx(probability, abs=1e-6)
    assert data["portfolio_sha256"] in report.html


def test_pool_counts_add_up(report: Report) -> None:
    from tafelselectie import load_criteria
    from tafelselectie.solve.build import build_problem

    problem = build_problem(POOL, load_criteria(CRITERIA))
    rows = report.content.pool.rows
    for dimension, values in problem.provider_values.items():
        counts = {row[1]: row[2] for row in rows if row[0] == dimension}
        for value, count in counts.items():
            assert count == sum(value in v for v in values)
        at_table = sum(row[3] for row in rows if row[0] == dimension)
        chosen = [problem.ids.index(i) for i in report.content.selected]
        assert at_table == sum(len(values[i]) for i in chosen)


def test_workbook_has_one_sheet_per_table(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "rapport.xlsx"
    report.write_xlsx(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    tables = report.content.tables()
    assert workbook.sheetnames == [t.sheet for t in tables]
    assert list(report.tables()) == [t.key for t in tables]
    assert {"table", "coverage", "pool"} <= set(report.tables())  # stable, whatever the language
    for table in tables:
        rows = list(workbook[table.sheet].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns)
        assert len(rows) == len(table.rows) + 1
    ids = [row[0] for row in list(workbook["tafel"].iter_rows(values_only=True))[1:]]
    assert tuple(ids) == report.content.selected
    cells = [row[0] for row in list(workbook["dekking"].iter_rows(values_only=True))[1:]]
    assert tuple(cells) == report.content.cells


def test_english_on_request() -> None:
    report = build_report(SMALL_POOL, SMALL_CRITERIA, lang="en")
    assert '<html lang="en">' in report.html
    text = " ".join(parse(report.html).parts)
    assert "The criteria in plain language" in text
    assert "cut at the quantiles 0.5" in text
    dutch = build_report(SMALL_POOL, SMALL_CRITERIA)
    assert '<html lang="nl">' in dutch.html
    assert "gesneden op de kwantielen 0,5" in " ".join(parse(dutch.html).parts)
    # the audit table names the status in the report's language, and the JSON's word beside it
    assert "optimaal (in de JSON: optimal)" in parse(dutch.html).parts
    assert "optimal" in parse(report.html).parts


def test_every_text_has_both_languages() -> None:
    for key, (english, dutch) in REPORT.items():
        assert english and dutch, key
        assert placeholders(english) == placeholders(dutch), key


def _history(tmp_path: Path, selected: list[str], peildatum: str) -> Path:
    path = tmp_path / f"tafel-{peildatum}.json"
    path.write_text(json.dumps({"selected": selected, "peildatum": peildatum}), encoding="utf-8")
    return path


def test_changes_against_last_year_say_who_and_why(tmp_path: Path) -> None:
    this_year = build_report(POOL, CRITERIA).content.selected
    gone = "P999"  # not in the pool any more
    stayed = list(this_year[:5])
    last_year = [*stayed, "P010", gone]
    history = _history(tmp_path, last_year, "2025-01-01")
    report = build_report(POOL, CRITERIA, history=[history])
    assert report.content.changes is not None
    rows = {row[0]: row for row in report.content.changes.table.rows}
    assert {i for i, row in rows.items() if row[2] == "erbij"} == set(this_year) - set(last_year)
    assert {i for i, row in rows.items() if row[2] == "eraf"} == {"P010", gone}
    assert {i for i, row in rows.items() if row[2] == "gebleven"} == set(stayed)
    assert rows[gone][3] == "niet meer in de pool op deze peildatum"
    assert "geen enkele even goede tafel" in rows["P010"][3]
    assert sha256(history) in report.html


def test_changes_name_the_rotation_rule(tmp_path: Path) -> None:
    from tafelselectie import load_criteria

    text = CRITERIA.read_text(encoding="utf-8") + "\n[rotation]\nmax_consecutive_terms = 1\n"
    criteria = tmp_path / "criteria.toml"
    criteria.write_text(text, encoding="utf-8")
    last = build_report(POOL, criteria).content.selected
    history = _history(tmp_path, list(last), "2025-01-01")
    report = build_report(POOL, criteria, history=[history], lang="en")
    assert load_criteria(criteria).rotation.max_consecutive_terms == 1
    changes = report.content.changes
    assert changes is not None
    left = [row for row in changes.table.rows if row[2] == "left"]
    assert {row[0] for row in left} == set(last)
    assert all("rotation rule" in row[3] for row in left)
    assert "may not sit this year" in " ".join(parse(report.html).parts)
    assert "--history" in report.content.command


def test_a_portfolio_of_other_files_is_refused(portfolio: Path) -> None:
    with pytest.raises(ReportError) as caught:
        build_report(SMALL_POOL, SMALL_CRITERIA, lottery=portfolio)
    keys = {p.key for p in caught.value.problems}
    assert keys == {"input_hashes.pool.sha256", "input_hashes.criteria.sha256"}


def test_a_sealed_portfolio_without_probabilities_is_refused(
    portfolio: Path, tmp_path: Path
) -> None:
    from tafelselectie.lottery.draw import seal

    data = json.loads(portfolio.read_text(encoding="utf-8"))
    del data["probabilities"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(seal(data)), encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        build_report(POOL, CRITERIA, lottery=broken)
    [problem] = caught.value.problems
    assert (problem.source, problem.key) == (str(broken), "probabilities")


def test_bad_language_is_a_typed_error() -> None:
    with pytest.raises(ReportError) as caught:
        build_report(SMALL_POOL, SMALL_CRITERIA, lang="de")
    assert "de" in caught.value.render("en")[0]


# --- the command line ---------------------------------------------------------------------


def test_cli_writes_html_and_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out, xlsx = tmp_path / "rapport.html", tmp_path / "rapport.xlsx"
    code, stdout, err = run(
        capsys,
        "report",
        str(SMALL_POOL),
        "--criteria",
        str(SMALL_CRITERIA),
        "--out",
        str(out),
        "--xlsx",
        str(xlsx),
    )
    assert code == 0, err
    assert "Rapport geschreven" in stdout
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "tafel" in openpyxl.load_workbook(xlsx).sheetnames


def test_cli_infeasible_is_exit_1_with_reasons(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    criteria = tmp_path / "criteria.toml"
    criteria.write_text(
        SMALL_CRITERIA.read_text(encoding="utf-8").replace(
            "[expertise]", "[seats]\nmax = 1\n\n[expertise]"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "rapport.html"
    code, stdout, _ = run(capsys, "report", str(SMALL_POOL), "-c", str(criteria), "--out", str(out))
    assert code == 1
    assert "geen" in stdout.lower() or "infeasible" in stdout.lower()
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--out", "/nonexistent-dir/r.html"], "/nonexistent-dir/r.html"),
        (["--out", "{tmp}/r.html", "--lottery", "{tmp}/missing.json"], "missing.json"),
        (["--out", "{tmp}/r.html", "--lang", "de"], "--lang"),
        (["--out", "{tmp}/r.html", "--history", "{tmp}/missing.json"], "missing.json"),
        ([], "--out"),
    ],
)
def test_cli_bad_input_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], needle: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    code, stdout, err = run(capsys, "report", str(SMALL_POOL), "-c", str(SMALL_CRITERIA), *args)
    assert code == 2
    assert needle.replace("{tmp}", str(tmp_path)) in err
    assert "Traceback" not in err
    assert stdout == ""


def test_cli_portfolio_mismatch_names_file_and_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, portfolio: Path
) -> None:
    code, _, err = run(
        capsys,
        "report",
        str(SMALL_POOL),
        "-c",
        str(SMALL_CRITERIA),
        "--lottery",
        str(portfolio),
        "--out",
        str(tmp_path / "r.html"),
    )
    assert code == 2
    assert str(portfolio) in err and "input_hashes.pool.sha256" in err


# --- a real browser -----------------------------------------------------------------------


def _browser_or_skip() -> Any:
    """Playwright driving the system's Chromium (installed by ``make test``).

    Skips with the reason when either is missing, unless TAFELSELECTIE_REQUIRE_BROWSER is set
    (as ``make test`` does): then a missing browser fails the test.
    """
    required = bool(os.environ.get("TAFELSELECTIE_REQUIRE_BROWSER"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        if required:
            raise
        pytest.skip(f"playwright is not installed ({exc})")
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).is_file():
        if required:
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM} (make test installs it)")
    return sync_playwright


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_renders_in_chromium_without_errors_or_requests(
    report: Report, portfolio: Path, tmp_path: Path, lang: str
) -> None:
    sync_playwright = _browser_or_skip()
    history = _history(tmp_path, [*report.content.selected[:5], "P010"], "2025-01-01")
    document = build_report(POOL, CRITERIA, history=[history], lottery=portfolio, lang=lang)
    path = tmp_path / f"rapport-{lang}.html"
    document.write_html(path)
    url = path.resolve().as_uri()
    console: list[str] = []
    requests: list[str] = []
    failures: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: failures.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.on("requestfailed", lambda r: failures.append(r.url))
            page.goto(url, wait_until="load")
            text = page.inner_text("body")
            figures = page.eval_on_selector_all(
                "svg.figure", "nodes => nodes.map(n => n.getBoundingClientRect().height)"
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shot = SCREENSHOTS / f"rapport-{lang}.png"
            page.screenshot(path=str(shot), full_page=True)
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert [c for c in console if c.startswith(("error", "warning"))] == []
    assert failures == []
    assert requests == [url]  # the document itself, nothing else
    for identifier in document.content.selected:
        assert identifier in text
    for cell in document.content.cells:
        assert cell in text, cell
    assert len(figures) == 2 and all(h > 100 for h in figures)
    assert shot.stat().st_size > 50_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 9  # every section starts on a new A4 page


def test_the_report_command_reads_the_pool_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tafelselectie report` builds the coverage problem once (for its warnings) and hands it to
    build_report, instead of reading the pool a second time; the report still names and hashes
    the pool file."""
    import tafelselectie.solve.build as build
    import tafelselectie.solve.selection as selection

    built: list[object] = []
    original = build.build_problem

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(build, "build_problem", counting)
    monkeypatch.setattr(selection, "build_problem", counting)
    out = tmp_path / "rapport.html"
    code, _, _ = run(
        capsys, "report", str(SMALL_POOL), "-c", str(SMALL_CRITERIA), "--out", str(out)
    )
    assert code == 0
    assert len(built) == 1, built
    digest = hashlib.sha256(SMALL_POOL.read_bytes()).hexdigest()
    assert digest in out.read_text(encoding="utf-8")


def test_input_hashes_are_of_the_bytes_the_problem_was_built_from(tmp_path: Path) -> None:
    """A file changed after the problem was read must not be hashed as the report's (or the
    portfolio's) input: the hashes come from the read that built the problem. Here the pool,
    the criteria and last year's table are rewritten between building the problem and making
    the report and the portfolio's hashes; the recorded hashes stay those of the original
    bytes."""
    from tafelselectie.criteria import load_criteria
    from tafelselectie.lottery.leximin import input_hashes
    from tafelselectie.solve.build import build_problem
    from tafelselectie.solve.rotation import apply_history, read_history

    pool, criteria = tmp_path / "regio-voorbeeld.csv", tmp_path / CRITERIA.name
    pool.write_bytes((DATA / "regio-voorbeeld.csv").read_bytes())
    criteria.write_bytes(CRITERIA.read_bytes())
    history = _history(tmp_path, ["P010"], "2025-01-01")
    original = {"pool": sha256(pool), "criteria": sha256(criteria), "history": sha256(history)}
    problem = build_problem(pool, load_criteria(criteria))
    problem = apply_history(problem, read_history([history]))
    for path, extra in ((pool, b"\n"), (criteria, b"\n# changed\n"), (history, b"\n")):
        path.write_bytes(path.read_bytes() + extra)  # the same data, other bytes
    report = build_report(pool, criteria, history=[history], problem=problem)
    hashes = input_hashes(pool, criteria, [history], problem=problem)
    hashed = report.content.hashes
    recorded = {"pool": str(pool), "criteria": str(criteria), "history": str(history)}
    assert {role: hashed[path] for role, path in recorded.items()} == original
    assert original["pool"] in report.html
    assert {key: hashes[key]["sha256"] for key in ("pool", "criteria")} == {
        key: original[key] for key in ("pool", "criteria")
    }
    assert hashes["history"][0]["sha256"] == original["history"]
    # without the problem's own digests the files are hashed as they are now
    assert input_hashes(pool, criteria)["pool"]["sha256"] == sha256(pool)
