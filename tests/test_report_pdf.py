"""The report as a tagged PDF (`report --pdf`), read back with pypdf: text, pages, tags.

Also the optional parts ("extras"): a missing one is named in the error, before any work."""

from __future__ import annotations

import importlib.util
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tafelselectie.errors import MissingExtraError
from tafelselectie.report import build_report
from tafelselectie.texts.report import REPORT
from tests.conftest import DATA
from tests.test_cli import run

pytestmark = pytest.mark.cpsat

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (the test extra)")


def structure(reader: Any) -> tuple[Counter[str], list[Any]]:
    """The structure element types of the PDF's tag tree, and the alternative texts of its
    figures."""
    kinds: Counter[str] = Counter()
    alternatives: list[Any] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        kind = node.get("/S")
        if kind is not None:
            kinds[str(kind)] += 1
            if kind == "/Figure":
                alternatives.append(node.get("/Alt"))
        children = node.get("/K")
        if children is None:
            continue
        children = children.get_object()
        stack += list(children) if isinstance(children, list) else [children]
    return kinds, alternatives


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("weasyprint", reason="the 'pdf' extra is not installed")
    path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    build_report(DATA / "regio-voorbeeld.xlsx", DATA / "criteria-2026.toml").write_pdf(path)
    return path


def test_pdf_has_text_pages_language_and_title(pdf_file: Path) -> None:
    reader = pypdf.PdfReader(pdf_file)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # text, not pictures of text: the headings and the member names can be read back
    assert "Samenvatting" in text and "Verantwoording" in text
    assert "De tafel heeft 7 zetels" in text
    # the print stylesheet starts every section on a new page: nine sections, more pages
    assert len(reader.pages) >= 9
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert reader.metadata.title.startswith("Selectierapport")


def test_pdf_is_tagged_with_tables_headings_and_figure_alternatives(pdf_file: Path) -> None:
    kinds, alternatives = structure(pypdf.PdfReader(pdf_file))
    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= 5
    assert kinds["/Table"] >= 5 and kinds["/TH"] >= kinds["/Table"] and kinds["/TD"] > 0
    assert kinds["/THead"] == kinds["/Table"]  # header rows are marked as such
    caption = REPORT["report.matrix_caption"][1]
    assert alternatives == [caption]  # the coverage matrix, described by its caption


def test_pdf_table_keeps_its_header_after_a_page_break(pdf_file: Path) -> None:
    reader = pypdf.PdfReader(pdf_file)
    # The cell table of the example region is longer than a page; its header row ("Cel Soort
    # Min Max ...") is repeated at the top of every page it runs onto.
    starts = [page.extract_text().startswith("Cel Soort Min Max") for page in reader.pages]
    assert sum(starts) >= 2


def test_report_cli_writes_the_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="the 'pdf' extra is not installed")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    code, out, err = run(
        capsys,
        "report",
        str(DATA / "klein-voorbeeld.csv"),
        "--criteria",
        str(DATA / "klein-voorbeeld.toml"),
        "--out",
        str(html),
        "--pdf",
        str(pdf),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert str(pdf) in out
    reader = pypdf.PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Summary" in reader.pages[0].extract_text()


def _without(monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == library else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_missing_pdf_extra_is_named_before_any_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(monkeypatch, "weasyprint")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    args = ["report", str(DATA / "klein-voorbeeld.csv")]
    args += ["--criteria", str(DATA / "klein-voorbeeld.toml"), "--out", str(html)]
    code, _out, err = run(capsys, *args, "--pdf", str(pdf))
    assert code == 2
    assert "pip install 'tafelselectie[pdf]'" in err
    assert "de PDF van het rapport heeft weasyprint nodig" in err
    assert "Traceback" not in err
    assert not html.exists() and not pdf.exists()  # nothing half-written


def test_missing_report_extra_is_a_typed_error_that_survives_pickle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without(monkeypatch, "matplotlib")
    with pytest.raises(MissingExtraError) as caught:
        build_report(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    error = caught.value
    assert (error.extra, error.library) == ("report", "matplotlib")
    assert str(error) == (
        "the report needs matplotlib, which is not installed: pip install 'tafelselectie[report]'"
    )
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is MissingExtraError and str(again) == str(error)


def test_missing_report_extra_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(monkeypatch, "matplotlib")
    args = ["report", str(DATA / "klein-voorbeeld.csv")]
    args += ["--criteria", str(DATA / "klein-voorbeeld.toml"), "--out", str(tmp_path / "r.html")]
    code, _, err = run(capsys, *args, "--lang", "en")
    assert code == 2
    assert "pip install 'tafelselectie[report]'" in err


def test_weasyprint_without_its_system_library_is_a_clear_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def import_module(name: str, *args: Any) -> Any:
        if name == "weasyprint":  # what WeasyPrint raises when Pango cannot be loaded
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", import_module)
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    args = ["report", str(DATA / "klein-voorbeeld.csv")]
    args += ["--criteria", str(DATA / "klein-voorbeeld.toml"), "--out", str(html)]
    code, out, err = run(capsys, *args, "--pdf", str(pdf), "--lang", "en")
    assert code == 2, err
    assert "needs the system library Pango" in err and "libpango-1.0-0" in err
    assert "Traceback" not in err and out == ""
    assert not html.exists() and not pdf.exists()  # nothing half-written
    error = MissingExtraError("pdf", "Pango", "extra_for_pdf", system="x")
    assert pickle.loads(pickle.dumps(error)).system == "x"


def test_pdf_to_a_folder_is_exit_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("weasyprint", reason="the 'pdf' extra is not installed")
    folder = tmp_path / "map"
    folder.mkdir()
    args = ["report", str(DATA / "klein-voorbeeld.csv")]
    args += ["--criteria", str(DATA / "klein-voorbeeld.toml"), "--out", str(tmp_path / "r.html")]
    code, _, err = run(capsys, *args, "--pdf", str(folder))
    assert code == 2 and str(folder) in err and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()
