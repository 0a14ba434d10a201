"""The benchmark command lines keep their documented output (not their speed: nothing is timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = ROOT.parent / "shared" / "data" / "external" / "orlib-scp"


@pytest.mark.skipif(not (INSTANCES / "scp41.txt").exists(), reason=f"no instances in {INSTANCES}")
@pytest.mark.parametrize("runner", ["--backend=auto", "--backend=cbc", "--peer=highs-plain"])
def test_orlib_json_lines(runner: str) -> None:
    files = [str(INSTANCES / "scp41.txt"), str(INSTANCES / "scp42.txt")]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.orlib", *files, runner, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["instance"] for r in records] == ["scp41", "scp42"]
    for record in records:
        assert {"instance", "objective", "status", "seconds"} <= record.keys()
        assert record["objective"] == record["known"]
        assert record["status"] == "optimal"


def test_known_values_are_read_from_the_instance_readme() -> None:
    from benchmarks.orlib import known_values

    values = known_values()
    if not values:
        pytest.skip(f"no README in {INSTANCES}")
    assert values["scp41"] == 429 and values["scpc5"] == 215 and values["rail507"] == 174


@pytest.mark.parametrize("reader", ["csv", "pandas"])
def test_the_bare_script_answers_stages_one_and_two_as_select_does(reader: str) -> None:
    # The start-up benchmark compares `select` with this script; the comparison is fair only
    # if the script does the work of stages 1 and 2 on the same files: the same minimum and
    # the same best expertise. Its table may differ (it has no tie-break), and so may its size:
    # a provider with score 0 leaves the score as it is, so HiGHS may take it or not, and the
    # script has no stage 3 (fewest seats again).
    from tafelselectie import select

    pool, criteria = ROOT / "data" / "regio-voorbeeld.csv", ROOT / "data" / "criteria-2026.toml"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bare_highs.py"), str(pool), str(criteria)]
        + (["pandas"] if reader == "pandas" else []),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    words = done.stdout.split()  # "minimum S seats; best expertise with K: ID ..."
    seats, chosen = int(words[1]), words[words.index("with") + 2 :]
    result = select(pool, criteria)
    problem = result.problem
    score = sum(int(problem.scores[problem.ids.index(i)]) for i in chosen)
    assert seats == result.minimum_seats
    assert score == int(problem.scores[list(result.chosen)].sum())


def test_the_libraries_floor_of_the_start_up_benchmark_runs() -> None:
    from benchmarks.start import LIBRARIES_ONLY

    from tafelselectie.cli.app import PROCESS_SETTINGS

    done = subprocess.run(
        [sys.executable, "-c", LIBRARIES_ONLY + "print(Floor(seats=3).seats)"],
        capture_output=True,
        text=True,
        env={**os.environ, **PROCESS_SETTINGS},
        check=True,
    )
    assert done.stdout.strip() == "3"
