"""Kill the writing process (SIGKILL) in the middle of many actions; reopen; every acknowledged
action is there, and no action is there in part."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tafelselectie.workflow import Workflow
from tests.workflow_helpers import seated_workflow

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

# The writer: alternately a proposal with a marked part (two events in one transaction) and a
# meeting (one event); it writes "ack <id> <title>" only after the call returned (committed).
WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from tafelselectie.workflow import Workflow
    path, round_ = sys.argv[1], sys.argv[2]
    day = dt.date(2026, 1, 2)
    with Workflow.open(path) as wf:
        for n in range(100000):
            title = f"ronde {round_} voorstel {n}"
            if n % 3 == 2:
                made = wf.plan_meeting("gemeente:Aalwijk", dt.date(2026, 3, 1), on=day)
            else:
                made = wf.submit("P07", title, f"tekst [[vertrouwelijk: geheim {n}]]", on=day)
            # one write per line: print() writes its parts one by one, and a kill between
            # two of them would leave half a line in the pipe
            sys.stdout.write(f"ack {made} {title}\\n")
            sys.stdout.flush()
    """
)


@pytest.mark.slow
@pytest.mark.concurrency
@pytest.mark.parametrize("kill_after", [40, 173, 311])
def test_sigkill_keeps_every_acknowledged_action_and_no_partial_one(
    tmp_path: Path, kill_after: int
) -> None:
    with seated_workflow(tmp_path):
        pass
    path = tmp_path / "tafel.db"
    acknowledged: list[tuple[str, str]] = []
    for round_ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(round_)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert process.stdout is not None
        for count, line in enumerate(process.stdout, start=1):
            _, made, title = line.rstrip("\n").split(" ", 2)
            acknowledged.append((made, title))
            if count >= kill_after + 17 * round_:
                os.kill(process.pid, signal.SIGKILL)
                break
        # Lines already in the pipe were printed, so their actions were acknowledged too; a
        # line without its newline is not a whole acknowledgement (the bound below allows it).
        for line in process.stdout:
            if line.endswith("\n"):
                _, made, title = line.rstrip("\n").split(" ", 2)
                acknowledged.append((made, title))
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL

        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            connection.close()
        with Workflow.open(path) as wf:
            assert wf.store.incomplete_actions() == []
            state = wf.state
            for made, title in acknowledged:
                if made.startswith("V-"):
                    assert state.proposals[made].title == title
                    assert state.confidential[made]  # the second event of the same action
                else:
                    assert made in state.meetings
            # Each killed round can leave at most one action committed but not acknowledged:
            # the writer commits, then prints; the kill can fall between the two, and the
            # writer starts no next action before printing. Rounds 0..round_ have each been
            # killed once, so at most round_ + 1 actions are known but unacknowledged.
            known = len(state.proposals) + len(state.meetings)
            assert len(acknowledged) <= known <= len(acknowledged) + round_ + 1
            # every action's events are consecutive and complete
            by_action: dict[int, list[int]] = {}
            for event in wf.events():
                by_action.setdefault(event.action, []).append(event.action_events)
            assert all(len(v) == v[0] for v in by_action.values())
        # acknowledged is carried over: earlier rounds must survive the later kills too
