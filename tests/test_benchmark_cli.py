"""The benchmark command lines keep their documented output (not their speed: nothing is timed)."""

from __future__ import annotations

import json
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
