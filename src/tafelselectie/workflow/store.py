"""The event log in SQLite (standard library): append-only, WAL, one transaction per action.

Triggers refuse UPDATE and DELETE on the events, so not even a bug in this package can rewrite
history. Each action writes all of its events in one ``BEGIN IMMEDIATE`` transaction, and each
event carries the action's number and how many events the action wrote, so a reader can check
that no action is partly there (SQLite's atomic commit already promises that; the count makes
it checkable from outside).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tafelselectie.errors import InternalError, Problem, WorkflowError
from tafelselectie.workflow.domain import Event

SCHEMA_VERSION = 1

# Schema versions this package can bring up to SCHEMA_VERSION: version -> SQL that moves it one
# version up. Version 1 is the first, so there is nothing to migrate yet; an older or unknown
# version is refused rather than replayed.
MIGRATIONS: dict[int, str] = {}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action INTEGER NOT NULL,
    action_events INTEGER NOT NULL CHECK (action_events > 0),
    on_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'table', 'municipalities')),
    payload TEXT NOT NULL CHECK (json_valid(payload))
);
CREATE INDEX IF NOT EXISTS events_by_action ON events (action);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed');
END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted');
END;
"""


@dataclass(frozen=True)
class NewEvent:
    kind: str
    subject: str
    visibility: str
    payload: dict[str, Any]


class EventStore:
    """One SQLite file. Open with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> EventStore:
        """Open (or create) the event log at ``path``.

        A database written by a newer version of the package, an older schema that this version
        cannot migrate, or a SQLite file that is not an event log is refused with
        :class:`~tafelselectie.errors.WorkflowError` before anything is read or written: replaying
        events of an unknown schema could misread them.
        """
        path = Path(path)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per action.
        connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        try:
            _check_schema(connection, str(path))
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed action survives power loss, not just a killed process.
            connection.execute("PRAGMA synchronous=FULL")
            connection.executescript(SCHEMA)
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
        except BaseException:
            connection.close()
            raise
        return cls(connection, path)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls everything back."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def events(self, after: int = 0, visibility: Sequence[str] | None = None) -> list[Event]:
        query = "SELECT * FROM events WHERE seq > ?"
        params: list[Any] = [after]
        if visibility is not None:
            query += f" AND visibility IN ({', '.join('?' for _ in visibility)})"
            params += list(visibility)
        rows = self.connection.execute(query + " ORDER BY seq", params).fetchall()
        return [_event(row) for row in rows]

    def append(self, action: int, on: str, actor: str, new: Sequence[NewEvent]) -> list[Event]:
        """Write the events of one action (call inside :meth:`transaction`)."""
        recorded = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        written = []
        for event in new:
            payload = json.dumps(event.payload, ensure_ascii=False, sort_keys=True)
            cursor = self.connection.execute(
                "INSERT INTO events (action, action_events, on_date, recorded_at, actor, kind,"
                " subject, visibility, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    action,
                    len(new),
                    on,
                    recorded,
                    actor,
                    event.kind,
                    event.subject,
                    event.visibility,
                    payload,
                ),
            )
            seq = cursor.lastrowid
            if seq is None:  # sqlite3 sets it after every INSERT; None would be a driver bug
                raise InternalError("SQLite returned no row id for an inserted event")
            written.append(
                Event(
                    seq,
                    action,
                    len(new),
                    on,
                    recorded,
                    actor,
                    event.kind,
                    event.subject,
                    event.visibility,
                    json.loads(payload),
                )
            )
        return written

    def incomplete_actions(self) -> list[int]:
        """Actions whose events are not all there (always empty: the check is for auditors)."""
        rows = self.connection.execute(
            "SELECT action FROM events GROUP BY action HAVING COUNT(*) != MAX(action_events)"
            " OR MIN(action_events) != MAX(action_events)"
        ).fetchall()
        return [int(row[0]) for row in rows]


def _check_schema(connection: sqlite3.Connection, source: str) -> None:
    """Refuse a database whose schema this version does not know (see :meth:`EventStore.open`);
    migrate an older one where a migration exists."""
    tables = {
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not tables:
        return  # a new, empty database: the schema is created next
    if "meta" not in tables or "events" not in tables:
        raise WorkflowError(Problem("wf_not_event_log", source=source))
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    text = str(row[0]) if row is not None else ""
    if not text.isdigit():
        raise WorkflowError(Problem("wf_not_event_log", source=source))
    version = int(text)
    if version > SCHEMA_VERSION:
        raise WorkflowError(
            Problem(
                "wf_schema_newer",
                {"found": version, "supported": SCHEMA_VERSION},
                source=source,
            )
        )
    while version < SCHEMA_VERSION:
        migration = MIGRATIONS.get(version)
        if migration is None:
            raise WorkflowError(
                Problem(
                    "wf_schema_older",
                    {"found": version, "supported": SCHEMA_VERSION},
                    source=source,
                )
            )
        connection.executescript(
            f"BEGIN IMMEDIATE; {migration}; UPDATE meta SET value = '{version + 1}'"
            " WHERE key = 'schema_version'; COMMIT;"
        )
        version += 1


def _event(row: tuple[Any, ...]) -> Event:
    seq, action, action_events, on, recorded, actor, kind, subject, visibility, payload = row
    return Event(
        seq,
        action,
        action_events,
        on,
        recorded,
        actor,
        kind,
        subject,
        visibility,
        json.loads(payload),
    )
