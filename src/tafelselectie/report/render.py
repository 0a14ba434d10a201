"""The report as one self-contained HTML file (Jinja2, inline CSS and SVG) and as a workbook.

Nothing in the HTML refers to another file or address: the stylesheet is inlined, the plots are
SVG elements made by matplotlib with their text kept as text (so it can be searched and read by
a screen reader), and there is no script. It opens offline and prints on A4.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.analysis.figures import plain_text
from tafelselectie.errors import present
from tafelselectie.report.texts import say

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from tafelselectie.report.content import ReportContent

MEMBER_COLOUR = "#2b6f9e"
DECISIVE_COLOUR = "#c0504d"


def render_html(content: ReportContent, *, figures_as_images: bool = False) -> str:
    """The whole report as an HTML document (a string).

    ``figures_as_images`` writes each figure as an ``<img>`` of its SVG with the caption as
    ``alt``: the form a PDF writer turns into a tagged figure with alternative text (WeasyPrint
    gives an inline ``<svg>`` no ``/Alt``). The browser's page keeps inline SVG."""
    from markupsafe import Markup

    from tafelselectie.texts.templating import environment, template_text

    template = environment("tafelselectie.report").get_template("report.html.j2")
    css = template_text("tafelselectie.report", "report.css")
    # each figure is named by its caption (aria-labelledby): a screen reader reads the caption,
    # and the figure's data is in the table beside it
    from tafelselectie.texts.report import REPORT

    def figure(build: Any, caption_id: str, caption: str) -> str:
        element = svg(build(content), caption_id)
        return image(element, say(caption, content.lang)) if figures_as_images else element

    figures = {"matrix": figure(coverage_matrix, "caption-matrix", "matrix_caption")}
    if content.lottery is not None and content.lottery.probabilities:
        figures["lottery"] = figure(probability_bars, "caption-lottery", "lottery_caption")

    words = {
        code.removeprefix("report."): say(code.removeprefix("report."), content.lang)
        for code, (english, _) in REPORT.items()
        if "{" not in english
    }
    return template.render(
        c=content,
        t=words,
        css=Markup(css),
        figures={k: Markup(v) for k, v in figures.items()},
        say=lambda key, **params: say(key, content.lang, **params),
    )


def write_xlsx(content: ReportContent, path: str | Path) -> None:
    """One sheet per table of the report, with the column headers in the report's language."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table in content.tables():
            frame = table.to_frame()
            frame.to_excel(writer, sheet_name=table.sheet[:31], index=False)
            sheet = writer.sheets[table.sheet[:31]]
            for k, column in enumerate(frame.columns):
                cells = [str(column), *(str(v) for v in frame[column].tolist())]
                width = min(max(len(text) for text in cells) + 2, 80)
                sheet.column_dimensions[_column_letter(k)].width = width
            sheet.freeze_panes = "A2"
            _keep_text_as_text(sheet)


def _keep_text_as_text(sheet: Any) -> None:
    """Provider names and values come from the pool, which anyone in the region can write to.
    openpyxl stores text that starts with ``=`` as a formula; the report never writes formulas,
    so every such cell becomes text again, and every text cell that starts with a formula
    character (OWASP) gets Excel's quote prefix, so editing it cannot turn it into one. The text
    itself is unchanged."""
    from tafelselectie.io.values import is_formula_like

    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def svg(figure: Figure, caption_id: str) -> str:
    """``figure`` as an inline ``<svg>`` element (no XML header, no external references), named
    for assistive technology by the element with id ``caption_id`` (its figcaption)."""
    import matplotlib

    buffer = io.StringIO()
    # Text stays text; a fixed hash salt makes the same figure give the same SVG ids each time.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tafelselectie"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    element = text[start:]
    # Scale with the page: drop the fixed size, keep the viewBox.
    element = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", element, count=1)
    named = f'<svg role="img" aria-labelledby="{caption_id}" class="figure"'
    return element.replace("<svg", named, 1)


def image(svg_element: str, alt: str) -> str:
    """An inline ``<svg>`` element as an ``<img>`` of itself (a data address), described by
    ``alt``."""
    import base64
    import html

    document = svg_element.replace(' role="img"', "", 1)
    data = base64.b64encode(document.encode("utf-8")).decode("ascii")
    return f'<img class="figure" alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


@plain_text
def coverage_matrix(content: ReportContent) -> Figure:
    """Members (rows) x cells (columns), filled where the member counts for the cell; the
    labels of cells that decide the table size are red."""
    from matplotlib.figure import Figure

    matrix = content.matrix
    members = [row[0] for row in content.table.rows]
    rows, columns = matrix.shape
    figure = Figure(
        figsize=(max(6.0, 0.22 * columns + 2.5), 0.3 * rows + 3.2), layout="constrained"
    )
    axes = figure.add_subplot()
    for r in range(rows):
        for k in range(columns):
            if matrix[r, k]:
                axes.add_patch(_square(k, r, MEMBER_COLOUR))
    axes.set_xlim(-0.5, max(columns, 1) - 0.5)  # a table with no cells still draws
    axes.set_ylim(max(rows, 1) - 0.5, -0.5)
    axes.set_aspect("equal")
    axes.set_xticks(range(columns), content.cells, rotation=90, fontsize=7)
    axes.set_yticks(range(rows), members, fontsize=8)
    axes.set_xticks([k - 0.5 for k in range(1, columns)], minor=True)
    axes.set_yticks([r - 0.5 for r in range(1, rows)], minor=True)
    axes.grid(which="minor", color="#dddddd", linewidth=0.5)
    axes.tick_params(which="minor", length=0)
    decisive = set(content.decisive)
    for label, cell in zip(axes.get_xticklabels(), content.cells, strict=True):
        if cell in decisive:
            label.set_color(DECISIVE_COLOUR)
    return figure


def _square(x: int, y: int, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.42, y - 0.42), 0.84, 0.84, color=colour)


@plain_text
def probability_bars(content: ReportContent) -> Figure:
    """Selection probability per provider; members of this year's table in the darker colour."""
    from matplotlib.figure import Figure

    entries = present(content.lottery, "the report's lottery").probabilities
    figure = Figure(figsize=(7, 0.22 * len(entries) + 1.2), layout="constrained")
    axes = figure.add_subplot()
    labels = [identifier for identifier, _, _ in entries]
    values = [p for _, p, _ in entries]
    colours = [MEMBER_COLOUR if member else "#9fbfd8" for _, _, member in entries]
    axes.barh(labels, values, color=colours)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_xlabel(say("probability", content.lang))
    axes.spines[["top", "right"]].set_visible(False)
    return figure
