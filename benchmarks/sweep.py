"""Sweep benchmark: 200 scenarios of the example region, in one process, on the local process pool
and on a two-worker Dask LocalCluster.

    python -m benchmarks.sweep [--scenarios 200] [--json]

The scenarios vary the tie-break seed, the extra seats for expertise and (every 25th) a seat
maximum that leaves no table, so infeasible outcomes travel too. ``count_cap=0``: no counting of
equally good tables, so a task is one selection. Per runner: the wall time, the wall time per
scenario, the mean time inside a task (``ScenarioOutcome.seconds``), and the overhead per task:
``(wall * workers - sum of task times) / scenarios``, the time a worker spends on anything but the
solve (sending, pickling, reading the pool, importing in a new process, waiting). The cluster's
start is timed apart. Every runner must give the same frame. Not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from benchmarks.selection import DATA, machine

POOL = str(DATA / "regio-voorbeeld.csv")
CRITERIA = str(DATA / "criteria-2026.toml")


def variations(count: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in range(1, count):  # the base is the first scenario
        change: dict[str, Any] = {
            "tie_break": {"order": "seeded", "seed": 1000 + k},
            "expertise": {"extra_seats": k % 4},
        }
        if k % 25 == 0:
            change["seats"] = {"max": 4}  # the cells need at least 5 seats: infeasible
        out[f"s{k:03d}"] = change
    return out


def measure(name: str, workers: int, **where: Any) -> tuple[dict[str, Any], Any]:
    import tafelselectie as ts

    changes = variations(SCENARIOS)
    started = time.perf_counter()
    comparison = ts.compare_scenarios(POOL, CRITERIA, changes, count_cap=0, progress=False, **where)
    wall = time.perf_counter() - started
    inside = [outcome.seconds for outcome in comparison.outcomes]
    statuses = comparison.frame["status"].value_counts().to_dict()
    return {
        "runner": name,
        "workers": workers,
        "scenarios": len(inside),
        "wall_s": round(wall, 2),
        "per_scenario_s": round(wall / len(inside), 4),
        "mean_task_s": round(statistics.fmean(inside), 4),
        "overhead_per_task_s": round((wall * workers - sum(inside)) / len(inside), 4),
        "statuses": statuses,
    }, comparison.frame.drop(columns="seconds")


SCENARIOS = 200


def main(argv: list[str] | None = None) -> int:
    global SCENARIOS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    SCENARIOS = args.scenarios

    from tafelselectie.analysis.sweep import dask_executor

    rows = []
    first, frame = measure("one process", 1)
    rows.append(first)
    local, local_frame = measure("local process pool", 2, processes=2)
    rows.append(local)
    started = time.perf_counter()
    with dask_executor() as executor:
        startup = time.perf_counter() - started
        remote, remote_frame = measure("Dask LocalCluster", 2, executor=executor)
    remote["cluster_start_s"] = round(startup, 2)
    rows.append(remote)
    same = frame.equals(local_frame) and frame.equals(remote_frame)
    if args.json:
        print(json.dumps({"machine": machine(), "rows": rows, "same_frames": same}, indent=2))
    else:
        print(f"machine: {machine()}")
        columns = ["runner", "workers", "scenarios", "wall s", "per scenario s", "mean task s"]
        print("| " + " | ".join([*columns, "overhead/task s"]) + " |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            print(
                f"| {row['runner']} | {row['workers']} | {row['scenarios']} | {row['wall_s']} | "
                f"{row['per_scenario_s']} | {row['mean_task_s']} | {row['overhead_per_task_s']} |"
            )
        print(f"cluster start: {remote['cluster_start_s']} s; statuses: {first['statuses']}")
        print(f"same frames on every runner: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
