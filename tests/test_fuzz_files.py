"""File-level fuzzing of the command line: random bytes, truncated and re-encoded files, random
delimiters and quoting, random mutations of the example criteria.

Whatever the files hold, ``select`` ends in one of three ways: a table (exit 0), an infeasibility
with its reasons (exit 1), or bad input (exit 2) with messages on standard error and nothing on
standard output. Never an internal error (exit 4), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tafelselectie.cli.app import main

DATA = Path(__file__).resolve().parents[1] / "data"
POOL_TEXT = (DATA / "klein-voorbeeld.csv").read_text(encoding="utf-8")
CRITERIA_TEXT = (DATA / "klein-voorbeeld.toml").read_text(encoding="utf-8")
XLSX_BYTES = (DATA / "regio-voorbeeld.xlsx").read_bytes()

pytestmark = [pytest.mark.cpsat, pytest.mark.slow]


def run_select(
    capsys: pytest.CaptureFixture[str], directory: Path, pool: bytes, criteria: bytes, suffix: str
) -> None:
    pool_path = directory / f"pool{suffix}"
    criteria_path = directory / "criteria.toml"
    pool_path.write_bytes(pool)
    criteria_path.write_bytes(criteria)
    capsys.readouterr()
    code = main(["select", str(pool_path), "-c", str(criteria_path)])
    out, err = capsys.readouterr()
    event(f"exit {code}")  # --hypothesis-show-statistics shows how often each outcome is reached
    assert "Traceback" not in out + err
    assert "interne fout" not in err, err
    assert code in (0, 1, 2), (code, out, err)
    if code == 2:
        assert out == "" and err.strip(), (out, err)
        assert all(line.startswith(("fout: ", "waarschuwing: ")) for line in err.splitlines())
    else:
        assert out.strip(), err


# --- pools -------------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252")


@st.composite
def mutated_pools(draw: st.DrawFn) -> bytes:
    text = POOL_TEXT
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "blank", "quote"]))
        if not lines:
            break
        k = draw(st.integers(0, len(lines) - 1))
        if action == "delete":
            del lines[k]
        elif action == "duplicate":
            lines.insert(k, lines[k])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        elif action == "blank":
            lines[k] = ""
        else:
            position = draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:position] + '"' + lines[k][position:]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(line.replace(",", delimiter) for line in lines)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["sep=;", "sep=,", "sep=\t", "sep="])) + newline + text
    if draw(st.booleans()):
        cell = draw(st.text(max_size=20))
        text = text.replace("toegang", cell, 1)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@given(pool=mutated_pools())
def test_mutated_csv_pools(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, pool: bytes
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    run_select(capsys, directory, pool, CRITERIA_TEXT.encode("utf-8"), ".csv")


@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe"]))
def test_random_bytes_as_pool(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    data: bytes,
    prefix: bytes,
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    run_select(capsys, directory, prefix + data, CRITERIA_TEXT.encode("utf-8"), ".csv")


@settings(max_examples=25)
@given(cut=st.integers(0, len(XLSX_BYTES)), flips=st.lists(st.integers(0, len(XLSX_BYTES) - 1)))
def test_damaged_workbooks(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    cut: int,
    flips: list[int],
) -> None:
    data = bytearray(XLSX_BYTES)
    for position in flips:
        data[position] ^= 0x5A
    directory = tmp_path_factory.mktemp("fuzz")
    criteria = (DATA / "criteria-2026.toml").read_bytes()
    run_select(capsys, directory, bytes(data[: max(cut, 4)]), criteria, ".xlsx")


# --- criteria ----------------------------------------------------------------------------------

VALUES = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        ["nan", "inf", "-inf", "1e300", "-1", "0", "0.001", "1e-320", "[]", "{}", "true", '""']
    ),
    st.sampled_from(["2026-W01-1", "20260101", "2026-13-01", "2026-01-01T00:00:00", "'x'"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).map(repr),
    st.floats(allow_nan=True, allow_infinity=True).map(
        lambda f: "nan" if f != f else ("inf" if f == float("inf") else repr(f))
    ),
)
ASSIGNMENT = re.compile(r"^(\s*[\w.\"]+\s*=\s*)(.+)$")


@st.composite
def mutated_criteria(draw: st.DrawFn) -> bytes:
    lines = CRITERIA_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "delete", "duplicate", "key", "section"]))
        match = ASSIGNMENT.match(lines[k])
        if action == "value" and match:
            lines[k] = match.group(1) + draw(VALUES)
        elif action == "delete":
            del lines[k]
        elif action == "duplicate":
            lines.insert(k, lines[k])
        elif action == "key":
            key = draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
            lines.insert(k, f"{key} = {draw(VALUES)}")
        else:
            name = draw(
                st.sampled_from(
                    [
                        "[seats]",
                        "[[dimension]]",
                        "[expertise]",
                        "[[joint]]",
                        "[tie_break]",
                        "[constraints]",
                        "[rotation]",
                        "[x]",
                    ]
                )
            )
            lines.insert(k, name)
    text = "\n".join(lines) + "\n"
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@given(criteria=mutated_criteria())
def test_mutated_criteria(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, criteria: bytes
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    run_select(capsys, directory, POOL_TEXT.encode("utf-8"), criteria, ".csv")


@given(data=st.binary(max_size=1000))
def test_random_bytes_as_criteria(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    run_select(capsys, directory, POOL_TEXT.encode("utf-8"), data, ".csv")


def run_command(
    capsys: pytest.CaptureFixture[str], directory: Path, command: str, criteria: bytes
) -> None:
    """Like :func:`run_select` for the other commands that read a pool and criteria."""
    pool_path = directory / "pool.csv"
    criteria_path = directory / "criteria.toml"
    pool_path.write_bytes(POOL_TEXT.encode("utf-8"))
    criteria_path.write_bytes(criteria)
    args = [command, str(pool_path), "-c", str(criteria_path)]
    if command == "report":
        args += ["--out", str(directory / "rapport.html"), "--xlsx", str(directory / "r.xlsx")]
    if command == "lottery":
        args += ["--json", str(directory / "portfolio.json")]
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    event(f"{command} exit {code}")
    assert "Traceback" not in out + err
    assert "interne fout" not in err, err
    assert code in (0, 1, 2), (code, out, err)
    if code == 2:
        assert out == "" and err.strip(), (out, err)
        assert not (directory / "rapport.html").exists()


@settings(max_examples=20)
@given(criteria=mutated_criteria(), command=st.sampled_from(["explain", "lottery", "report"]))
def test_mutated_criteria_in_every_command(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    criteria: bytes,
    command: str,
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    run_command(capsys, directory, command, criteria)
