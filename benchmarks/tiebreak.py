"""The tie-break's two exact formulations (``chain`` and ``rank``, see
``tafelselectie.solve.model._tie_break``) on every backend, side by side.

    python -m benchmarks.tiebreak [--cases region-1000 joints-170] [--backends cbc highs cpsat]

Each run is its own process. The answer must be the same table whatever the formulation; the
benchmark checks that and reports the tie-break stage's seconds and solves.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

from benchmarks.selection import CASES, DATA, ROOT, machine


def run_one(case: str, backend: str, formulation: str, time_limit: float) -> dict[str, Any]:
    from tafelselectie import build_problem, generate_region, select
    from tafelselectie.backends import get_backend

    spec = CASES[case]
    if spec.get("pool") == "example":
        pool: Any = DATA / "regio-voorbeeld.xlsx"
        criteria: Any = DATA / "criteria-2026.toml"
    else:
        pool, criteria = generate_region(spec["n"], spec["seed"]), spec["criteria"]
    problem = build_problem(pool, criteria)
    type(get_backend(backend)).tie_break_formulation = formulation  # type: ignore[misc]
    result = select(problem, backend=backend, time_limit=time_limit)
    tie = next(s for s in result.stages if s.name == "tie_break")
    return {
        "case": case,
        "backend": backend,
        "formulation": formulation,
        "status": result.status.value,
        "seats": result.seats,
        "selected": list(result.selected),
        "tie_break_s": round(tie.seconds, 3),
        "tie_break_solves": tie.solves,
        "tie_break_status": tie.status.value,
        "total_solve_s": round(result.timings["solve"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", nargs="*", default=["example-170", "joints-170", "region-1000"])
    parser.add_argument("--backends", nargs="*", default=["cbc", "highs", "cpsat"])
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # case backend formulation
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one, args.time_limit)))
        return 0
    rows = []
    for case in args.cases:
        for backend in args.backends:
            answers = set()
            for formulation in ("chain", "rank"):
                command = [sys.executable, "-m", "benchmarks.tiebreak", "--one", case, backend]
                command += [formulation, "--time-limit", str(args.time_limit)]
                done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    continue
                record = json.loads(done.stdout.strip().splitlines()[-1])
                if record["status"] == "optimal":  # a time-limited answer may differ
                    answers.add(tuple(record["selected"]))
                rows.append(record)
                print(f"{case} {backend} {formulation}: {record['tie_break_s']} s", file=sys.stderr)
            if len(answers) > 1:
                print(f"DIFFERENT ANSWERS for {case} {backend}: {answers}", file=sys.stderr)
                return 1
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}, pulp {facts.get('pulp')}, highspy {facts.get('highspy')}"
    )
    print()
    print(
        "| case | backend | formulation | status | seats | tie-break s | solves | whole solve s |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['case']} | {r['backend']} | {r['formulation']} | {r['status']} | {r['seats']} | "
            f"{r['tie_break_s']} | {r['tie_break_solves']} | {r['total_solve_s']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
