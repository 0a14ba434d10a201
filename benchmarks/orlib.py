"""OR-Library set covering: our backends and the plain solvers on Beasley's instances.

    python -m benchmarks.orlib FILE... --backend NAME [--json] [--time-limit S] [--mode M]
    python -m benchmarks.orlib FILE... --peer NAME [--json]
    python -m benchmarks.orlib --suite [--families 4 5 6 A B C D] [--runners ...] [--out PATH]

The first two forms print one line per instance (``--json``: one JSON object per line with
``instance``, ``runner``, ``objective``, ``known``, ``status``, ``seconds`` = build + solve).
``--mode minimum`` (default) runs stage 1 of our model, the weighted covering problem itself;
``--mode canonical`` runs all stages including the tie-break. ``--suite`` runs every runner on the
families, writes the JSON records and prints the markdown tables for benchmarks/RESULTS.md.
Instances live in ``../shared/data/external/orlib-scp``; the known optima come from its README.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = ROOT.parent / "shared" / "data" / "external" / "orlib-scp"
FAMILIES = {
    "4": [f"scp4{i}" for i in range(1, 11)],
    "5": [f"scp5{i}" for i in range(1, 11)],
    "6": [f"scp6{i}" for i in range(1, 6)],
    "A": [f"scpa{i}" for i in range(1, 6)],
    "B": [f"scpb{i}" for i in range(1, 6)],
    "C": [f"scpc{i}" for i in range(1, 6)],
    "D": [f"scpd{i}" for i in range(1, 6)],
    "E": [f"scpe{i}" for i in range(1, 6)],
    "NRE": [f"scpnre{i}" for i in range(1, 6)],
    "NRF": [f"scpnrf{i}" for i in range(1, 6)],
    "NRG": [f"scpnrg{i}" for i in range(1, 6)],
    "NRH": [f"scpnrh{i}" for i in range(1, 6)],
    "rail": ["rail507", "rail516", "rail582"],
}
BACKENDS = ("cpsat", "cbc", "highs")


def known_values() -> dict[str, int]:
    """Instance -> known optimal (or best known) value, from the instance folder's README."""
    readme = INSTANCES / "README.md"
    if not readme.exists():
        return {}
    values: dict[str, int] = {}
    header: list[str] = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "instance":
            header = cells
            continue
        if header and "value" in header and re.fullmatch(r"\d+", cells[header.index("value")]):
            values[cells[0]] = int(cells[header.index("value")])
    return values


def instance_path(name: str) -> Path:
    for candidate in (INSTANCES / f"{name}.txt", INSTANCES / f"{name}.txt.gz"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)


def instance_name(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".txt")


def run_one(path: Path, runner: str, time_limit: float, mode: str) -> dict[str, Any]:
    from tafelselectie.solve.orlib import read_scp

    started = time.perf_counter()
    problem = read_scp(path)
    read = time.perf_counter() - started
    if runner in BACKENDS or runner == "auto":
        from tafelselectie.backends import get_backend
        from tafelselectie.solve.model import solve_problem

        backend = get_backend(runner, problem)
        backend.create()  # imports the solver library: not part of build + solve
        built = time.perf_counter()
        solution = solve_problem(
            problem, backend, time_limit, stop_after_minimum=(mode == "minimum")
        )
        seconds = time.perf_counter() - built
        objective: float | None = float(solution.minimum_cost)
        if mode == "canonical":
            objective = float(problem.costs[list(solution.chosen)].sum())
        status = solution.status.value
        extra = {"solves": sum(s.solves for s in solution.stages), "backend": backend.name}
    else:
        from benchmarks.peers import PEERS, warm_up

        warm_up(runner)
        objective, status, build_s, solve_s = PEERS[runner](problem, time_limit)
        seconds = build_s + solve_s
        extra = {"build_seconds": round(build_s, 3)}
    name = instance_name(path)
    return {
        "instance": name,
        "runner": runner,
        "mode": mode,
        "objective": None if objective is None else round(objective, 6),
        "known": known_values().get(name),
        "status": status,
        "seconds": round(seconds, 3),
        "read_seconds": round(read, 3),
        **extra,
    }


