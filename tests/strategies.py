"""Hypothesis strategies: small random pools with criteria that use every feature of the spec."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import strategies as st

ID_CHOICES = [f"P{i:02d}" for i in range(1, 25)] + ["007", "7", "a", "B", "z9"]
LETTERS = ["a", "b", "c"]


@st.composite
def small_instances(
    draw: st.DrawFn, max_providers: int = 10, banded: bool = False
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``banded``: always a size dimension with bands (or quantiles) and at least one provider
    per band, the dimension stage 1 is split by (solve.split); without it the draws are as they
    always were, so the examples of every other test stay the same."""
    n = draw(
        st.integers(1, max_providers)
        if draw(st.integers(0, 4)) == 0
        else st.integers(max(1, max_providers - 4), max_providers)
    )
    ids = draw(st.lists(st.sampled_from(ID_CHOICES), min_size=n, max_size=n, unique=True))
    n_dims = draw(st.integers(1, 3))
    rows: list[dict[str, Any]] = []
    subsets = st.lists(st.sampled_from(LETTERS), max_size=2, unique=True)
    for identifier in ids:
        row: dict[str, Any] = {"id": identifier, "naam": f"Aanbieder {identifier}"}
        for d in range(n_dims):
            row[f"d{d}"] = ";".join(draw(subsets))
        row["x"] = draw(st.integers(0, 100))
        row["tags"] = ";".join(
            draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), max_size=2, unique=True))
        )
        row["grp"] = draw(st.sampled_from(["", "", "g1", "g2"]))
        row["kosten"] = draw(st.sampled_from([1, 1, 2, 3, 0]))
        rows.append(row)
    frame = pd.DataFrame(rows)

    dimensions: list[dict[str, Any]] = []
    for d in range(n_dims):
        dimension: dict[str, Any] = {"name": f"dim{d}", "column": f"d{d}"}
        dimension["min_per_value"] = draw(st.sampled_from([0, 1, 1, 1, 1, 2]))
        if draw(st.booleans()):
            dimension["max_per_value"] = draw(st.integers(dimension["min_per_value"], 3))
        if draw(st.integers(0, 4)) == 0:
            dimension["values"] = draw(st.lists(st.sampled_from(LETTERS), min_size=1, unique=True))
        dimensions.append(dimension)
    band_kind = draw(
        st.sampled_from(["bands", "quantiles"] if banded else ["none", "bands", "quantiles"])
    )
    band_min = st.just(1) if banded else st.integers(0, 1)
    if band_kind == "bands":
        cut = draw(st.integers(1, 99))
        dimensions.append(
            {
                "name": "size",
                "column": "x",
                "bands": [{"label": "lo", "below": cut}, {"label": "hi"}],
                "min_per_value": draw(band_min),
            }
        )
    elif band_kind == "quantiles":
        dimensions.append(
            {
                "name": "size",
                "column": "x",
                "quantiles": [draw(st.sampled_from([0.25, 0.5, 0.75]))],
                "labels": ["lo", "hi"],
                "min_per_value": draw(band_min),
            }
        )
    criteria: dict[str, Any] = {"format_version": 1, "dimension": dimensions}
    if draw(st.integers(0, 3)) == 0:
        criteria["pool"] = {"cost_column": "kosten"}
    names = [d["name"] for d in dimensions]
    if len(names) >= 2 and draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        criteria["joint"] = [{"dimensions": pair, "min_per_value": draw(st.integers(0, 1))}]
    seats_kind = draw(st.sampled_from(["none", "none", "none", "max", "exact", "min"]))
    if seats_kind == "max":
        criteria["seats"] = {"max": draw(st.integers(0, n))}
    elif seats_kind == "exact":
        criteria["seats"] = {"exact": draw(st.integers(1, max(1, n // 2)))}
    elif seats_kind == "min":
        criteria["seats"] = {"min": draw(st.integers(0, n))}
    if draw(st.integers(0, 2)) > 0:
        weights = draw(
            st.dictionaries(
                st.sampled_from(["t1", "t2", "T3"]),
                st.sampled_from([0.5, 1, 2.5, 3, -1, 0.0004, 1.2345]),
                min_size=1,
            )
        )
        criteria["expertise"] = {
            "column": "tags",
            "weights": weights,
            "extra_seats": draw(st.integers(0, 2)),
        }
    constraints: dict[str, Any] = {}
    picked = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    if picked and draw(st.booleans()):
        constraints["include"] = picked[:1]
    if len(picked) > 1 and draw(st.booleans()):
        constraints["exclude"] = picked[1:]
    if draw(st.integers(0, 2)) == 0:
        constraints["one_per"] = ["grp"]
    if constraints:
        criteria["constraints"] = constraints
    if draw(st.booleans()):
        criteria["tie_break"] = {"order": "seeded", "seed": draw(st.integers(0, 10**9))}
    # Volume shares (spec section 6), drawn last so the draws above stay as they were. Amounts
    # with decimal commas whose sums are exact only in rational arithmetic (0,1 + 0,2 = 0,3).
    amounts = ["0,1", "0,2", "0,3", "1", "2,5", "0", "12", "7,25"]
    frame["vol"] = [draw(st.sampled_from(amounts)) for _ in ids]
    if draw(st.integers(0, 2)) == 0:
        share: dict[str, Any] = {}
        if draw(st.booleans()):
            share["min"] = draw(st.sampled_from([0.1, 0.25, 0.5, 0.75, 1.0]))
        if "min" not in share or draw(st.booleans()):
            share["max"] = draw(st.sampled_from([0.3, 0.5, 0.9, 1.0]))
            if share.get("min", 0) > share["max"]:
                share["max"] = share["min"]
        if draw(st.booleans()):
            share["per"] = draw(st.sampled_from(names))
        criteria["share"] = [{"column": "vol", **share}]
    return frame, criteria


@st.composite
def lottery_instances(
    draw: st.DrawFn, max_providers: int = 9
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Small pools with many valid tables: quotas on one or two dimensions and often an exact
    size, like a citizens' panel, so that the leximin has several distinct levels to find."""
    n = draw(st.integers(3, max_providers))
    rows: list[dict[str, Any]] = []
    n_dims = draw(st.integers(1, 2))
    for k in range(n):
        row: dict[str, Any] = {"id": f"P{k:02d}"}
        for d in range(n_dims):
            row[f"d{d}"] = ";".join(
                draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=2, unique=True))
            )
        row["tags"] = draw(st.sampled_from(["", "t1", "t2", "t1;t2"]))
        row["grp"] = draw(st.sampled_from(["", "", "", "g1"]))
        rows.append(row)
    if draw(st.booleans()):  # a few look-alikes: symmetric pools have equal probabilities
        rows += [dict(rows[0], id=f"P{n + k:02d}") for k in range(draw(st.integers(1, 2)))]
        n = len(rows)
    dimensions: list[dict[str, Any]] = []
    for d in range(n_dims):
        dimension: dict[str, Any] = {
            "name": f"dim{d}",
            "column": f"d{d}",
            "min_per_value": draw(st.integers(0, 1)),
        }
        if draw(st.booleans()):
            dimension["max_per_value"] = draw(st.integers(max(dimension["min_per_value"], 1), 3))
        dimensions.append(dimension)
    criteria: dict[str, Any] = {"format_version": 1, "dimension": dimensions}
    if draw(st.integers(0, 3)) > 0:
        criteria["seats"] = {"exact": draw(st.integers(2, n - 1))}
    if draw(st.integers(0, 2)) == 0:
        criteria["expertise"] = {
            "column": "tags",
            "weights": {"t1": draw(st.sampled_from([1, 2])), "t2": 1},
            "extra_seats": draw(st.integers(0, 1)),
        }
    if draw(st.integers(0, 3)) == 0:
        criteria["constraints"] = {"one_per": ["grp"]}
    return pd.DataFrame(rows), criteria
