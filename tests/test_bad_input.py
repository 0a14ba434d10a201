"""Bad input of every kind found from outside: exit 2, one clear line naming the file, row,
column, key or option, nothing on standard output, and no output file left behind."""

from __future__ import annotations

import codecs
import json
import sqlite3
from pathlib import Path

import pytest

from tafelselectie import read_pool
from tafelselectie.cli.app import main
from tafelselectie.errors import CriteriaError, PoolError, WorkflowError

POOL = (
    "id,naam,dg,omzet,expertise\n"
    "P1,Een,jeugd,100,dementie\n"
    "P2,Twee,ouderen;jeugd,2000,lvb\n"
    "P3,Drie,ggz,50,\n"
)
CRITERIA = """format_version = 1
name = "Test"
[pool]
name_column = "naam"
[[dimension]]
name = "doelgroep"
column = "dg"
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(directory: Path, pool: str = POOL, criteria: str = CRITERIA) -> tuple[Path, Path]:
    (directory / "pool.csv").write_text(pool, encoding="utf-8")
    (directory / "criteria.toml").write_text(criteria, encoding="utf-8")
    return directory / "pool.csv", directory / "criteria.toml"


def one_error_line(code: int, out: str, err: str) -> str:
    assert (code, out) == (2, ""), (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- time limits -----------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["nan", "inf", "-inf", "0", "-3", "abc", "NaN"])
def test_time_limit_must_be_positive_and_finite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str, limit: str
) -> None:
    """``nan`` once turned CBC's stop into a made-up infeasibility; it is bad input everywhere."""
    pool, criteria = write(tmp_path)
    args = ["select", str(pool), "-c", str(criteria), "--backend", backend]
    line = one_error_line(*run(capsys, *args, f"--time-limit={limit}"))
    assert "--time-limit" in line and "tijdslimiet" in line


def test_a_valid_time_limit_still_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str
) -> None:
    pool, criteria = write(tmp_path)
    code, _, err = run(
        capsys, "select", str(pool), "-c", str(criteria), "--backend", backend, "--time-limit", "30"
    )
    assert code == 0, err


# --- numbers the engine cannot handle exactly ------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("[expertise]\nweights = { dementie = 1e16 }\n", "expertise.weights.dementie"),
        ("[expertise]\nweights = { dementie = 1e300 }\n", "expertise.weights.dementie"),
        ("[seats]\nmax = 100000000000000000000\n", "seats.max"),
        ("[expertise]\nextra_seats = 9223372036854775807\n", "expertise.extra_seats"),
        (
            "[[dimension]]\nname = 'omvang'\ncolumn = 'omzet'\n"
            "max_per_value = 100000000000000000000\n"
            "bands = [{ label = 'k', below = 1000 }, { label = 'g' }]\n",
            "dimension[omvang].max_per_value",
        ),
        ("[expertise]\nweights = { dementie = 10000000, lvb = 0.001 }\n", "expertise.weights"),
        ("[expertise]\nweights = { dementie = 1e9, lvb = 0.001 }\n", "expertise.weights"),
    ],
)
def test_numbers_outside_the_exact_range_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: str, key: str
) -> None:
    pool, criteria = write(tmp_path, criteria=CRITERIA + extra)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(criteria)))
    assert f"'{key}" in line, line  # the key, or a key below it


def test_weights_inside_the_range_give_one_answer_on_every_backend(data_dir: Path) -> None:
    """A large weight beside a small one: the scores are compared in steps of their greatest
    common divisor, and within problem.MAX_EXACT_UNITS every backend finds the same table."""
    import tomllib

    from tafelselectie import select

    with (data_dir / "criteria-2026.toml").open("rb") as handle:
        criteria = tomllib.load(handle)
    criteria["expertise"]["weights"] = {"dementie": 1000, "lvb": 0.1, "trauma": 500}
    answers = {
        backend: select(data_dir / "regio-voorbeeld.xlsx", criteria, backend=backend).selected
        for backend in ("cpsat", "cbc", "highs")
    }
    assert len(set(answers.values())) == 1, answers


