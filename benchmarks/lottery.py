"""Lottery benchmark: leximin portfolios and the five-year rotation simulation.

    python -m benchmarks.lottery [--backend auto] [--repeat 3] [--cases small,large,region,...]

Cases:

* ``small`` / ``large``: the citizens' assembly examples example_small_20 (n=200, k=20) and
  example_large_200 (n=2000, k=200), read from ``../shared`` (GPL-3.0 data, never copied here)
  and converted with ``convert-sortition``. Published leximin: 2.7 s and 1161.8 s (Gurobi 9.0.3
  on macOS, median of 3), every pool member 10.0%.
* ``region``: the 170-provider example region, the equally good tables (share 1.0).
* ``region-all``: the same region, every valid table of the minimal size (share 0.0): the
  column generation has the most work here.
* ``region-cap60``, ``region-cap50``, ``region-all-cap40``: ``region`` or ``region-all`` with
  ``max_probability`` 0.6, 0.5 and 0.4 (caps below each one's uncapped maximum): the minimum and
  the maximum probability with and without a cap.
* ``simulation``: five years of canonical, rotation and lottery tables on the example region.

"max" is the highest probability of a provider not in every valid table ("forced" counts those).

Each run is a fresh process; "seconds" is the ``lottery()`` call (reading, sizing, reachability,
leximin rounds); "command" is the whole process including imports. Not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.selection import DATA, ROOT, machine

SORTITION = ROOT.parent / "shared/data/external/sortition/citizensassemblies-replication/data"
CASES = (
    "small",
    "large",
    "region",
    "region-all",
    "region-cap60",
    "region-cap50",
    "region-all-cap40",
    "simulation",
)
PUBLISHED = {"small": 2.7, "large": 1161.8}


def run(case: str, backend: str) -> dict[str, Any]:
    from tafelselectie.lottery.leximin import lottery

    if case == "simulation":
        from tafelselectie.analysis.simulate import simulate_rotation

        started = time.perf_counter()
        simulation = simulate_rotation(
            DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml", 5, backend=backend
        )
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 3),
            "distinct": {m: simulation.distinct(m) for m in ("canonical", "rotation", "lottery")},
            "policy": str(simulation.policy),
        }
    share = None
    cap = None
    if "-cap" in case:
        case, percent = case.split("-cap")
        cap = int(percent) / 100
    if case in ("small", "large"):
        from tafelselectie.io.sortition import convert_sortition

        name, size = ("example_small_20", 20) if case == "small" else ("example_large_200", 200)
        folder = SORTITION / name
        if not folder.is_dir():
            return {"skipped": f"the sortition data are not present at {folder}"}
        out = Path(tempfile.mkdtemp())
        converted = convert_sortition(
            folder / "categories.csv", folder / "respondents.csv", size, out
        )
        pool, criteria = converted.pool, converted.criteria
    else:
        pool, criteria = DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml"
        share = 0.0 if case.startswith("region-all") else None
    started = time.perf_counter()
    result = lottery(
        pool, criteria, backend=backend, min_expertise_share=share, max_probability=cap
    )
    seconds = time.perf_counter() - started
    values = [result.probabilities[i] for i in result.levels]
    return {
        "seconds": round(seconds, 3),
        "status": result.status,
        "providers": len(result.probabilities),
        "reachable": len(result.levels),
        "seats": result.seats,
        "min": min(values),
        "max": result.maximum,
        "forced": len(result.forced),
        "tables": len(result.tables),
        "rounds": len(result.rounds),
        "oracle_solves": result.oracle_solves,
        "backend": result.backend,
        "phases": {k: round(v, 3) for k, v in result.timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run(args.one, args.backend)))
        return 0
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}; highspy {facts['highspy']}"
    )
    print()
    print(
        "| case | run | backend | providers (reachable) | seats | min .. max probability | "
        "tables | rounds | oracle solves | seconds | command | published |"
    )
    print("|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for case in args.cases.split(","):
        for k in range(args.repeat):
            command = [sys.executable, "-m", "benchmarks.lottery", "--one", case]
            command += ["--backend", args.backend]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
            wall = time.perf_counter() - started
            r = json.loads(done.stdout.strip().splitlines()[-1])
            if "skipped" in r:
                print(f"| {case} | - | skipped: {r['skipped']} |")
                break
            if case == "simulation":
                d = r["distinct"]
                print(
                    f"| {case} | {k + 1} | {args.backend} | distinct providers over 5 years: "
                    f"canonical {d['canonical']}, rotation {d['rotation']}, lottery "
                    f"{d['lottery']} | | | | | | {r['seconds']} | {wall:.2f} | |"
                )
                continue
            print(
                f"| {case} | {k + 1} | {r['backend']} | {r['providers']} ({r['reachable']}) | "
                f"{r['seats']} | {r['min']:.4%} .. {r['max']:.4%} | {r['tables']} | "
                f"{r['rounds']} | {r['oracle_solves']} | {r['seconds']} | {wall:.2f} | "
                f"{PUBLISHED.get(case, '')} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
