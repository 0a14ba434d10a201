"""A bare script, independent of tafelselectie: read the example region's CSV and criteria, build
the covering rows, and solve the fewest seats and then the best expertise with highspy directly.

    python benchmarks/bare_highs.py data/regio-voorbeeld.csv data/criteria-2026.toml [pandas]

It is the floor ``benchmarks/start.py`` compares ``tafelselectie select`` with: the imports and
work any program needs for this answer (no validation, no messages, no tie-break, no output
files). It reads only what criteria-2026.toml uses: list dimensions with per-value minimums,
bands, one joint, expertise weights with extra seats, one_per, the peildatum.

With ``pandas`` as a third argument it reads the CSV with ``pandas.read_csv``, as an analyst's
script often does; everything else is the same. That variant is not the floor; it shows what
the pandas import alone adds to such a script (see RESULTS.md, start-up).
"""

from __future__ import annotations

import csv
import itertools
import sys
import tomllib

import highspy
import numpy as np


def main(pool_path: str, criteria_path: str, reader: str = "csv") -> int:
    with open(criteria_path, "rb") as handle:
        criteria = tomllib.load(handle)
    peildatum = str(criteria["peildatum"])
    if reader not in ("csv", "pandas"):
        raise SystemExit(f"bare_highs.py: the reader is csv or pandas, not {reader!r}")
    if reader == "pandas":
        import pandas as pd

        frame = pd.read_csv(pool_path, dtype=str, keep_default_na=False)
        rows = [r for r in frame.to_dict("records") if r["peildatum"] == peildatum]
    else:
        with open(pool_path, encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["peildatum"] == peildatum]
    values: dict[str, list[tuple[str, ...]]] = {}
    cells: dict[str, list[str]] = {}
    for dimension in criteria["dimension"]:
        name, column = dimension["name"], dimension["column"]
        if "bands" in dimension:
            per = []
            for row in rows:
                amount = float(row[column])
                band = next(
                    b["label"] for b in dimension["bands"] if amount < b.get("below", float("inf"))
                )
                per.append((band,))
        else:
            per = [tuple(v.strip().casefold() for v in row[column].split(";") if v) for row in rows]
        values[name] = per
        for value in sorted({v for p in per for v in p}):
            minimum = dimension.get("min", {}).get(value, dimension.get("min_per_value", 1))
            cells[f"{name}={value}"] = [str(minimum)]
    for joint in criteria.get("joint", []):
        names = joint["dimensions"]
        seen = {
            combo
            for k in range(len(rows))
            for combo in itertools.product(*(values[n][k] for n in names))
        }
        for combo in sorted(seen):
            cells[" & ".join(f"{n}={v}" for n, v in zip(names, combo, strict=True))] = ["1"]
    n = len(rows)
    members = []
    for key, (minimum,) in cells.items():
        parts = [p.split("=", 1) for p in key.split(" & ")]
        inside = [k for k in range(n) if all(v in values[d][k] for d, v in parts)]
        members.append((inside, int(minimum)))
    weights = criteria["expertise"]["weights"]
    scores = [
        round(sum(weights.get(t.strip(), 0) for t in set(row["expertise"].split(";"))) * 1000)
        for row in rows
    ]
    groups: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        if row["concern"]:
            groups.setdefault(row["concern"], []).append(k)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    for _ in range(n):
        h.addVar(0, 1)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    for inside, minimum in members:
        h.addRow(minimum, highspy.kHighsInf, len(inside), np.array(inside), np.ones(len(inside)))
    for group in groups.values():
        if len(group) > 1:
            h.addRow(0, 1, len(group), np.array(group), np.ones(len(group)))
    everyone = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, everyone, np.ones(n))
    h.run()
    seats = round(h.getInfo().objective_function_value)
    h.addRow(0, seats + criteria["expertise"].get("extra_seats", 0), n, everyone, np.ones(n))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.changeColsCost(n, everyone, np.array(scores, dtype=np.float64))
    h.run()
    chosen = [rows[k]["id"] for k, v in enumerate(h.getSolution().col_value) if v > 0.5]
    print(f"minimum {seats} seats; best expertise with {len(chosen)}: {' '.join(chosen)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
