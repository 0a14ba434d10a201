"""The report as a tagged PDF, for councils that circulate PDF files; HTML stays the primary form.

WeasyPrint lays out the report's own HTML and print stylesheet (A4, a page per section, table
headers repeated after a page break, no row split over two pages) and writes a PDF/UA-1 file:
a structure tree (headings, lists, tables with header cells, figures with alternative text), the
document language and title, and text as text. It needs no browser. It was chosen over printing
with Chromium by measurement on the example report (see ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

from pathlib import Path

from tafelselectie.errors import MissingExtraError, require_extra


def write_pdf(html: str, path: str | Path) -> None:
    """Write ``html`` (a whole, self-contained document) to ``path`` as a PDF/UA-1 file."""
    require_extra("weasyprint", "pdf", "extra_for_pdf")
    import importlib
    import logging

    try:
        weasyprint = importlib.import_module("weasyprint")
    except OSError as exc:  # installed, but the system's Pango library is missing or too old
        raise MissingExtraError("pdf", "Pango", "extra_for_pdf", system=str(exc)) from None

    # WeasyPrint logs every CSS property it does not know (the screen styles it never uses)
    # as a warning on the root logger's handlers; the document is complete without them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html)
    document.write_pdf(Path(path), pdf_variant="pdf/ua-1")
