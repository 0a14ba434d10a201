"""The actions on meetings and their minutes: plan, cancel, hold, write, redact, publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tafelselectie.errors import Problem, WorkflowError, present
from tafelselectie.workflow.domain import (
    MeetingState,
    State,
    split_marked,
)
from tafelselectie.workflow.process import Process
from tafelselectie.workflow.rules import (
    check_in_period,
    check_state,
    check_text,
    find_meeting,
    meeting_date,
)
from tafelselectie.workflow.store import NewEvent


class MeetingActions(Process):
    """Meetings of the physical table and their minutes."""

    def plan_meeting(self, actor: str, date: dt.date, on: dt.date | None = None) -> str:
        """A meeting of the physical table on ``date``; returns its id (``O-1``, ...)."""
        made: list[str] = []

        def build(state: State, day: dt.date) -> list[NewEvent]:
            self._allow(state, "plan_meeting", actor, day)
            if date < day:
                raise WorkflowError(
                    [Problem("wf_meeting_past", {"meeting": "-", "date": date, "on": day})]
                )
            check_in_period(state, date)
            identifier = f"O-{len(state.meetings) + 1}"
            made.append(identifier)
            payload = {"date": date.isoformat()}
            return [NewEvent("meeting_planned", identifier, "public", payload)]

        self._act(actor, on, build)
        return made[0]

    def cancel_meeting(self, actor: str, meeting: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = find_meeting(state, meeting)
            self._allow(state, "cancel_meeting", actor, day)
            check_state(meeting, current.state, "cancel_meeting")
            return [NewEvent("meeting_cancelled", meeting, "public", {})]

        self._act(actor, on, build)
        return meeting

    def hold_meeting(
        self, actor: str, meeting: str, present: Sequence[str], on: dt.date | None = None
    ) -> str:
        """The meeting took place (on its planned date) with these table members and
        municipalities present."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = find_meeting(state, meeting)
            self._allow(state, "hold_meeting", actor, day)
            check_state(meeting, current.state, "hold_meeting")
            if current.date != day.isoformat():
                raise WorkflowError(
                    [Problem("wf_hold_date", {"meeting": meeting, "date": current.date, "on": day})]
                )
            members = state.members_on(day) or ()
            problems = [
                Problem("wf_not_present", {"id": who, "date": day}, key="present")
                for who in present
                if who not in members and not state.is_municipality(who)
            ]
            if problems:
                raise WorkflowError(problems)
            payload = {"present": sorted(set(present))}
            return [NewEvent("meeting_held", meeting, "public", payload)]

        self._act(actor, on or meeting_date(self._current(), meeting), build)
        return meeting

    def draft_minutes(self, actor: str, meeting: str, text: str, on: dt.date | None = None) -> str:
        """The unredacted minutes (municipalities only). Mark competition-sensitive parts with
        ``[[vertrouwelijk: ...]]`` and personal data with ``[[persoonlijk: ...]]``."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = find_meeting(state, meeting)
            self._allow(state, "draft_minutes", actor, day)
            if current.state is not MeetingState.HELD:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_state",
                            {
                                "subject": meeting,
                                "state": current.state.value,
                                "action": "draft_minutes",
                                "needed": MeetingState.HELD.value,
                            },
                        )
                    ]
                )
            check_state(f"{meeting} (minutes)", current.minutes, "draft_minutes")
            check_text("text", text)
            if split_marked(text) is None:
                raise WorkflowError([Problem("wf_unclosed_marker", {"field": "text"})])
            return [NewEvent("minutes_drafted", meeting, "municipalities", {"text": text})]

        self._act(actor, on, build)
        return meeting

    def redact_minutes(self, actor: str, meeting: str, on: dt.date | None = None) -> str:
        """Remove every marked part; the redacted minutes are visible to the table."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = find_meeting(state, meeting)
            self._allow(state, "redact_minutes", actor, day)
            check_state(f"{meeting} (minutes)", current.minutes, "redact_minutes")
            minutes_text = present(current.minutes_text, f"the minutes of {meeting}")
            # markers were checked when the minutes were drafted
            split = present(split_marked(minutes_text), f"the marked parts of {meeting}")
            public, parts = split
            return [
                NewEvent(
                    "minutes_redacted", meeting, "table", {"text": public, "removed": len(parts)}
                )
            ]

        self._act(actor, on, build)
        return meeting

    def publish_minutes(self, actor: str, meeting: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = find_meeting(state, meeting)
            self._allow(state, "publish_minutes", actor, day)
            check_state(f"{meeting} (minutes)", current.minutes, "publish_minutes")
            present(current.minutes_text, f"the minutes of {meeting}")
            return [
                NewEvent("minutes_published", meeting, "public", {"text": current.minutes_text})
            ]

        self._act(actor, on, build)
        return meeting