@pytest.mark.parametrize(
    ("cell", "plain"),
    [
        ("2.884.000,50", "2884000,50"),
        ("2,884,000.50", "2884000.50"),
        ("1.234.567", "1234567"),
        ("-1,234,567", "-1234567"),
        ("1.000,5", "1000,5"),
        (" 12.000.000 ", "12000000"),
        ("1.000", None),  # a decimal: one (the grammar reads it, so it is no error at all)
        ("1,000", None),  # a decimal comma: one
        ("12.34.56", None),  # groups of two: not thousands
        ("1.000.00", None),
        ("1.000,000.5", None),  # both separators as groups
        ("abc", None),
        (None, None),
    ],
)
def test_thousands_separators_are_named_never_read(cell: str | None, plain: str | None) -> None:
    from tafelselectie.io.values import parse_number, without_grouping

    assert without_grouping(cell) == plain
    if plain is not None:
        assert parse_number(cell) is None  # refused, not guessed


@pytest.mark.parametrize("section", ["band", "share"])
def test_grouped_number_in_the_pool_shows_it_plain(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, section: str
) -> None:
    """A spreadsheet's formatted number (Dutch grouping) is refused with the number written
    without its separators, for a banded column and for a volume share alike."""
    grouped = POOL.replace("P2,Twee,ouderen;jeugd,2000,", 'P2,Twee,ouderen;jeugd,"2.000.000,5",')
    extra = {
        "band": "[[dimension]]\nname = 'omvang'\ncolumn = 'omzet'\n"
        "bands = [{ label = 'k', below = 1000 }, { label = 'g' }]\n",
        "share": "[[share]]\ncolumn = 'omzet'\nmin = 0.1\n",
    }[section]
    pool, criteria = write(tmp_path, grouped, CRITERIA + extra)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(criteria)))
    assert line == (
        f"fout: {pool}, rij 3, kolom 'omzet': '2.000.000,5' is geen getal zoals het er staat: "
        "scheidingstekens voor duizendtallen worden niet gelezen; schrijf '2000000,5'"
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1e20", "is geen kosten: kosten zijn hele getallen van 0 of meer"),
        (
            '"1.250.000"',
            "is geen getal zoals het er staat: scheidingstekens voor duizendtallen worden niet "
            "gelezen; schrijf '1250000'",
        ),
    ],
)
def test_bad_costs_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cell: str, message: str
) -> None:
    """Too large for exact sums, or written with thousands separators (shown without them)."""
    pool = f"id,dg,kosten\nP1,jeugd,{cell}\nP2,ggz,1\n"
    criteria = CRITERIA + '[pool]\ncost_column = "kosten"\n'
    criteria = criteria.replace('[pool]\nname_column = "naam"\n', "")
    pool_path, criteria_path = write(tmp_path, pool, criteria)
    line = one_error_line(*run(capsys, "select", str(pool_path), "-c", str(criteria_path)))
    written = cell.strip('"')
    assert line == f"fout: {pool_path}, rij 2, kolom 'kosten': '{written}' {message}"


# --- lots --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lots", ["0", "10001", "100000000", "-1", "veel"])
def test_lots_are_capped(capsys: pytest.CaptureFixture[str], tmp_path: Path, lots: str) -> None:
    pool, criteria = write(tmp_path)
    line = one_error_line(*run(capsys, "lottery", str(pool), "-c", str(criteria), "--lots", lots))
    assert "--lots" in line and "10000" in line


# --- outputs -----------------------------------------------------------------------------------


def test_a_failed_command_leaves_no_output_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool, criteria = write(tmp_path)
    json_path = tmp_path / "tafel.json"
    code, _, err = run(
        capsys,
        "select",
        str(pool),
        "-c",
        str(criteria),
        "--json",
        str(json_path),
        "--csv",
        str(tmp_path / "no-such-folder" / "tafel.csv"),
    )
    assert code == 2 and "no-such-folder" in err and "map bestaat niet" in err
    assert not json_path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["criteria.toml", "pool.csv"]


