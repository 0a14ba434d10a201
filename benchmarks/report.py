"""Report benchmark: the yearly report of the 170-provider example region (target: under 5 s).

    python -m benchmarks.report [--repeat 5]

Each run is a fresh process that does what ``tafelselectie report`` does: import, read the pool
and criteria, select, explain (decisive cells, indispensable providers, the count of equally good
tables), render the HTML with its SVG figures and write the workbook. Cases: the plain report, and
the report with last year's table as history and a lottery portfolio (the lottery itself is
computed once beforehand, as in practice; it is not part of the report's time). Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.selection import DATA, ROOT, machine

POOL = DATA / "regio-voorbeeld.xlsx"
CRITERIA = DATA / "criteria-2026.toml"


def run(out: Path, history: list[str], lottery: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    from tafelselectie.report import build_report

    imported = time.perf_counter()
    report = build_report(POOL, CRITERIA, history=history, lottery=lottery)
    built = time.perf_counter()
    report.write_html(out / "rapport.html")
    report.write_xlsx(out / "rapport.xlsx")
    done = time.perf_counter()
    return {
        "import": round(imported - started, 3),
        "build": round(built - imported, 3),
        "write": round(done - built, 3),
        "total": round(done - started, 3),
        "html_kb": round((out / "rapport.html").stat().st_size / 1024),
        "providers": report.content.pool_size,
        "seats": report.content.seats,
    }


def prepare(directory: Path) -> tuple[list[str], str]:
    """Last year's table (this year's minus two members) and a lottery portfolio."""
    from tafelselectie import select
    from tafelselectie.cli.app import main

    selected = list(select(POOL, CRITERIA).selected)
    history = directory / "tafel-2025.json"
    history.write_text(
        json.dumps({"selected": [*selected[:5], "P010", "P033"], "peildatum": "2025-01-01"}),
        encoding="utf-8",
    )
    portfolio = directory / "portfolio.json"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["lottery", str(POOL), "-c", str(CRITERIA), "--json", str(portfolio)])
    if code != 0:
        raise SystemExit(f"lottery failed with exit code {code}")
    return [str(history)], str(portfolio)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        spec = json.loads(args.one)
        print(json.dumps(run(Path(spec["out"]), spec["history"], spec["lottery"])))
        return 0
    facts = machine()
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; "
        f"ortools {facts['ortools']}"
    )
    print()
    print("| case | import (s) | select+explain+render (s) | write (s) | total (s) | HTML (KB) |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        history, portfolio = prepare(directory)
        cases: dict[str, tuple[list[str], str | None]] = {
            "plain": ([], None),
            "history + lottery": (history, portfolio),
        }
        for name, (paths, lottery) in cases.items():
            totals = []
            for _ in range(args.repeat):
                spec = json.dumps({"out": temporary, "history": paths, "lottery": lottery})
                output = subprocess.run(
                    [sys.executable, "-m", "benchmarks.report", "--one", spec],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                row = json.loads(output.strip().splitlines()[-1])
                totals.append(row["total"])
                print(
                    f"| {name} | {row['import']} | {row['build']} | {row['write']} | "
                    f"{row['total']} | {row['html_kb']} |"
                )
            print(
                f"| {name}: median / max of {args.repeat} | | | | "
                f"{statistics.median(totals):.2f} / {max(totals):.2f} | |"
            )
        # The command as a user types it: the whole process, interpreter start included.
        command = [
            str(Path(sys.executable).with_name("tafelselectie")),
            "report",
            str(POOL),
            "--criteria",
            str(CRITERIA),
            *(word for path in history for word in ("--history", path)),
            "--lottery",
            portfolio,
            "--out",
            str(directory / "cli.html"),
            "--xlsx",
            str(directory / "cli.xlsx"),
        ]
        walls = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            walls.append(time.perf_counter() - started)
        print(
            f"| `tafelselectie report` (history + lottery), wall clock, median / max of "
            f"{args.repeat} | | | | {statistics.median(walls):.2f} / {max(walls):.2f} | |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
