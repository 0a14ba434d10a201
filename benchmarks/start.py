"""Start-up benchmark: ``tafelselectie select`` on the example region against a bare HiGHS script
(``benchmarks/bare_highs.py``) on the same files, whole processes, in the same run.

    python -m benchmarks.start [--repeat 5] [--pool data/regio-voorbeeld.csv]

A third command is the floor of the libraries the project chooses: a process that only imports
the four that ``select`` on this region loads (pydantic with one model, click, OR-Tools' CP-SAT
helper and numpy) and does nothing with them. Whatever ``select`` does after those imports comes on
top of it, so when that floor is already above the bare script, no work on our own code makes
``select`` as fast as the bare script while it uses these libraries. A fourth is the bare script
reading its CSV with pandas, as an analyst's independent script often does.

One warm-up run of each (file cache, compiled bytecode), then the commands alternate so that all
see the same machine load; the median of ``--repeat`` runs is printed. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.selection import DATA, ROOT

# The imports of the libraries `select` needs for the example region, and one pydantic model (the
# criteria schema has several; the first model built pays pydantic's schema machinery). Kept in
# step with `python -X importtime -m tafelselectie.cli select ...`: these are its third-party
# imports above a millisecond.
LIBRARIES_ONLY = (
    "import click, numpy\n"
    "from ortools.sat.python import cp_model_helper\n"
    "from pydantic import BaseModel\n"
    "class Floor(BaseModel):\n"
    "    seats: int\n"
)


def timed(command: list[str], settings: dict[str, str] | None = None) -> float:
    # As a user's Python runs: compiled bytecode is written (the warm-up writes it) and read. A
    # PYTHONDONTWRITEBYTECODE=1 in the caller's environment would make every run compile the
    # modules changed since the last .pyc again.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(settings or {})
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=environment)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pool", type=Path, default=DATA / "regio-voorbeeld.csv")
    args = parser.parse_args(argv)
    from tafelselectie.cli.app import PROCESS_SETTINGS

    criteria = DATA / "criteria-2026.toml"
    binary = Path(sys.executable).parent / "tafelselectie"
    commands = {
        "tafelselectie select": [
            str(binary),
            "select",
            str(args.pool),
            "--criteria",
            str(criteria),
        ],
        "bare HiGHS script": [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_highs.py"),
            str(args.pool),
            str(criteria),
        ],
        "the libraries alone (imports, one model)": [sys.executable, "-c", LIBRARIES_ONLY],
        "bare HiGHS script reading with pandas": [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_highs.py"),
            str(args.pool),
            str(criteria),
            "pandas",
        ],
    }
    # the floor's process gets the settings `select` gives its own (no plugin lookup, one
    # OpenBLAS thread): the floor is what `select` cannot go below, not a different process
    settings = {"the libraries alone (imports, one model)": PROCESS_SETTINGS}
    for name, command in commands.items():
        timed(command, settings.get(name))
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, command in commands.items():
            runs[name].append(timed(command, settings.get(name)))
    for name, seconds in runs.items():
        values = ", ".join(f"{s:.3f}" for s in seconds)
        print(f"{name}: median {statistics.median(seconds):.3f} s ({values})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