def test_a_failed_command_keeps_the_earlier_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool, criteria = write(tmp_path)
    json_path = tmp_path / "tafel.json"
    json_path.write_text('{"earlier": true}\n', encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, _, err = run(
        capsys,
        "select",
        str(pool),
        "-c",
        str(criteria),
        "--json",
        str(json_path),
        "--csv",
        str(folder),
    )
    assert code == 2 and "het is een map" in err
    assert json.loads(json_path.read_text(encoding="utf-8")) == {"earlier": True}


def test_a_report_that_cannot_write_its_workbook_leaves_no_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool, criteria = write(tmp_path)
    html = tmp_path / "rapport.html"
    code, out, _ = run(
        capsys,
        "report",
        str(pool),
        "-c",
        str(criteria),
        "--out",
        str(html),
        "--xlsx",
        str(tmp_path / "missing" / "rapport.xlsx"),
    )
    assert code == 2 and out == "" and not html.exists()


# --- formula injection -------------------------------------------------------------------------

# (a leading tab or CR cannot reach an output: pool values are trimmed when read)
DANGEROUS = ['=HYPERLINK("http://example.invalid","klik")', "+31 6", "-2", "@SUM(A1)"]


def _dangerous_pool() -> str:
    lines = ["id,naam,dg"]
    for k, name in enumerate(DANGEROUS, start=1):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"P{k},{quoted},groep{k}")
    return "\n".join(lines) + "\n"


def test_csv_output_neutralises_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import csv

    pool, criteria = write(tmp_path, _dangerous_pool())
    out_csv, out_json = tmp_path / "tafel.csv", tmp_path / "tafel.json"
    code, _, err = run(
        capsys,
        "select",
        str(pool),
        "-c",
        str(criteria),
        "--csv",
        str(out_csv),
        "--json",
        str(out_json),
    )
    assert code == 0, err
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8", newline="")))
    names = {row["naam"] for row in rows}
    assert names == {"'" + name for name in DANGEROUS}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    # JSON keeps the text as it is
    payload = json.loads(out_json.read_text(encoding="utf-8"))
    assert {p["naam"] for p in payload["providers"]} == set(DANGEROUS)


def test_report_workbook_holds_no_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    pool, criteria = write(tmp_path, _dangerous_pool())
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    code, _, err = run(
        capsys, "report", str(pool), "-c", str(criteria), "--out", str(html), "--xlsx", str(xlsx)
    )
    assert code == 0, err
    workbook = openpyxl.load_workbook(xlsx)
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value in DANGEROUS:
                    seen.add(cell.value)
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    assert seen == set(DANGEROUS)  # the text itself is unchanged
    text = html.read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;http://example.invalid&#34;" in text or "=HYPERLINK(&quot;" in text


# --- the report's figures ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["$$", "$^$", "US$ 5 - US$ 10", r"$\frac{1}{0}$"])
def test_dollar_signs_are_plain_text_in_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    import html as html_module

    pool = f'id,naam,dg\nP1,"{value}",toegang\nP2,b,"{value};toegang"\n'
    pool_path, criteria = write(tmp_path, pool)
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", str(pool_path), "-c", str(criteria), "--out", str(out))
    assert code == 0, err
    svg = out.read_text(encoding="utf-8").split("<svg", 1)[1]
    assert html_module.escape(value, quote=False).lower() in svg.lower()


# --- pools: encodings, delimiters, sizes, sheets -----------------------------------------------


