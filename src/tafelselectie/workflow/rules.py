"""The checks every action of the agreement process shares: the actor and the day, the subject's
existence and state, texts and their confidential marks, the selection file a table is seated
from. Each refusal is a located, bilingual problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tafelselectie.errors import Problem, WorkflowError
from tafelselectie.workflow.domain import (
    TRANSITIONS,
    State,
    split_marked,
)
from tafelselectie.workflow.store import NewEvent

PUBLIC_ACTORS = ("publiek", "public")
SYSTEM_ACTOR = "gemeenten"  # the municipalities together (the basisovereenkomst)

Build = Callable[[State, dt.date], list[NewEvent]]


def unknown(kind: str, identifier: str) -> WorkflowError:
    return WorkflowError(
        [Problem("wf_unknown", {"what": both_languages(f"wf_what.{kind}"), "id": identifier})]
    )


def both_languages(code: str) -> dict[str, str]:
    """A catalogue text in both languages, rendered later in the message's language."""
    from tafelselectie.texts.messages import text

    return {"en": text(code, "en"), "nl": text(code, "nl")}


def check_day(state: State, actor: str, day: dt.date) -> None:
    if not state.initialised:
        raise WorkflowError([Problem("wf_not_initialised")])
    known = actor in state.providers or state.is_municipality(actor) or actor in PUBLIC_ACTORS
    if not known:
        params = {"actor": actor, "municipalities": ", ".join(state.municipalities)}
        raise WorkflowError([Problem("wf_unknown_actor", params)])
    if day.isoformat() < state.start:
        raise WorkflowError([Problem("wf_before_start", {"on": day, "start": state.start})])
    if day.isoformat() < state.last_date:
        raise WorkflowError([Problem("wf_date_order", {"on": day, "last": state.last_date})])


def find_proposal(state: State, identifier: str) -> Any:
    if identifier not in state.proposals:
        raise unknown("proposal", identifier)
    return state.proposals[identifier]


def find_meeting(state: State, identifier: str) -> Any:
    if identifier not in state.meetings:
        raise unknown("meeting", identifier)
    return state.meetings[identifier]


def meeting_date(state: State, identifier: str) -> dt.date | None:
    meeting = state.meetings.get(identifier)
    return dt.date.fromisoformat(meeting.date) if meeting is not None else None


def check_state(subject: str, current: Any, action: str) -> None:
    before = TRANSITIONS[action].before
    if before is None or current in before:
        return
    needed = " / ".join(sorted(s.value for s in before))
    raise WorkflowError(
        [
            Problem(
                "wf_state",
                {"subject": subject, "state": current.value, "action": action, "needed": needed},
            )
        ]
    )


def check_in_period(state: State, day: dt.date) -> None:
    if state.members_on(day) is None:
        periods = ", ".join(f"{p.valid_from}..{p.valid_until}" for p in state.tables) or "-"
        raise WorkflowError([Problem("wf_outside_period", {"date": day, "periods": periods})])


def check_text(field: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise WorkflowError([Problem("wf_empty", {"field": field})])


def marked_events(subject: str, fields: Mapping[str, str]) -> tuple[list[NewEvent], dict[str, str]]:
    """The public texts, and an event (municipalities only) with the parts that were marked."""
    public: dict[str, str] = {}
    parts: list[str] = []
    for name, value in fields.items():
        check_text(name, value)
        split = split_marked(value)
        if split is None:
            raise WorkflowError([Problem("wf_unclosed_marker", {"field": name})])
        public[name], found = split
        parts += found
    events = []
    if parts:
        events.append(NewEvent("confidential_parts", subject, "municipalities", {"parts": parts}))
    return events, public


def read_selection(selection: str | Path | Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    if isinstance(selection, Mapping):
        return dict(selection), "<dict>"
    from tafelselectie.io.files import read_json

    name = str(selection)
    data, problem = read_json(selection)
    if problem is not None:
        raise WorkflowError([problem])
    if not isinstance(data, dict):
        raise WorkflowError(
            [Problem("wf_bad_value", {"reason": "expected a JSON object"}, source=name)]
        )
    return data, Path(name).name
