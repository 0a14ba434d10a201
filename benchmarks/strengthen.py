"""Strengthening benchmark: the lexicographic solve with and without the exact strengthening of
``tafelselectie.solve.strengthen``, per case and backend, each run in its own process.

    python -m benchmarks.strengthen [--cases NAME ...] [--backends NAME ...] [--stage1]
                                    [--time-limit SECONDS]

Prints per run: the rules found (forced providers, partition cuts with their bounds, dominance
pairs, superfluous providers) and the time to find them, the status, seats, the time per stage
and whether the answer equals the plain model's. ``--stage1`` stops after the minimum (the
stage the partition cuts are for). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.selection import CASES, DATA


def run(case: str, backend: str, strengthened: bool, stage1: bool, limit: float) -> dict[str, Any]:
    from tafelselectie import build_problem, generate_region
    from tafelselectie.backends import get_backend
    from tafelselectie.solve.model import solve_problem
    from tafelselectie.solve.strengthen import strengthen

    spec = CASES[case]
    if spec.get("pool") == "example":
        problem = build_problem(DATA / "regio-voorbeeld.xlsx", DATA / "criteria-2026.toml")
    else:
        pool = generate_region(spec["n"], spec["seed"], locations=spec.get("locations"))
        problem = build_problem(pool, spec["criteria"])
    solver = get_backend(backend)
    found = strengthen(problem, solver)
    started = time.perf_counter()
    solution = solve_problem(
        problem, solver, limit, stop_after_minimum=stage1, strengthened=strengthened
    )
    return {
        "case": case,
        "backend": backend,
        "strengthened": strengthened,
        "status": solution.status.value,
        "seats": len(solution.chosen),
        "minimum": solution.minimum_cost,
        "chosen": list(solution.chosen),
        "seconds": round(time.perf_counter() - started, 2),
        "stages": {s.name: round(s.seconds, 2) for s in solution.stages},
        "rules": {
            "forced": len(found.forced),
            "cuts": [f"{c.dimension}={c.value}>={c.lower}" for c in found.cuts],
            "dominance": len(found.dominance),
            "superfluous": len(found.superfluous),
            "seconds": round(found.seconds, 2),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", nargs="*", default=["example-170", "region-1000", "joints-1000"])
    parser.add_argument("--backends", nargs="*", default=["cpsat", "highs"])
    parser.add_argument("--stage1", action="store_true")
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--one", nargs=3, metavar=("CASE", "BACKEND", "STRENGTHENED"))
    args = parser.parse_args(argv)
    if args.one:  # a single run, in this process (the parent starts one process per run)
        case, backend, strong = args.one
        print(json.dumps(run(case, backend, strong == "1", args.stage1, args.time_limit)))
        return 0
    print("| case | backend | model | status | seats | s | stages s | rules |")
    print("|---|---|---|---|---:|---:|---|---|")
    for case in args.cases:
        for backend in args.backends:
            answers = {}
            for strong in (False, True):
                command = [sys.executable, "-m", "benchmarks.strengthen", "--one", case, backend]
                command += ["1" if strong else "0", "--time-limit", str(args.time_limit)]
                command += ["--stage1"] if args.stage1 else []
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                row = json.loads(done.stdout.strip().splitlines()[-1])
                answers[strong] = row["chosen"] if not args.stage1 else row["minimum"]
                stages = "/".join(str(v) for v in row["stages"].values())
                rules = row["rules"]
                text = (
                    f"{rules['forced']} forced, cuts {', '.join(rules['cuts']) or '-'}, "
                    f"{rules['dominance']} pairs, {rules['superfluous']} out ({rules['seconds']} s)"
                )
                model = "strengthened" if strong else "plain"
                print(
                    f"| {case} | {backend} | {model} | {row['status']} | {row['seats']} | "
                    f"{row['seconds']} | {stages} | {text if strong else ''} |",
                    flush=True,
                )
            if answers[False] != answers[True]:
                print(f"DIFFERENT ANSWERS: {case} {backend}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