def _runner_process(path: Path, runner: str, time_limit: float, mode: str) -> dict[str, Any]:
    """One instance in a fresh process: no warm caches, and a crash stays one row."""
    import subprocess

    flag = "--peer" if runner not in BACKENDS and runner != "auto" else "--backend"
    command = [
        sys.executable,
        "-m",
        "benchmarks.orlib",
        str(path),
        flag,
        runner,
        "--json",
        "--time-limit",
        str(time_limit),
        "--mode",
        mode,
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {
            "instance": instance_name(path),
            "runner": runner,
            "status": "error",
            "error": done.stderr.strip().splitlines()[-1:] or ["?"],
        }
    record: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return record


def suite(
    families: list[str],
    runners: list[str],
    time_limit: float,
    peer_time_limit: float,
    out: Path | None,
) -> None:
    from benchmarks.selection import machine

    records: list[dict[str, Any]] = []
    for family in families:
        for name in FAMILIES[family]:
            path = instance_path(name)
            for runner in runners:
                limit = time_limit if runner in BACKENDS or runner == "auto" else peer_time_limit
                record = _runner_process(path, runner, limit, "minimum")
                record["family"] = family
                records.append(record)
                print(
                    f"{name} {runner}: {record.get('objective')} {record['status']} "
                    f"{record.get('seconds')} s",
                    file=sys.stderr,
                )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"machine": machine(), "records": records}, indent=1))
    print(markdown(records, families, runners))


def markdown(records: list[dict[str, Any]], families: list[str], runners: list[str]) -> str:
    """Per family and runner: instances at the known optimum, proven, total seconds."""
    lines = [
        "| family | " + " | ".join(runners) + " |",
        "|---|" + "---:|" * len(runners),
    ]
    totals = dict.fromkeys(runners, 0.0)
    for family in families:
        cells = []
        for runner in runners:
            rows = [r for r in records if r.get("family") == family and r["runner"] == runner]
            at_known = sum(1 for r in rows if r.get("objective") == r.get("known"))
            proven = sum(1 for r in rows if r.get("status") == "optimal")
            seconds = sum(r.get("seconds") or 0.0 for r in rows)
            totals[runner] += seconds
            cells.append(f"{at_known}/{len(rows)} at known, {proven} proven, {seconds:.1f} s")
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    lines.append("| total s | " + " | ".join(f"{totals[r]:.1f}" for r in runners) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--backend", choices=[*BACKENDS, "auto"])
    parser.add_argument("--peer", choices=["cpsat-default", "cbc-plain", "highs-plain"])
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--mode", choices=["minimum", "canonical"], default="minimum")
    parser.add_argument("--suite", action="store_true")
    parser.add_argument("--families", nargs="*", default=["4", "5", "6", "A", "B", "C", "D"])
    parser.add_argument(
        "--runners",
        nargs="*",
        default=["auto", "cpsat", "cbc", "highs", "cpsat-default", "cbc-plain", "highs-plain"],
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--peer-time-limit",
        type=float,
        default=20.0,
        help="time limit of the plain solvers in --suite (CP-SAT with default parameters "
        "proves no instance here, so its runs end at this limit)",
    )
    args = parser.parse_args(argv)
    if args.suite:
        suite(args.families, args.runners, args.time_limit, args.peer_time_limit, args.out)
        return 0
    runner = args.backend or args.peer
    if runner is None or not args.files:
        parser.error("give FILE... and --backend or --peer (or --suite)")
    for path in args.files:
        record = run_one(path, runner, args.time_limit, args.mode)
        if args.json:
            print(json.dumps(record), flush=True)
        else:
            print(
                f"{record['instance']}: {record['objective']} (known {record['known']}) "
                f"{record['status']} {record['seconds']} s",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