def test_utf16_pool_with_bom_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16 with a byte order mark, tab-separated."""
    path = tmp_path / "pool.txt"
    text = POOL.replace(",", "\t").replace("Een", "Eén")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    pool = read_pool(path)
    assert pool.columns[:2] == ("id", "naam")
    assert pool.rows[0][1] == "Eén"


def test_excel_separator_line_is_understood(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("sep=;\n" + POOL.replace(",", ";").replace("ouderen;jeugd", "ouderen|jeugd"))
    pool = read_pool(path)
    assert pool.columns == ("id", "naam", "dg", "omzet", "expertise")
    assert pool.row_numbers[0] == 3  # the header is row 2 of the file


def test_long_fields_are_read(tmp_path: Path) -> None:
    long = "x" * 300_000
    path = tmp_path / "pool.csv"
    path.write_text(f'id,naam\nP1,"{long}"\n', encoding="utf-8")
    assert read_pool(path).rows[0][1] == long


def test_empty_first_sheet_names_the_sheet_with_data(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "leeg"
    second = workbook.create_sheet("aanbieders")
    second.append(["id", "naam"])
    second.append(["P1", "Een"])
    path = tmp_path / "pool.xlsx"
    workbook.save(path)
    with pytest.raises(PoolError) as info:
        read_pool(path)
    (line,) = info.value.render("nl")
    assert "('leeg') is leeg" in line and "'aanbieders' bevat gegevens" in line


def test_toml_not_utf8_is_not_told_to_be_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool, criteria = write(tmp_path)
    criteria.write_bytes(CRITERIA.replace("Test", "Tést").encode("latin-1"))
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(criteria)))
    assert "UTF-8" in line and "CSV" not in line and str(criteria) in line
    assert "0xe9 op regel 2," in line  # 'name = "Tést"' is the second line


def test_windows_1252_pool_names_the_line_and_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Excel on a Dutch Windows saves "CSV" as Windows-1252: the message names the line (the
    header is line 1) and the byte, so the user finds the "é" without counting bytes."""
    pool, criteria = write(tmp_path)
    pool.write_bytes(POOL.replace("Drie", "Drié").encode("cp1252"))
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(criteria)))
    offset = POOL.index("Drie") + len("Dri")  # every byte before it is ASCII
    assert line == (
        f"fout: {pool}: geen UTF-8-tekst (ongeldige byte 0xe9 op regel 4, byte {offset} van "
        "het bestand); sla het bestand op als UTF-8 CSV"
    )
    with pytest.raises(PoolError) as info:
        read_pool(pool)
    (english,) = info.value.render("en")
    assert "invalid byte 0xe9 on line 4," in english


def test_criteria_with_bom_read_like_agreement_with_bom(tmp_path: Path) -> None:
    """One reader: a basisovereenkomst saved with a BOM reads as a criteria file does."""
    from tafelselectie.criteria import load_criteria
    from tafelselectie.workflow import load_agreement

    criteria = tmp_path / "c.toml"
    criteria.write_bytes(codecs.BOM_UTF8 + CRITERIA.encode("utf-8"))
    assert load_criteria(criteria).name == "Test"
    (tmp_path / "aanbieders.csv").write_text("id,naam\nP1,Een\n", encoding="utf-8")
    agreement = tmp_path / "b.toml"
    text = (
        'name = "Basis"\nstart = 2026-01-01\nmunicipalities = ["Aalwijk"]\n'
        'providers = "aanbieders.csv"\n'
    )
    agreement.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert load_agreement(agreement).name == "Basis"


@pytest.mark.parametrize("target", ["folder", "missing"])
def test_directories_and_missing_files_are_named(tmp_path: Path, target: str) -> None:
    path = tmp_path / "x"
    if target == "folder":
        path.mkdir()
    with pytest.raises(CriteriaError) as info:
        from tafelselectie.criteria import load_criteria

        load_criteria(path)
    assert str(path) in str(info.value)
    with pytest.raises(PoolError):
        read_pool(path)


# --- click's usage errors in Dutch -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["select"], "verplicht argument ontbreekt: POOL"),
        (["select", "p.csv"], "verplichte optie ontbreekt: --criteria"),
        (["select", "p.csv", "-c", "c.toml", "--backend", "x"], "is niet een van"),
        (["select", "p.csv", "-c", "c.toml", "--bla"], "onbekende optie: --bla"),
        (["selekt"], "onbekende opdracht: 'selekt'"),
        (["select", "a", "b", "-c", "c.toml"], "onverwachte extra argumenten: b"),
        (["draw", "x.json", "--number", "abc"], "is geen geheel getal"),
        (["select", "p.csv", "-c"], "heeft een waarde nodig"),
    ],
)
def test_usage_errors_are_dutch(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    line = one_error_line(*run(capsys, *args))
    assert expected in line, line


def test_usage_errors_stay_english_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    line = one_error_line(*run(capsys, "--lang", "en", "select"))
    assert "Missing argument" in line


# --- one date grammar --------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2026-W01-1", "20260101", "2026-1-1", "2026-02-30"])
def test_every_date_has_one_grammar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, date: str
) -> None:
    from tafelselectie import read_history
    from tafelselectie.criteria import load_criteria
    from tafelselectie.errors import HistoryError

    with pytest.raises(CriteriaError):
        load_criteria({"format_version": 1, "peildatum": date})
    history = tmp_path / "h.json"
    history.write_text(json.dumps({"peildatum": date, "selected": ["P1"]}), encoding="utf-8")
    with pytest.raises(HistoryError):
        read_history([history])
    line = one_error_line(
        *run(capsys, "workflow", "--db", str(tmp_path / "w.db"), "--on", date, "status")
    )
    assert "--on" in line and "JJJJ-MM-DD" in line


