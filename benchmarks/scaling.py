"""Scaling: the selection cases of benchmarks.selection for every backend, side by side.

    python -m benchmarks.scaling [--backends cpsat cbc highs auto] [--cases ...] [--time-limit S]
                                 [--peers cpsat-default cbc-plain highs-plain]
                                 [--peer-time-limit S]

Each case and backend runs in its own process (peak MB is that run's max RSS). A run that hits
the time limit is reported with status `feasible` (or `no table`), never as optimal, with the
bound the solver proved for that stage (every backend reports one; CBC's is read from its output).
``--peers`` adds the textbook covering model of each case with the plain solvers
(benchmarks/peers.py): stage 1 of a simpler model, for comparison; ``--peer-time-limit`` (default
``--time-limit``) bounds those, so a peer known to stop at the limit does not take a whole
case's time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.selection import CASES, ROOT, machine


def _record(arguments: list[str], time_limit: float, failed: dict[str, Any]) -> dict[str, Any]:
    """Run ``benchmarks.selection`` with ``arguments`` in its own process; its last line of
    output as a record, or ``failed`` with the error's last line."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.selection",
        *arguments,
        "--time-limit",
        str(time_limit),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {**failed, "status": f"error: {tail}"}
    record: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return record


def run(case: str, backend: str, time_limit: float) -> dict[str, Any]:
    arguments = ["--one", case, "--backend", backend]
    return _record(arguments, time_limit, {"case": case, "backend": backend})


def run_peer(case: str, peer: str, time_limit: float) -> dict[str, Any]:
    arguments = ["--one", case, "--peer", peer]
    return _record(arguments, time_limit, {"case": case, "peer": peer})


STAGES = ("seats", "expertise", "seats_again", "tie_break")


def _stages(record: dict[str, Any]) -> str:
    stages = record.get("stages") or {}
    moved = record.get("stage_backends") or {}
    return "/".join(
        str(stages.get(k, "-")) + (f" ({moved[k]})" if k in moved else "") for k in STAGES
    )


def _gap(record: dict[str, Any]) -> str:
    """For a run stopped by the time limit: stage 1's answer against its proven bound."""
    bounds = record.get("bounds") or {}
    if "seats" not in bounds or record.get("minimum_seats") is None:
        return ""
    return f"{record['minimum_seats']} vs bound {bounds['seats']:g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", nargs="*", default=["cpsat", "cbc", "highs", "auto"])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--peers", nargs="*", default=[])
    parser.add_argument("--peer-time-limit", type=float, default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    peers = []
    for case in args.cases:
        for backend in args.backends:
            record = run(case, backend, args.time_limit)
            rows.append(record)
            print(
                f"{case} {backend}: {record.get('status')} {record.get('solve_s')} s "
                f"{_stages(record)}",
                file=sys.stderr,
            )
        for peer in args.peers:
            peer_limit = args.time_limit if args.peer_time_limit is None else args.peer_time_limit
            found = run_peer(case, peer, peer_limit)
            peers.append(found)
            print(f"{case} {peer}: {found.get('status')} {found.get('solve_s')} s", file=sys.stderr)
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}, pulp {facts.get('pulp')}, highspy {facts.get('highspy')}"
    )
    print()
    header = (
        "case | providers | cells | backend | seats (min) | status | solves | build s | solve s "
        "| stages s (seats/expertise/seats again/tie-break) | gap | peak MB"
    )
    print(f"| {header} |")
    print("|---|---:|---:|---|---:|---|---:|---:|---:|---|---|---:|")
    for r in rows:
        used = r.get("used_backend", r["backend"]) + (" (auto)" if r["backend"] == "auto" else "")
        print(
            f"| {r['case']} | {r.get('providers', '')} | {r.get('cells', '')} | {used} | "
            f"{r.get('seats', '')} ({r.get('minimum_seats', '')}) | {r.get('status')} | "
            f"{r.get('solves', '')} | {r.get('build_s', '')} | {r.get('solve_s', '')} | "
            f"{_stages(r)} | {_gap(r)} | {r.get('peak_mb', '')} |"
        )
    if peers:
        print()
        print("| case | textbook peer | minimum | status | build s | solve s | peak MB |")
        print("|---|---|---:|---|---:|---:|---:|")
        for p in peers:
            print(
                f"| {p['case']} | {p['peer']} | {p.get('objective', '')} | {p.get('status')} | "
                f"{p.get('build_s', '')} | {p.get('solve_s', '')} | {p.get('peak_mb', '')} |"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": facts, "runs": rows, "peers": peers}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
