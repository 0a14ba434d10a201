"""Selection benchmark: build and solve time and peak memory per region size.

    python -m benchmarks.selection [--cases NAME ...] [--repeat N] [--json PATH]

Every case runs in its own process, so the peak memory (max RSS) is that case's alone. The
`select` command is also timed end to end as a user runs it (process start to exit).
Prints a markdown table for benchmarks/RESULTS.md. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

MARGINAL: list[dict[str, Any]] = [
    {"name": "resultaatgebied", "column": "resultaatgebieden"},
    {"name": "doelgroep", "column": "doelgroepen"},
    {
        "name": "omvang",
        "column": "omzet",
        "bands": [
            {"label": "klein", "below": 1_000_000},
            {"label": "middel", "below": 10_000_000},
            {"label": "groot"},
        ],
    },
    {"name": "locatie", "column": "locaties"},
]
REGION_CRITERIA: dict[str, Any] = {
    "peildatum": "2026-01-01",
    "dimension": MARGINAL,
    "joint": [
        {"dimensions": ["resultaatgebied", "omvang"]},
        {"dimensions": ["resultaatgebied", "doelgroep"]},
    ],
    "expertise": {
        "weights": {"dementie": 3, "lvb": 2.5, "ervaringsdeskundigheid": 2},
        "extra_seats": 2,
    },
    "constraints": {"one_per": ["concern"]},
}
NO_EXTRA_SEATS: dict[str, Any] = {
    **REGION_CRITERIA,
    "expertise": {"weights": REGION_CRITERIA["expertise"]["weights"]},
}
MANY_JOINTS: dict[str, Any] = {
    **REGION_CRITERIA,
    "joint": [
        {"dimensions": ["resultaatgebied", "omvang"]},
        {"dimensions": ["resultaatgebied", "doelgroep"]},
        {"dimensions": ["doelgroep", "locatie"]},
        {"dimensions": ["omvang", "locatie"]},
    ],
}

EVERY_JOINT: dict[str, Any] = {
    **REGION_CRITERIA,
    "joint": [
        *MANY_JOINTS["joint"],
        {"dimensions": ["resultaatgebied", "locatie"]},
        {"dimensions": ["doelgroep", "omvang"]},
    ],
}

CASES: dict[str, dict[str, Any]] = {
    "example-170": {"pool": "example", "criteria": "example"},
    "joints-170": {"n": 170, "seed": 2026, "criteria": MANY_JOINTS},
    "region-1000": {"n": 1000, "seed": 1000, "criteria": REGION_CRITERIA},
    "joints-1000": {"n": 1000, "seed": 1000, "criteria": MANY_JOINTS},
    # the same shape from other seeds: what joints-1000's time says about the shape (RESULTS.md,
    # "Stage 1 by parts")
    "joints-1000-s2000": {"n": 1000, "seed": 2000, "criteria": MANY_JOINTS},
    "joints-1000-s3000": {"n": 1000, "seed": 3000, "criteria": MANY_JOINTS},
    # local providers (reach: the broadest serves about that share of the municipalities), so
    # covering every municipality takes many seats; no extra seats
    "local-1000": {
        "n": 1000,
        "seed": 1000,
        "locations": 30,
        "reach": 0.02,
        "criteria": NO_EXTRA_SEATS,
    },
    "hard-1000": {
        "n": 1000,
        "seed": 1000,
        "locations": 60,
        "reach": 0.1,
        "criteria": NO_EXTRA_SEATS,
    },
    # the same shape from other seeds: what hard-1000's time says about the shape (RESULTS.md,
    # "The hard shape with other seeds")
    "hard-1000-s2000": {
        "n": 1000,
        "seed": 2000,
        "locations": 60,
        "reach": 0.1,
        "criteria": NO_EXTRA_SEATS,
    },
    "hard-1000-s3000": {
        "n": 1000,
        "seed": 3000,
        "locations": 60,
        "reach": 0.1,
        "criteria": NO_EXTRA_SEATS,
    },
    # two more of the shape, where the tie-break takes longest (RESULTS.md, twelfth pass)
    **{
        f"hard-1000-s{seed}": {
            "n": 1000,
            "seed": seed,
            "locations": 60,
            "reach": 0.1,
            "criteria": NO_EXTRA_SEATS,
        }
        for seed in (5000, 7000)
    },
    # 60 municipalities and every joint: about 1,200 cells, a second case of the joints-10000 shape
    "joints-5000": {"n": 5000, "seed": 5000, "locations": 60, "criteria": EVERY_JOINT},
    "region-10000": {"n": 10000, "seed": 10000, "criteria": REGION_CRITERIA},
    # 100 municipalities and every joint: about 1,900 joint cells
    "joints-10000": {"n": 10000, "seed": 10000, "locations": 100, "criteria": EVERY_JOINT},
}


def run_case(name: str, backend: str, time_limit: float | None = None) -> dict[str, Any]:
    """One case in this process; returns its measurements."""
    from tafelselectie import (
        NoSolutionError,
        build_problem,
        generate_region,
        select,
        table_violations,
    )
    from tafelselectie.io.generate import LOC_SHARE

    spec = CASES[name]
    started = time.perf_counter()
    if spec.get("pool") == "example":
        pool: Any = DATA / "regio-voorbeeld.xlsx"
        criteria: Any = DATA / "criteria-2026.toml"
    else:
        pool = generate_region(
            spec["n"],
            spec["seed"],
            locations=spec.get("locations"),
            reach=spec.get("reach", LOC_SHARE),
        )
        criteria = spec["criteria"]
    generated = time.perf_counter()
    problem = build_problem(pool, criteria)
    built = time.perf_counter()
    try:
        result = select(problem, backend=backend, time_limit=time_limit)
    except NoSolutionError:
        return {
            "case": name,
            "backend": backend,
            "status": "no table in time",
            "providers": problem.n_providers,
            "cells": problem.n_cells,
            "solve_s": round(time.perf_counter() - built, 3),
        }
    solved = time.perf_counter()
    assert table_violations(problem, result.selected) == []
    return {
        "case": name,
        "backend": backend,
        "used_backend": result.backend,
        "providers": problem.n_providers,
        "cells": problem.n_cells,
        "joint_cells": sum(1 for c in problem.cells if c.kind == "joint"),
        "seats": result.seats,
        "minimum_seats": result.minimum_seats,
        "status": result.status.value,
        "solves": result.solves,
        "generate_s": round(generated - started, 3),
        "build_s": round(built - generated, 3),
        "solve_s": round(solved - built, 3),
        "stages": {s.name: round(s.seconds, 3) for s in result.stages},
        "stage_status": {s.name: s.status.value for s in result.stages},
        # a stage that ran in another solver than the run's own (a handover)
        "stage_backends": {s.name: s.backend for s in result.stages if s.backend is not None},
        # a stage stopped by the time limit: the bound the solver proved (the gap to the answer)
        "bounds": {s.name: s.bound for s in result.stages if s.bound is not None},
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def case_problem(name: str) -> Any:
    """The coverage problem of case ``name``."""
    from tafelselectie import build_problem, generate_region
    from tafelselectie.io.generate import LOC_SHARE

    spec = CASES[name]
    if spec.get("pool") == "example":
        return build_problem(DATA / "regio-voorbeeld.xlsx", DATA / "criteria-2026.toml")
    pool = generate_region(
        spec["n"], spec["seed"], locations=spec.get("locations"), reach=spec.get("reach", LOC_SHARE)
    )
    return build_problem(pool, spec["criteria"])


def run_peer(name: str, peer: str, time_limit: float) -> dict[str, Any]:
    """The textbook covering model of case ``name`` (benchmarks/peers.py) with a plain solver."""
    from benchmarks.peers import PEERS, warm_up

    problem = case_problem(name)
    warm_up(peer)
    objective, status, build_s, solve_s = PEERS[peer](problem, time_limit)
    return {
        "case": name,
        "peer": peer,
        "objective": objective,
        "status": status,
        "build_s": round(build_s, 3),
        "solve_s": round(solve_s, 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def time_command() -> dict[str, Any]:
    """The `select` command on the example region, as a user runs it."""
    command = [
        sys.executable,
        "-m",
        "tafelselectie",
        "select",
        str(DATA / "regio-voorbeeld.xlsx"),
        "--criteria",
        str(DATA / "criteria-2026.toml"),
        "--json",
        "-",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "seats": json.loads(done.stdout)["seats"]}


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    names = ("tafelselectie", "ortools", "pulp", "highspy", "numpy", "pandas")
    packages = {p: version(p) for p in names}
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        **packages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--backend", default="cpsat")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest is kept")
    parser.add_argument("--json", type=Path, help="write all measurements to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one case, print JSON
    parser.add_argument("--peer", help=argparse.SUPPRESS)  # internal: with --one, a textbook peer
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args(argv)
    if args.one and args.peer:
        print(json.dumps(run_peer(args.one, args.peer, args.time_limit or 300.0)))
        return 0
    if args.one:
        print(json.dumps(run_case(args.one, args.backend, args.time_limit)))
        return 0
    rows = []
    for name in args.cases:
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.selection",
                    "--one",
                    name,
                    "--backend",
                    args.backend,
                    *(["--time-limit", str(args.time_limit)] if args.time_limit else []),
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        best = min(runs, key=lambda r: r["build_s"] + r["solve_s"])
        rows.append(best)
        print(f"{name}: build {best['build_s']} s, solve {best['solve_s']} s", file=sys.stderr)
    command = time_command()
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}, numpy {facts['numpy']}, pandas {facts['pandas']}; "
        f"backend {args.backend}"
    )
    print()
    print(
        "| case | providers | cells (joint) | seats (min) | status | solves | build s | solve s | "
        "stages s (seats/expertise/seats again/tie-break) | peak MB |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---|---:|")
    for r in rows:
        stages = "/".join(
            str(r["stages"].get(k, "-")) for k in ("seats", "expertise", "seats_again", "tie_break")
        )
        print(
            f"| {r['case']} | {r['providers']} | {r['cells']} ({r['joint_cells']}) "
            f"| {r['seats']} ({r['minimum_seats']}) | {r['status']} | {r['solves']} "
            f"| {r['build_s']} | {r['solve_s']} | {stages} | {r['peak_mb']} |"
        )
    print()
    print(
        "`tafelselectie select` on the example region, process start to exit: "
        f"{command['seconds']} s"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"machine": facts, "cases": rows, "command": command}, indent=2)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
