"""Plots of selections and scenario comparisons (matplotlib figures, no screen needed).

Each function returns a :class:`matplotlib.figure.Figure`; Jupyter shows it, ``fig.savefig``
writes PNG or SVG. pyplot's global state is not used, so figures can be made in any thread or
server without a display.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from tafelselectie.errors import require_extra

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from tafelselectie.solve.result import SelectionResult

STATUS_COLOURS = {
    "optimal": "#2b6f9e",
    "feasible": "#7fa9c9",
    "infeasible": "#c0504d",
    "error": "#c0504d",
    "unknown": "#999999",
}


_P = ParamSpec("_P")
_R = TypeVar("_R")


def plain_text(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Build a figure with every label as plain text. Matplotlib reads ``$...$`` in any label
    as mathtext: a provider name like ``US$ 5 - US$ 10`` would be drawn as a formula, and
    ``$$`` stops the drawing with a parse error. Labels here come from pool files."""

    @functools.wraps(build)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        require_extra("matplotlib", "report", "extra_for_plots")
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return build(*args, **kwargs)

    return wrapper


@plain_text
def seats_per_scenario(frame: pd.DataFrame) -> Figure:
    """Horizontal bars: seats per scenario; a scenario without a table is marked in red.

    ``frame`` is :attr:`ScenarioComparison.frame` (index: scenario; columns ``seats``, ``status``).
    """
    import pandas as pd
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 0.45 * len(frame) + 1.2), layout="constrained")
    axes = figure.add_subplot()
    names = [str(name) for name in frame.index]
    has_table = [not pd.isna(s) for s in frame["seats"]]
    seats = [int(s) if ok else 0 for s, ok in zip(frame["seats"], has_table, strict=True)]
    statuses = [str(s) for s in frame["status"]]
    colours = [STATUS_COLOURS.get(s, "#999999") for s in statuses]
    bars = axes.barh(names, seats, color=colours)
    for bar, count, ok, status in zip(bars, seats, has_table, statuses, strict=True):
        label = str(count) if ok else status
        axes.annotate(
            label,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
    axes.invert_yaxis()
    axes.set_xlabel("seats")
    axes.set_title("Seats per scenario")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


@plain_text
def membership_heatmap(frame: pd.DataFrame) -> Figure:
    """Providers (rows) x scenarios (columns): dark where the provider sits at that table.

    ``frame`` is :meth:`ScenarioComparison.membership` (index: id; ``naam``, then a column of
    booleans per scenario).
    """
    from matplotlib.figure import Figure

    values = frame.drop(columns="naam").to_numpy(dtype=float)
    rows, columns = values.shape
    figure = Figure(
        figsize=(1.2 + 0.6 * max(columns, 1), 1.2 + 0.22 * max(rows, 1)), layout="constrained"
    )
    axes = figure.add_subplot()
    axes.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=1.25, interpolation="nearest")
    axes.set_xticks(range(columns), list(frame.columns[1:]), rotation=45, ha="right")
    axes.set_yticks(
        range(rows), [f"{i} {n}" for i, n in zip(frame.index, frame["naam"], strict=True)]
    )
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title("Who sits at which table")
    return figure


@plain_text
def coverage_per_cell(result: SelectionResult) -> Figure:
    """Per cell: seats at the table that cover it, against its minimum (and maximum)."""
    from matplotlib.figure import Figure

    frame = result.coverage_frame()
    cells = [str(c) for c in frame.index]
    seats = list(frame["seats"])
    minimums = [int(m) for m in frame["min"]]
    figure = Figure(figsize=(7, 0.28 * len(cells) + 1.2), layout="constrained")
    axes = figure.add_subplot()
    axes.barh(cells, seats, color="#2b6f9e", label="seats at the table")
    axes.scatter(minimums, cells, marker="|", s=200, color="#c0504d", label="minimum", zorder=3)
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=7)
    axes.set_xlabel("seats")
    axes.set_title("Coverage per cell")
    axes.legend(loc="lower right", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return figure
