"""The command line (spec section 5): exit codes, JSON, one clear line per problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tafelselectie.cli.app import main

pytestmark = pytest.mark.cpsat

POOL = (
    "id,naam,dg,omzet,peildatum\n"
    "P1,Een,jeugd,100,2025-01-01\n"
    "P2,Twee,ouderen;jeugd,2000,2025-01-01\n"
    "P3,Drie,ggz,50,2025-01-01\n"
)
CRITERIA = """format_version = 1
name = "Test"
peildatum = 2026-01-01
[[dimension]]
name = "doelgroep"
column = "dg"
[[dimension]]
name = "omvang"
column = "omzet"
bands = [{ label = "klein", below = 1000 }, { label = "groot" }]
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pool = tmp_path / "pool.csv"
    pool.write_text(POOL, encoding="utf-8")
    criteria = tmp_path / "criteria.toml"
    criteria.write_text(CRITERIA, encoding="utf-8")
    return pool, criteria


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_select_json_to_stdout(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    pool, criteria = files
    code, out, err = run(capsys, "select", str(pool), "--criteria", str(criteria), "--json", "-")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["status"] == "optimal"
    assert payload["selected"] == ["P2", "P3"]
    assert payload["seats"] == 2
    assert payload["expertise_score"] == 0
    assert payload["peildatum"] == "2026-01-01"
    assert payload["backend"] == "cpsat"
    assert err == ""


def test_select_text_json_file_and_csv(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    pool, criteria = files
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    code, out, _ = run(
        capsys,
        "select",
        str(pool),
        "-c",
        str(criteria),
        "--json",
        str(out_json),
        "--csv",
        str(out_csv),
    )
    assert code == 0
    assert "Zetels: 2" in out and "P2" in out and "optimaal" in out
    assert json.loads(out_json.read_text(encoding="utf-8"))["selected"] == ["P2", "P3"]
    lines = out_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,naam") and len(lines) == 3


def test_english_output(capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]) -> None:
    pool, criteria = files
    code, out, _ = run(capsys, "--lang", "en", "select", str(pool), "-c", str(criteria))
    assert code == 0 and "Seats: 2" in out and "optimal (proven minimal)" in out


def test_infeasible_exit_1_with_reason(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    pool, _ = files
    criteria = tmp_path / "c.toml"
    criteria.write_text(CRITERIA + "[seats]\nmax = 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", "select", str(pool), "-c", str(criteria))
    assert code == 1
    assert "No table meets the criteria" in out
    assert "the minimums of omvang add up to 2 seats" in out and "allow 2 seats" in out
    code, out, _ = run(capsys, "select", str(pool), "-c", str(criteria), "--json", "-")
    assert code == 1
    payload = json.loads(out)
    assert (
        payload["status"] == "infeasible" and payload["selected"] == [] and payload["explanation"]
    )
    assert {item["kind"] for item in payload["explanation"]} == {"reason", "suggestion"}
    suggestion = next(i for i in payload["explanation"] if i["kind"] == "suggestion")
    assert suggestion["target"] == "seats" and suggestion["proposed"] == 2


BAD_POOLS = {
    "missing_id_column": ("naam,dg\nEen,jeugd\n", "kolom 'id': kolom niet gevonden"),
    "duplicate_id": ("id,dg,omzet\nP1,jeugd,1\nP1,ggz,2\n", "rij 3, kolom 'id'"),
    "blank_id": ("id,dg,omzet\nP1,jeugd,1\n,ggz,2\n", "rij 3, kolom 'id': het id is leeg"),
    "non_numeric_band": (
        "id,dg,omzet\nP1,jeugd,1\nP2,ggz,veel\n",
        "rij 3, kolom 'omzet': 'veel' is geen getal",
    ),
    "bad_date": ("id,dg,omzet,peildatum\nP1,jeugd,1,2025-13-01\n", "rij 2, kolom 'peildatum'"),
    "empty": ("", "het bestand is leeg"),
    "extra_fields": ("id,dg,omzet\nP1,jeugd,1,x\n", "rij 2: de rij heeft 4 velden"),
}


@pytest.mark.parametrize("case", sorted(BAD_POOLS))
def test_bad_pool_exit_2_one_line(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    _, criteria = files
    text, fragment = BAD_POOLS[case]
    pool = tmp_path / "bad.csv"
    pool.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "select", str(pool), "-c", str(criteria))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("fout: ") and str(pool) in lines[0] and fragment in lines[0]


def test_binary_pool(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    _, criteria = files
    pool = tmp_path / "bad.csv"
    pool.write_bytes(bytes(range(256)))
    code, out, err = run(capsys, "select", str(pool), "-c", str(criteria))
    assert (code, out) == (2, "") and "binaire" in err and len(err.splitlines()) == 1


BAD_CRITERIA = {
    "unknown_key": ("kleur = 'rood'\n" + CRITERIA, "sleutel 'kleur': onbekende sleutel"),
    "toml_syntax": (CRITERIA + "[seats\n", "TOML-syntaxfout"),
    "unknown_include": (
        CRITERIA + "[constraints]\ninclude = ['P9']\n",
        "id 'P9' staat niet in de pool",
    ),
    "min_gt_max": (
        CRITERIA + "[seats]\nmin = 4\nmax = 2\n",
        "sleutel 'seats.max': minimum 4 is groter",
    ),
    "missing_column": (CRITERIA.replace('column = "dg"', 'column = "dgx"'), "kolom 'dgx'"),
    "empty": ("", "het bestand is leeg"),
}


@pytest.mark.parametrize("case", sorted(BAD_CRITERIA))
def test_bad_criteria_exit_2_one_line(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    pool, _ = files
    text, fragment = BAD_CRITERIA[case]
    criteria = tmp_path / "bad.toml"
    criteria.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "select", str(pool), "-c", str(criteria))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert str(criteria) in lines[0] and fragment in lines[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["select", "POOL"], "--criteria"),
        (["select", "POOL", "-c", "CRIT", "--backend", "gurobi"], "gurobi"),
        (["select", "POOL", "-c", "CRIT", "--time-limit", "0"], "time-limit"),
        (["selecteer"], "selecteer"),
        (["select", "missing.csv", "-c", "CRIT"], "missing.csv"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], args: list[str], fragment: str
) -> None:
    pool, criteria = files
    args = [str(pool) if a == "POOL" else str(criteria) if a == "CRIT" else a for a in args]
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and fragment in err


def test_unwritable_output(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    pool, criteria = files
    target = tmp_path / "no" / "such" / "dir.json"
    code, _, err = run(capsys, "select", str(pool), "-c", str(criteria), "--json", str(target))
    assert code == 2 and str(target) in err


def test_output_through_a_link_keeps_the_link(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    """`--json` at a symbolic link writes the link's target and leaves the link in place (a
    replace would put a regular file where the link was)."""
    pool, criteria = files
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, _ = run(capsys, "select", str(pool), "-c", str(criteria), "--json", str(link))
    assert code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text(encoding="utf-8"))["status"] == "optimal"


def test_output_through_a_link_that_points_nowhere_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    """A link whose target's directory does not exist cannot be written into: exit 2, one
    line naming the path, and nothing left in the temporary directory's place."""
    pool, criteria = files
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "no" / "such" / "dir.json")
    code, _, err = run(capsys, "select", str(pool), "-c", str(criteria), "--json", str(link))
    assert code == 2
    assert str(link) in err and "Traceback" not in err
    assert link.is_symlink() and not (tmp_path / "no").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_output_into_a_named_pipe_keeps_the_pipe(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    """`--json` at a device or a named pipe (`/dev/null`, `/dev/stdout`, a FIFO) writes into
    it: replacing `/dev/null` as root would turn it into a regular file for the whole machine.
    A named pipe stands in for the device here (a failing test must not break the machine's
    `/dev/null`): the reader gets the JSON, and the pipe is still a pipe."""
    import stat
    import threading

    pool, criteria = files
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    received: list[str] = []

    def read() -> None:
        with pipe.open(encoding="utf-8") as source:  # waits until a writer opens the pipe
            received.append(source.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    code, _, _ = run(capsys, "select", str(pool), "-c", str(criteria), "--json", str(pipe))
    assert code == 0
    assert stat.S_ISFIFO(os.stat(pipe).st_mode), "the pipe was replaced by a file"
    reader.join(60.0)  # the writer has closed the pipe, so the read has ended (or never will)
    assert received and json.loads(received[0])["status"] == "optimal"


def test_help_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "select", "--help")
    assert code == 0 and "--criteria" in out and "--time-limit" in out


def test_installed_command_runs_without_traceback(files: tuple[Path, Path], tmp_path: Path) -> None:
    pool, _ = files
    env = dict(os.environ, TAFELSELECTIE_LANG="en")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tafelselectie",
            "select",
            str(pool),
            "-c",
            str(tmp_path / "none.toml"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "file not found" in done.stderr


def test_warnings_go_to_stderr_and_json(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    pool, _ = files
    criteria = tmp_path / "c.toml"
    text = CRITERIA.replace('column = "dg"', 'column = "dg"\nmin = { verslaving = 2 }')
    criteria.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "select", str(pool), "-c", str(criteria), "--json", "-")
    assert code == 0
    assert err.startswith("waarschuwing: ") and "dimension[doelgroep].min.verslaving" in err
    assert json.loads(out)["warnings"]


@pytest.mark.parametrize(
    ("status", "bound", "costs", "expected"),
    [
        ("optimal", None, False, "Zetels: 7 (minimum 5)"),
        ("feasible", 3.0, False, "Zetels: 7 (minimum niet bewezen: tussen 3 en 5)"),
        ("feasible", None, False, "Zetels: 7 (minimum niet bewezen: hoogstens 5)"),
        ("feasible", 5.0, False, "Zetels: 7 (minimum 5)"),  # the bound meets the table
        ("optimal", None, True, "Zetels: 7 (laagste kosten 12)"),
        ("feasible", 9.0, True, "Zetels: 7 (laagste kosten niet bewezen: tussen 9 en 12)"),
    ],
)
def test_seats_line_says_what_stage_one_proved(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    status: str,
    bound: float | None,
    costs: bool,
    expected: str,
) -> None:
    """A stage 1 stopped by the time limit found a table, not the minimum: the line gives the
    range its proven bound and its table leave, never "minimum"."""
    import dataclasses

    import numpy as np

    from tafelselectie import Status, select
    from tafelselectie.cli.output import print_table

    result = select(data_dir / "regio-voorbeeld.csv", data_dir / "criteria-2026.toml")
    assert (result.seats, result.minimum_seats) == (7, 5)
    problem = result.problem
    if costs:  # with a cost column stage 1's value is the lowest cost (set to 12 below)
        weights = np.full(problem.n_providers, 2, dtype=np.int64)
        problem = dataclasses.replace(problem, costs=weights)
    first = dataclasses.replace(result.stages[0], status=Status(status), bound=bound)
    result = dataclasses.replace(
        result,
        problem=problem,
        status=Status(status),
        minimum_cost=12,
        stages=(first, *result.stages[1:]),
    )
    print_table(result, "nl")
    lines = capsys.readouterr().out.splitlines()
    assert expected in lines, lines
