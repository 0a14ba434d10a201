"""The agreement process: the happy path, roles, dates, bad input, the log's guarantees, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafelselectie.workflow import (
    ForbiddenError,
    ProposalState,
    Workflow,
    WorkflowError,
    load_agreement,
)
from tafelselectie.workflow.domain import replay, split_marked
from tafelselectie.workflow.publish import export_public, status
from tests.test_cli import run
from tests.workflow_helpers import REACTION_DAYS, A, B, raw_rows, seated_workflow, write_region

D = dt.date


@pytest.fixture
def wf(tmp_path: Path) -> Any:
    workflow = seated_workflow(tmp_path)
    yield workflow
    workflow.close()


def through_acceptance(wf: Workflow) -> tuple[str, str, str]:
    """A proposal from submission to a deelovereenkomst; returns (proposal, meeting, agreement)."""
    proposal = wf.submit("P07", "Tarieven dagbesteding", "Gelijke tarieven.", on=D(2026, 2, 1))
    meeting = wf.plan_meeting(A, D(2026, 2, 10), on=D(2026, 2, 2))
    wf.schedule(B, proposal, meeting, on=D(2026, 2, 2))
    wf.hold_meeting(A, meeting, ["P01", "P02", A], on=D(2026, 2, 10))
    wf.publish_preliminary("P01", proposal, "Voorlopig: tarief per dagdeel.", on=D(2026, 2, 11))
    wf.react("P08", proposal, "Graag een overgangsregeling.", on=D(2026, 2, 20))
    wf.work_out(
        A, proposal, "Uitgewerkt met overgang.", "overgangsregeling toegevoegd", on=D(2026, 3, 1)
    )
    agreement = wf.accept(B, proposal, on=D(2026, 3, 2))
    return proposal, meeting, agreement


def test_the_whole_process(wf: Workflow, tmp_path: Path) -> None:
    proposal, meeting, agreement = through_acceptance(wf)
    wf.join("P06", agreement, on=D(2026, 3, 3))
    wf.decline("P02", agreement, on=D(2026, 3, 3))
    wf.draft_minutes(A, meeting, "Besproken: V-1.", on=D(2026, 3, 4))
    wf.redact_minutes(A, meeting, on=D(2026, 3, 4))
    wf.publish_minutes(A, meeting, on=D(2026, 3, 4))
    state = wf.state
    item = state.proposals[proposal]
    assert item.state is ProposalState.ACCEPTED
    assert [v.number for v in item.versions] == [1, 2]
    assert item.versions[1].changelog == "overgangsregeling toegevoegd"
    assert item.deadline == (D(2026, 2, 11) + dt.timedelta(days=REACTION_DAYS)).isoformat()
    assert agreement == "DO-1"
    assert state.agreements[agreement].joined == {"P06": "2026-03-03"}
    assert state.agreements[agreement].declined == {"P02": "2026-03-03"}
    report = status(wf, D(2026, 3, 4))
    assert report["meetings"]["held"] == 1 and report["meetings"]["short_by"] == 8
    assert report["open_proposals"] == []
    files = export_public(wf, tmp_path / "public")
    document = json.loads(files[0].read_text(encoding="utf-8"))
    assert [p["id"] for p in document["proposals"]] == [proposal]
    assert document["agreements"][0]["joined"] == {"P06": "2026-03-03"}
    assert document["meetings"][0]["minutes_text"] == "Besproken: V-1."
    html = files[1].read_text(encoding="utf-8")
    for text in (
        "Tarieven dagbesteding",
        "Graag een overgangsregeling.",
        "DO-1",
        "Besproken: V-1.",
    ):
        assert text in html


def test_amendments_and_open_status(wf: Workflow) -> None:
    _, _, agreement = through_acceptance(wf)
    second = wf.submit(A, "Wijziging tarieven", "Indexatie.", on=D(2026, 3, 5))
    meeting = wf.plan_meeting(A, D(2026, 3, 20), on=D(2026, 3, 5))
    wf.schedule(A, second, meeting, on=D(2026, 3, 5))
    wf.hold_meeting(A, meeting, [], on=D(2026, 3, 20))
    wf.publish_preliminary(A, second, "Voorlopig: indexatie 3%.", on=D(2026, 3, 21))
    report = status(wf, D(2026, 3, 22))
    [open_item] = report["open_proposals"]
    assert open_item["state"] == "preliminary" and open_item["reaction_open"] is True
    assert open_item["reaction_deadline"] == "2026-04-04"
    wf.work_out(A, second, "Indexatie 2,5%.", "lager percentage", on=D(2026, 4, 5))
    assert wf.accept(A, second, amends=agreement, on=D(2026, 4, 6)) == "DO-1-W1"


def test_secrets_stay_with_the_municipalities(wf: Workflow, tmp_path: Path) -> None:
    proposal = wf.submit(
        "P07",
        "Tarief [[vertrouwelijk: kostprijs 61,17]]",
        "Ons tarief [[vertrouwelijk: 72,40]].",
        on=D(2026, 2, 1),
    )
    meeting = wf.plan_meeting(A, D(2026, 2, 10), on=D(2026, 2, 1))
    wf.schedule(A, proposal, meeting, on=D(2026, 2, 1))
    wf.hold_meeting(A, meeting, ["P01"], on=D(2026, 2, 10))
    wf.draft_minutes(
        A, meeting, "Inspreker [[persoonlijk: J. de Vries, 06-12345678]] sprak.", on=D(2026, 2, 11)
    )
    full = wf.state
    assert "72,40" in full.confidential[proposal]
    assert "J. de Vries" in (full.meetings[meeting].minutes_text or "")
    wf.redact_minutes(A, meeting, on=D(2026, 2, 11))
    table_view = wf.view("table")
    assert "J. de Vries" not in (table_view.meetings[meeting].minutes_text or "")
    assert table_view.confidential == {}
    wf.publish_minutes(A, meeting, on=D(2026, 2, 11))
    public = wf.view("public")
    assert public.meetings[meeting].minutes_text == "Inspreker [weggelakt: persoonsgegevens] sprak."
    assert public.proposals[proposal].title == "Tarief [weggelakt: vertrouwelijk]"
    for path in export_public(wf, tmp_path / "out"):
        text = path.read_text(encoding="utf-8")
        for secret in ("61,17", "72,40", "J. de Vries", "06-12345678"):
            assert secret not in text


def test_an_unclosed_marker_is_refused_not_published(wf: Workflow, tmp_path: Path) -> None:
    before = raw_rows(tmp_path / "tafel.db")
    with pytest.raises(WorkflowError) as caught:
        wf.submit("P07", "Tarief", "Ons tarief [[vertrouwelijk: 72,40 is geheim", on=D(2026, 2, 1))
    assert "]]" in caught.value.render("en")[0]
    assert raw_rows(tmp_path / "tafel.db") == before
    assert split_marked("a [[Vertrouwelijk : x]] b [[personal:y]]") == (
        "a [weggelakt: vertrouwelijk] b [weggelakt: persoonsgegevens]",
        ["x", "y"],
    )


Action = Callable[[Workflow], object]

FORBIDDEN: list[tuple[str, Action, str]] = [
    (
        "a provider plans a meeting",
        lambda w: w.plan_meeting("P07", D(2026, 5, 1)),
        "a municipality",
    ),
    ("the public submits", lambda w: w.submit("publiek", "t", "x"), "a provider of the region"),
    ("a member accepts", lambda w: w.accept("P01", "V-1"), "only a municipality"),
    ("a non-member works out", lambda w: w.work_out("P07", "V-1", "x", "y"), "a table member"),
    ("a non-author withdraws", lambda w: w.withdraw("P08", "V-1"), "the author"),
    ("a municipality joins", lambda w: w.join(A, "DO-1"), "a provider of the region"),
    ("a provider joins for another", lambda w: w.join("P06", "DO-1", provider="P05"), "for itself"),
    ("a member publishes minutes", lambda w: w.publish_minutes("P01", "O-1"), "a municipality"),
]


@pytest.mark.parametrize(("name", "act", "who"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_forbidden_actions_say_who_may_and_write_nothing(
    tmp_path: Path, name: str, act: Action, who: str
) -> None:
    with seated_workflow(tmp_path) as wf:
        _proposal, meeting, _agreement = through_acceptance(wf)
        wf.draft_minutes(A, meeting, "Verslag.", on=D(2026, 3, 3))
        wf.redact_minutes(A, meeting, on=D(2026, 3, 3))
        before = raw_rows(tmp_path / "tafel.db")
        state = wf.state.to_dict()
        with pytest.raises(ForbiddenError) as caught:
            act(wf)
        assert who in caught.value.render("en")[0]
        assert raw_rows(tmp_path / "tafel.db") == before
        assert wf.state.to_dict() == state


def test_role_follows_the_table_period(wf: Workflow) -> None:
    """P01 sits until 2026-06-30, P04 from 2026-07-01: the re-selection counts from that date."""
    proposal = wf.submit("P07", "Signaal", "Wachtlijsten.", kind="signal", on=D(2026, 6, 1))
    meeting = wf.plan_meeting(A, D(2026, 6, 15), on=D(2026, 6, 1))
    wf.schedule(A, proposal, meeting, on=D(2026, 6, 1))
    with pytest.raises(WorkflowError):  # P04 is not a member yet on 15 June
        wf.hold_meeting(A, meeting, ["P04"], on=D(2026, 6, 15))
    wf.hold_meeting(A, meeting, ["P01"], on=D(2026, 6, 15))
    with pytest.raises(ForbiddenError) as caught:
        wf.publish_preliminary("P04", proposal, "x", on=D(2026, 6, 30))
    assert "on 2026-06-30" in caught.value.render("en")[0]
    with pytest.raises(ForbiddenError):
        wf.publish_preliminary("P01", proposal, "x", on=D(2026, 7, 1))
    wf.publish_preliminary("P04", proposal, "Voorlopig.", on=D(2026, 7, 1))
    assert wf.state.proposals[proposal].versions[0].on == "2026-07-01"


BAD: list[tuple[str, Action, str]] = [
    (
        "unknown proposal",
        lambda w: w.schedule(A, "V-9", "O-1", on=D(2026, 3, 3)),
        "unknown proposal 'V-9'",
    ),
    (
        "unknown meeting",
        lambda w: w.hold_meeting(A, "O-7", [], on=D(2026, 3, 3)),
        "unknown meeting 'O-7'",
    ),
    (
        "unknown agreement",
        lambda w: w.join("P06", "DO-4", on=D(2026, 3, 3)),
        "unknown agreement 'DO-4'",
    ),
    (
        "meeting outside the table's period",
        lambda w: w.plan_meeting(A, D(2027, 1, 5), on=D(2026, 3, 3)),
        "outside every period",
    ),
    (
        "date before the last action",
        lambda w: w.submit("P07", "t", "x", on=D(2026, 2, 1)),
        "before the last recorded action",
    ),
    (
        "date before the agreement",
        lambda w: w.plan_meeting(A, D(2026, 5, 1), on=D(2025, 12, 1)),
        "before the basisovereenkomst starts",
    ),
    ("double opt-in", lambda w: w.join("P06", "DO-1", on=D(2026, 3, 3)), "already decided"),
    (
        "reaction after the period",
        lambda w: w.react("P08", "V-1", "laat", on=D(2026, 3, 3)),
        "needs it to be preliminary",
    ),
    ("unknown actor", lambda w: w.submit("P99", "t", "x", on=D(2026, 3, 3)), "unknown actor 'P99'"),
    ("empty text", lambda w: w.submit("P07", "t", "  ", on=D(2026, 3, 3)), "text is empty"),
    (
        "hold on another day",
        lambda w: w.hold_meeting(A, "O-2", [], on=D(2026, 3, 4)),
        "only be held on that date",
    ),
    (
        "overlapping table period",
        lambda w: w.seat_table(
            A, {"selected": ["P01"]}, D(2026, 6, 1), D(2026, 8, 1), on=D(2026, 3, 3)
        ),
        "overlaps",
    ),
    (
        "table member not in the region",
        lambda w: w.seat_table(
            A, {"selected": ["P77"]}, D(2027, 1, 1), D(2027, 12, 31), on=D(2026, 3, 3)
        ),
        "'P77' is not a provider",
    ),
]


@pytest.mark.parametrize(("name", "act", "needle"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_error_and_changes_nothing(
    tmp_path: Path, name: str, act: Action, needle: str
) -> None:
    with seated_workflow(tmp_path) as wf:
        _, _, agreement = through_acceptance(wf)
        wf.join("P06", agreement, on=D(2026, 3, 3))
        wf.plan_meeting(A, D(2026, 3, 20), on=D(2026, 3, 3))
        before = raw_rows(tmp_path / "tafel.db")
        with pytest.raises(WorkflowError) as caught:
            act(wf)
        assert needle in " ".join(caught.value.render("en"))
        assert raw_rows(tmp_path / "tafel.db") == before


def test_deadlines_of_the_reaction_period(wf: Workflow) -> None:
    proposal = wf.submit("P07", "Voorstel", "Tekst.", on=D(2026, 2, 1))
    meeting = wf.plan_meeting(A, D(2026, 2, 10), on=D(2026, 2, 1))
    wf.schedule(A, proposal, meeting, on=D(2026, 2, 1))
    wf.hold_meeting(A, meeting, [], on=D(2026, 2, 10))
    wf.publish_preliminary(A, proposal, "Voorlopig.", on=D(2026, 2, 10))
    last_day = D(2026, 2, 10) + dt.timedelta(days=REACTION_DAYS)
    with pytest.raises(WorkflowError, match="runs until 2026-02-24"):
        wf.work_out(A, proposal, "Uitgewerkt.", "-", on=last_day)
    wf.react("P05", proposal, "Op de laatste dag.", on=last_day)
    with pytest.raises(WorkflowError, match="ended on 2026-02-24"):
        wf.react("P05", proposal, "Te laat.", on=last_day + dt.timedelta(days=1))
    wf.work_out(A, proposal, "Uitgewerkt.", "reactie verwerkt", on=last_day + dt.timedelta(days=1))
    wf.reject(A, proposal, "Niet haalbaar.", on=last_day + dt.timedelta(days=2))
    with pytest.raises(WorkflowError, match="V-1 is rejected"):  # rejection ends the process
        wf.withdraw("P07", proposal, on=last_day + dt.timedelta(days=2))
    assert wf.state.proposals[proposal].reason == "Niet haalbaar."


def test_the_log_is_append_only_and_in_wal_mode(wf: Workflow, tmp_path: Path) -> None:
    through_acceptance(wf)
    connection = sqlite3.connect(tmp_path / "tafel.db")
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("UPDATE events SET actor = 'P02' WHERE seq = 3")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM events")
    finally:
        connection.close()
    assert wf.store.incomplete_actions() == []
    assert replay(wf.events()).to_dict() == wf.state.to_dict()
    with Workflow.open(tmp_path / "tafel.db") as again:
        assert again.state.to_dict() == wf.state.to_dict()


def test_a_second_init_is_refused(wf: Workflow, tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match="already has a basisovereenkomst"):
        wf.init(load_agreement(tmp_path / "basisovereenkomst.toml"))


def test_agreement_file_errors_name_the_key(tmp_path: Path) -> None:
    path = write_region(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "reaction_period_days = 14", "reaction_period_days = 0"
        )
        + "colour = 'blue'\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkflowError) as caught:
        load_agreement(path)
    keys = {p.key for p in caught.value.problems}
    assert keys == {"reaction_period_days", "colour"}


# --- the command line ---------------------------------------------------------------------


def cli_session(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> tuple[Callable[..., tuple[int, str, str]], Path, Path, str]:
    """A region on disk and ``workflow --db`` bound to it: (run, agreement, selection, db)."""
    agreement = write_region(tmp_path)
    db = str(tmp_path / "cli.db")
    selection = tmp_path / "tafel.json"
    selection.write_text(json.dumps({"selected": ["P01", "P02"], "peildatum": "2026-01-01"}))

    def wf(*args: str) -> tuple[int, str, str]:
        return run(capsys, "workflow", "--db", db, *args)

    return wf, agreement, selection, db


def test_cli_actions_status_log_and_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wf, agreement, selection, _ = cli_session(capsys, tmp_path)

    assert wf("init", str(agreement))[0] == 0
    seat = ("--as", A, "--on", "2026-01-01", "seat", str(selection), "--from", "2026-01-01")
    assert wf(*seat, "--until", "2026-12-31")[0] == 0
    code, out, _ = wf("--as", "P07", "--on", "2026-01-02", "submit", "--title", "T", "--text", "x")
    assert (code, out.strip()) == (0, "ingediend: V-1")
    code, out, _ = wf("--as", A, "--on", "2026-01-02", "plan", "--date", "2026-01-20")
    assert out.strip().endswith("O-1")
    assert wf("--as", A, "--on", "2026-01-02", "schedule", "V-1", "O-1")[0] == 0
    code, out, _ = wf("--on", "2026-01-03", "status", "--json")
    report = json.loads(out)
    assert report["open_proposals"][0]["state"] == "scheduled"
    assert report["meetings"]["planned_rest_of_year"] == 1
    code, out, _ = wf("--on", "2026-01-03", "status")
    assert "Vergaderingen gehouden in 2026: 0 van minstens 9" in out
    code, out, _ = wf("log", "--json")
    assert [e["kind"] for e in json.loads(out)][-1] == "proposal_scheduled"
    code, out, _ = wf("export-public", str(tmp_path / "public"))
    assert code == 0 and (tmp_path / "public" / "index.html").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["--as", "P07", "--on", "2026-01-05", "plan", "--date", "2026-02-01"],
            "alleen een gemeente",
        ),
        (["--as", "gemeente:Aalwijk", "schedule", "V-9", "O-9"], "onbekend voorstel 'V-9'"),
        (
            ["--as", "P07", "--on", "2026-13-01", "submit", "--title", "t", "--text", "x"],
            "2026-13-01",
        ),
        (["--on", "2026-01-05", "submit", "--title", "t", "--text", "x"], "--as"),
        (["--as", "P07", "join", "DO-1", "--for", "P06"], "onbekende overeenkomst"),
    ],
)
def test_cli_refusals_are_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], needle: str
) -> None:
    with seated_workflow(tmp_path):
        pass
    before = raw_rows(tmp_path / "tafel.db")
    code, out, err = run(capsys, "workflow", "--db", str(tmp_path / "tafel.db"), *args)
    assert code == 2
    assert needle in err and "Traceback" not in err
    assert out == ""
    assert raw_rows(tmp_path / "tafel.db") == before


def test_cli_not_a_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 100)
    code, _, err = run(capsys, "workflow", "--db", str(path), "status")
    assert code == 2 and str(path) in err


def test_the_example_agreement_loads(data_dir: Path) -> None:
    agreement = load_agreement(data_dir / "basisovereenkomst-voorbeeld.toml")
    import csv

    with (data_dir / "regio-voorbeeld.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # every provider in the file, also those that start after the peildatum of this year's table
    assert agreement.providers == {row["id"]: row["naam"] for row in rows}
    assert len(agreement.municipalities) == 9
    assert agreement.min_meetings_per_year == 9 and agreement.reaction_period_days == 28


@pytest.mark.parametrize(
    ("setup", "args", "needle"),
    [
        ("", ["init", "{tmp}/missing.toml"], "missing.toml"),
        ("bad_key", ["init", "{tmp}/basisovereenkomst.toml"], "'colour'"),
        (
            "start_as_text",
            ["init", "{tmp}/basisovereenkomst.toml"],
            "sleutel 'start': '01-01-2026' is tekst, geen datum: schrijf 2026-01-01 zonder",
        ),
        ("no_providers", ["init", "{tmp}/basisovereenkomst.toml"], "aanbieders.csv"),
        (
            "seated",
            [
                "--as",
                A,
                "--on",
                "2026-02-01",
                "seat",
                "{tmp}/none.json",
                "--from",
                "2027-01-01",
                "--until",
                "2027-12-31",
            ],
            "none.json",
        ),
        (
            "seated_bad_json",
            [
                "--as",
                A,
                "--on",
                "2026-02-01",
                "seat",
                "{tmp}/bad.json",
                "--from",
                "2027-01-01",
                "--until",
                "2027-12-31",
            ],
            "bad.json",
        ),
    ],
)
def test_cli_bad_files_name_the_file_or_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: str, args: list[str], needle: str
) -> None:
    agreement = write_region(tmp_path)
    if setup == "bad_key":
        agreement.write_text(agreement.read_text(encoding="utf-8") + "colour = 'blue'\n")
    if setup == "start_as_text":  # the key named, the date shown as it must be written
        text = re.sub(r"(?m)^start = .*$", 'start = "01-01-2026"', agreement.read_text("utf-8"))
        agreement.write_text(text, encoding="utf-8")
    if setup == "no_providers":
        (tmp_path / "aanbieders.csv").unlink()
    if setup.startswith("seated"):
        seated_workflow(tmp_path, "cli.db").close()
        (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    db = tmp_path / "cli.db"
    before = raw_rows(db) if db.exists() else None
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(capsys, "workflow", "--db", str(db), *filled)
    assert code == 2, err
    assert needle in err and "Traceback" not in err
    assert out == ""
    if before is not None:
        assert raw_rows(db) == before


def _english_codes() -> set[str]:
    """Every internal English code a Dutch reader must never see: states, kinds, event kinds."""
    from tafelselectie.workflow.domain import MeetingState, MinutesState

    codes = {s.value for s in ProposalState} | {s.value for s in MeetingState}
    codes |= {s.value for s in MinutesState} - {"none"}
    codes |= {
        "proposal",
        "signal",
        "table_seated",
        "proposal_submitted",
        "proposal_scheduled",
        "preliminary_published",
        "reaction_submitted",
        "worked_out_published",
        "proposal_accepted",
        "meeting_planned",
        "meeting_held",
        "minutes_drafted",
        "minutes_redacted",
        "minutes_published",
        "agreement_joined",
        "agreement_declined",
    }
    return codes


def _visible_text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", html)


def test_dutch_output_has_no_english_codes_and_names_beside_ids(
    wf: Workflow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The public export, ``status`` and ``log`` in Dutch: every state, event kind and role in
    words, provider names beside their ids; the JSON keeps the stable codes."""
    import re

    from tafelselectie.workflow.publish import page_words

    _, meeting, agreement = through_acceptance(wf)
    wf.join("P06", agreement, on=D(2026, 3, 3))
    wf.draft_minutes(A, meeting, "Besproken.", on=D(2026, 3, 4))
    wf.redact_minutes(A, meeting, on=D(2026, 3, 4))
    wf.publish_minutes(A, meeting, on=D(2026, 3, 4))
    second = wf.submit("P08", "Vervoer", "Voorstel over vervoer.", on=D(2026, 3, 5))
    files = export_public(wf, tmp_path / "nl")
    text = _visible_text(files[1].read_text(encoding="utf-8"))
    for code in _english_codes():
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), code
    name = page_words(wf.state, "nl")["name"]
    assert name("P07") != "P07" and name("P07") in text  # the author, with its name
    assert "aanvaard" in text and "toegetreden" in text.lower() and "ingediend" in text
    english = _visible_text(export_public(wf, tmp_path / "en", lang="en")[1].read_text())
    assert "accepted" in english and 'lang="en"' in (tmp_path / "en" / "index.html").read_text()
    document = json.loads(files[0].read_text(encoding="utf-8"))
    assert {p["state"] for p in document["proposals"]} == {"accepted", "submitted"}
    assert second in {p["id"] for p in document["proposals"]}