@pytest.mark.parametrize("written", ["01-02-2026", "1/2/2026", "2026-2-1"])
def test_criteria_peildatum_day_first_names_its_iso_form(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str
) -> None:
    """As text in the criteria, a day-first peildatum is refused with the date it would be;
    another wrong date keeps the plain message."""
    pool, criteria = write(tmp_path, criteria=f'peildatum = "{written}"\n' + CRITERIA)
    line = one_error_line(*run(capsys, "select", str(pool), "-c", str(criteria)))
    where = f"fout: {criteria}, sleutel 'peildatum': "
    if written == "2026-2-1":
        assert line == where + "verwacht een datum (JJJJ-MM-DD), gekregen een tekst"
    else:
        assert line == where + (
            f"'{written}' is geen datum in de vorm JJJJ-MM-DD; gelezen als dag-maand-jaar is "
            "het 2026-02-01: schrijf dat"
        )


# --- the event store's schema ------------------------------------------------------------------


def test_a_newer_event_log_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tafelselectie.workflow import Workflow

    path = tmp_path / "tafel.db"
    Workflow.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(WorkflowError) as info:
        Workflow.open(path)
    assert "99" in str(info.value)
    line = one_error_line(*run(capsys, "workflow", "--db", str(path), "status"))
    assert "nieuwere versie" in line and str(path) in line
    assert path.read_bytes() == before


@pytest.mark.parametrize("version", ["0", "een", None])
def test_an_older_or_unknown_event_log_is_refused(tmp_path: Path, version: str | None) -> None:
    from tafelselectie.workflow import Workflow

    path = tmp_path / "tafel.db"
    Workflow.open(path).close()
    connection = sqlite3.connect(path)
    if version is None:
        connection.execute("DELETE FROM meta")
    else:
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    connection.commit()
    connection.close()
    with pytest.raises(WorkflowError):
        Workflow.open(path)


def test_another_sqlite_database_is_not_an_event_log(tmp_path: Path) -> None:
    from tafelselectie.workflow import Workflow

    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE things (x)")
    connection.commit()
    connection.close()
    with pytest.raises(WorkflowError) as info:
        Workflow.open(path)
    assert "geen gebeurtenissenlog" in info.value.render("nl")[0]


def test_an_event_of_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    """An event kind this version does not know is never guessed at: opening the log (which
    replays it) is a WorkflowError naming the event."""
    from tafelselectie.workflow import Workflow

    path = tmp_path / "tafel.db"
    Workflow.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO events (action, action_events, on_date, recorded_at, actor, kind, subject,"
        " visibility, payload) VALUES (1, 1, '2026-01-01', 'x', 'gemeente:A', 'nieuwe_soort',"
        " 'X', 'public', '{}')"
    )
    connection.commit()
    connection.close()
    with pytest.raises(WorkflowError) as info:
        Workflow.open(path).state  # noqa: B018 - opening replays the log
    assert "nieuwe_soort" in str(info.value) and "event 1" in str(info.value)


def test_pool_date_day_first_is_exit_2_naming_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool = "id,peildatum,dg\nP1,2026-01-01,jeugd\nP2,1-1-2026,ggz\n"
    pool_path, criteria_path = write(tmp_path, pool, "peildatum = 2026-01-01\n" + CRITERIA)
    criteria_path.write_text(
        criteria_path.read_text(encoding="utf-8").replace('name_column = "naam"\n', ""),
        encoding="utf-8",
    )
    line = one_error_line(*run(capsys, "select", str(pool_path), "-c", str(criteria_path)))
    assert line == (
        f"fout: {pool_path}, rij 3, kolom 'peildatum': '1-1-2026' is geen datum in de vorm "
        "JJJJ-MM-DD; gelezen als dag-maand-jaar is het '2026-01-01': schrijf dat"
    )
