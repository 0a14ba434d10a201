"""Explanation benchmark: the full explanation of every provider of a region.

    python -m benchmarks.explain [--backend auto] [--cap 10000] [--repeat 2]

Every provider's status (in table, possible, indispensable), the price of forcing in or out
where it is not zero, the decisive cells and the count of equally optimal tables (capped).
Runs in a fresh process per repeat; prints one markdown row per run. Not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.selection import DATA, ROOT, machine


def run(backend: str, cap: int) -> dict[str, Any]:
    from tafelselectie.analysis.explain import explain

    started = time.perf_counter()
    explanation = explain(
        DATA / "regio-voorbeeld.xlsx", DATA / "criteria-2026.toml", backend=backend, cap=cap
    )
    seconds = time.perf_counter() - started
    statuses = explanation.providers
    return {
        "providers": len(statuses),
        "seconds": round(seconds, 3),
        "solves": explanation.solves,
        "optimal_tables": explanation.optimal_tables,
        "complete": explanation.count_complete,
        "indispensable": sum(p.indispensable for p in statuses),
        "possible": sum(p.possible for p in statuses),
        "priced": sum(p.price_in is not None or p.price_out is not None for p in statuses),
        "backend": explanation.result.backend,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--cap", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run(args.backend, args.cap)))
        return 0
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}"
    )
    print()
    print(
        "| run | backend | providers | seconds (incl. reading and imports) | solves | "
        "equally optimal tables | indispensable | possible | priced |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in range(args.repeat):
        command = [
            sys.executable,
            "-m",
            "benchmarks.explain",
            "--one",
            "--backend",
            args.backend,
            "--cap",
            str(args.cap),
        ]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        count = r["optimal_tables"] if r["complete"] else f"> {args.cap}"
        print(
            f"| {k + 1} | {r['backend']} | {r['providers']} | {r['seconds']} | {r['solves']} | "
            f"{count} | {r['indispensable']} | {r['possible']} | {r['priced']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