def test_cli_status_and_log_speak_dutch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import re

    wf, agreement, selection, db = cli_session(capsys, tmp_path)

    wf("init", str(agreement))
    wf("--as", A, "--on", "2026-01-01", "seat", str(selection), "--from", "2026-01-01",
       "--until", "2026-12-31")  # fmt: skip
    wf("--as", "P07", "--on", "2026-01-02", "submit", "--title", "T", "--text", "x")
    wf("--as", A, "--on", "2026-01-02", "plan", "--date", "2026-01-20")
    wf("--as", A, "--on", "2026-01-02", "schedule", "V-1", "O-1")
    for args in (("--on", "2026-01-03", "status"), ("log", "--visibility", "municipalities")):
        code, out, _ = wf(*args)
        assert code == 0
        for word in _english_codes():
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", out), (args, word)
    code, out, _ = wf("--on", "2026-01-03", "status")
    assert "geagendeerd" in out and "P01 (" in out
    code, out, _ = run(
        capsys, "--lang", "en", "workflow", "--db", db, "--on", "2026-01-03", "status"
    )
    assert "on the agenda" in out


@pytest.mark.parametrize(
    ("text", "key", "code"),
    [
        ('municipalities = ["Aalwijk", "Aalwijk"]\n', "municipalities", "agreement_duplicate"),
        ("reaction_period_days = 0\n", "reaction_period_days", "agreement_too_small"),
        ('start = "2026-01-01"\n', "start", "agreement_date_as_text"),
        ('start = "01-01-2026"\n', "start", "agreement_date_as_text"),
        ("start = 2026\n", "start", "agreement_type"),
        ("naam = 'x'\n", "naam", "agreement_unknown_key"),
        ("municipalities = []\n", "municipalities", "agreement_empty_list"),
    ],
)
def test_a_bad_basisovereenkomst_names_the_key(
    tmp_path: Path, text: str, key: str, code: str
) -> None:
    good = write_region(tmp_path)
    changed_key = text.split("=")[0].strip()
    lines = [
        line
        for line in good.read_text(encoding="utf-8").splitlines()
        if not line.startswith(changed_key + " ")
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkflowError) as info:
        load_agreement(bad)
    assert (info.value.problems[0].code, info.value.problems[0].key) == (code, key)
    assert str(bad) in info.value.render("nl")[0]


def test_a_provider_file_without_ids_names_the_key(tmp_path: Path) -> None:
    good = write_region(tmp_path)
    (tmp_path / "aanbieders.csv").write_text("naam\nZorg\n", encoding="utf-8")
    with pytest.raises(WorkflowError) as info:
        load_agreement(good)
    assert (info.value.problems[0].code, info.value.problems[0].key) == (
        "agreement_no_id_column",
        "providers",
    )
