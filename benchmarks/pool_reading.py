"""Reading large pools: 1,000 providers with 100 measurement dates each (100,000 rows).

    python -m benchmarks.pool_reading [--providers 1000] [--dates 100]

For CSV and .xlsx: the time to read the file and resolve the peildatum (``build_problem``), and
the whole ``tafelselectie select`` command (interpreter start, reading, solving), each in its own
process with its peak memory. The solve itself is the same as for a pool with one row per provider.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.selection import DATA, ROOT, machine

# The whole command in a process of its own, printing its own peak memory (MB) last.
WHOLE_COMMAND = (
    "import resource, sys\n"
    "from tafelselectie.cli.app import main\n"
    "code = main(['select', sys.argv[1], '-c', sys.argv[2]])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    "sys.exit(code)\n"
)


def write_pools(directory: Path, providers: int, dates: int) -> tuple[Path, Path, Path]:
    import pandas as pd

    from tafelselectie import generate_region

    frame = generate_region(providers, 11)
    rows = []
    for record in frame.itertuples(index=False):
        for k in range(dates):
            day = dt.date(2017, 1, 1) + dt.timedelta(days=30 * k)
            rows.append([*record, day.isoformat()])
    columns = [*frame.columns, "peildatum"]
    csv_path = directory / "pool.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    xlsx_path = directory / "pool.xlsx"
    pd.DataFrame(rows, columns=columns).astype(str).to_excel(xlsx_path, index=False)
    criteria = (DATA / "criteria-2026.toml").read_text(encoding="utf-8")
    criteria_path = directory / "criteria.toml"
    criteria_path.write_text(
        criteria.replace("peildatum = 2026-01-01", "peildatum = 2024-06-01"), encoding="utf-8"
    )
    return csv_path, xlsx_path, criteria_path


def build_only(pool: str, criteria: str) -> None:
    from tafelselectie import build_problem

    started = time.perf_counter()
    problem = build_problem(pool, criteria)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"build_s": round(seconds, 2), "providers": problem.n_providers, "peak_mb": round(peak)}
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--dates", type=int, default=100)
    parser.add_argument("--build-only", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build_only(*args.build_only)
        return 0
    if args.write:
        write_pools(args.write, args.providers, args.dates)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        # Written by another process: on Linux a child inherits its parent's peak memory at the
        # fork, so this process stays small for the peaks measured below to be the children's.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.pool_reading",
                "--write",
                folder,
                "--providers",
                str(args.providers),
                "--dates",
                str(args.dates),
            ],
            cwd=ROOT,
            check=True,
        )
        csv_path, xlsx_path = Path(folder) / "pool.csv", Path(folder) / "pool.xlsx"
        criteria = Path(folder) / "criteria.toml"
        print(f"Machine: {machine()['cpu']}; {args.providers} providers x {args.dates} dates")
        print()
        print("| file | read + peildatum s | peak MB | whole `select` s | peak MB |")
        print("|---|---:|---:|---:|---:|")
        for pool in (csv_path, xlsx_path):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.pool_reading",
                    "--build-only",
                    str(pool),
                    str(criteria),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            built = json.loads(done.stdout.strip().splitlines()[-1])
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", WHOLE_COMMAND, str(pool), str(criteria)],
                capture_output=True,
                text=True,
                check=True,
            )
            whole = time.perf_counter() - started
            peak = float(done.stdout.strip().splitlines()[-1])
            print(
                f"| {pool.suffix} | {built['build_s']} | {built['peak_mb']} | {whole:.1f} | "
                f"{peak:.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
