"""The agreement process: every action checks the actor's role and the subject's state against
the transition table, then writes its events in one transaction. A refused action writes nothing.

:class:`Workflow` is the whole process: the core (:mod:`.process`), meetings and minutes
(:mod:`.meetings`) and, here, proposals and agreements.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tafelselectie.errors import ForbiddenError, Problem, WorkflowError, present
from tafelselectie.workflow.agreement import BasisAgreement, load_agreement
from tafelselectie.workflow.domain import (
    MeetingState,
    ProposalState,
    State,
)
from tafelselectie.workflow.meetings import MeetingActions
from tafelselectie.workflow.rules import (
    PUBLIC_ACTORS,
    SYSTEM_ACTOR,
    check_state,
    find_meeting,
    find_proposal,
    marked_events,
    unknown,
)
from tafelselectie.workflow.store import NewEvent

__all__ = ["PUBLIC_ACTORS", "SYSTEM_ACTOR", "BasisAgreement", "Workflow", "load_agreement"]


class Workflow(MeetingActions):
    """The process around one region's table, stored in one SQLite file.

    Every action takes the acting party (``actor``: a provider id, ``"gemeente:NAME"`` or
    ``"publiek"``) and the date it happens (``on``, default today), and returns the id it made
    or acted on. A refused action raises :class:`ForbiddenError` or :class:`WorkflowError` and
    leaves the database as it was.
    """

    def submit(
        self,
        actor: str,
        title: str,
        text: str,
        kind: str = "proposal",
        on: dt.date | None = None,
    ) -> str:
        """A proposal or a signal through the digital table; returns its id (``V-1``, ...)."""
        made: list[str] = []

        def build(state: State, day: dt.date) -> list[NewEvent]:
            self._allow(state, "submit", actor, day)
            if kind not in ("proposal", "signal"):
                raise WorkflowError(
                    [Problem("wf_bad_value", {"reason": "kind must be 'proposal' or 'signal'"})]
                )
            identifier = f"V-{len(state.proposals) + 1}"
            made.append(identifier)
            events, texts = marked_events(identifier, {"title": title, "text": text})
            payload = {"kind": kind, **texts}
            return [NewEvent("proposal_submitted", identifier, "public", payload), *events]

        self._act(actor, on, build)
        return made[0]

    def schedule(self, actor: str, proposal: str, meeting: str, on: dt.date | None = None) -> str:
        """Put a proposal on the agenda of a planned meeting."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            current = find_meeting(state, meeting)
            self._allow(state, "schedule", actor, day)
            check_state(proposal, item.state, "schedule")
            if current.state is not MeetingState.PLANNED:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_state",
                            {
                                "subject": meeting,
                                "state": current.state.value,
                                "action": "schedule",
                                "needed": MeetingState.PLANNED.value,
                            },
                        )
                    ]
                )
            if dt.date.fromisoformat(current.date) < day:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_meeting_past", {"meeting": meeting, "date": current.date, "on": day}
                        )
                    ]
                )
            if proposal in current.agenda:
                raise WorkflowError(
                    [Problem("wf_already_on_agenda", {"proposal": proposal, "meeting": meeting})]
                )
            return [NewEvent("proposal_scheduled", proposal, "public", {"meeting": meeting})]

        self._act(actor, on, build)
        return proposal

    def publish_preliminary(
        self, actor: str, proposal: str, text: str, on: dt.date | None = None
    ) -> str:
        """The table's preliminary proposal (version 1), published; the reaction period starts."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "publish_preliminary", actor, day)
            check_state(proposal, item.state, "publish_preliminary")
            held = [
                m
                for m in item.meetings
                if state.meetings[m].state is MeetingState.HELD
                and state.meetings[m].date <= day.isoformat()
            ]
            if not held:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_not_discussed",
                            {"proposal": proposal, "meetings": ", ".join(item.meetings) or "-"},
                        )
                    ]
                )
            deadline = day + dt.timedelta(days=state.reaction_period_days)
            events, texts = marked_events(proposal, {"text": text})
            payload = {"version": len(item.versions) + 1, "deadline": deadline.isoformat(), **texts}
            return [NewEvent("preliminary_published", proposal, "public", payload), *events]

        self._act(actor, on, build)
        return proposal

    def react(self, actor: str, proposal: str, text: str, on: dt.date | None = None) -> str:
        """A provider's reaction to a published preliminary proposal, within the period."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "react", actor, day)
            check_state(proposal, item.state, "react")
            deadline = present(item.deadline, f"the reaction deadline of {proposal}")
            if day.isoformat() > deadline:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_reaction_closed", {"proposal": proposal, "deadline": item.deadline}
                        )
                    ]
                )
            events, texts = marked_events(proposal, {"text": text})
            return [NewEvent("reaction_submitted", proposal, "public", texts), *events]

        self._act(actor, on, build)
        return proposal

    def work_out(
        self, actor: str, proposal: str, text: str, changelog: str, on: dt.date | None = None
    ) -> str:
        """The worked-out proposal: a new version with its changelog (after the reaction period)."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "work_out", actor, day)
            check_state(proposal, item.state, "work_out")
            if item.state is ProposalState.PRELIMINARY:
                present(item.deadline, f"the reaction deadline of {proposal}")
                if day.isoformat() <= item.deadline:
                    raise WorkflowError(
                        [
                            Problem(
                                "wf_reaction_open",
                                {"proposal": proposal, "deadline": item.deadline},
                            )
                        ]
                    )
            events, texts = marked_events(proposal, {"text": text, "changelog": changelog})
            payload = {"version": len(item.versions) + 1, **texts}
            return [NewEvent("worked_out_published", proposal, "public", payload), *events]

        self._act(actor, on, build)
        return proposal

    def accept(
        self, actor: str, proposal: str, amends: str | None = None, on: dt.date | None = None
    ) -> str:
        """The municipalities accept: a new deelovereenkomst (``DO-1``) or an amendment of one
        (``DO-1-W1``). Returns the agreement's id."""
        made: list[str] = []

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "accept", actor, day)
            check_state(proposal, item.state, "accept")
            if amends is not None:
                if amends not in state.agreements:
                    raise unknown("agreement", amends)
                count = sum(1 for a in state.agreements.values() if a.amends == amends)
                identifier = f"{amends}-W{count + 1}"
            else:
                count = sum(1 for a in state.agreements.values() if a.amends is None)
                identifier = f"DO-{count + 1}"
            made.append(identifier)
            payload: dict[str, Any] = {"agreement": identifier, "amends": amends}
            return [NewEvent("proposal_accepted", proposal, "public", payload)]

        self._act(actor, on, build)
        return made[0]

    def reject(self, actor: str, proposal: str, reason: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "reject", actor, day)
            check_state(proposal, item.state, "reject")
            events, texts = marked_events(proposal, {"reason": reason})
            return [NewEvent("proposal_rejected", proposal, "public", texts), *events]

        self._act(actor, on, build)
        return proposal

    def withdraw(self, actor: str, proposal: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = find_proposal(state, proposal)
            self._allow(state, "withdraw", actor, day, author=item.author)
            check_state(proposal, item.state, "withdraw")
            return [NewEvent("proposal_withdrawn", proposal, "public", {})]

        self._act(actor, on, build)
        return proposal

    def join(
        self, actor: str, agreement: str, provider: str | None = None, on: dt.date | None = None
    ) -> str:
        """The provider joins (opts in to) an accepted deelovereenkomst, for itself only."""
        return self._decide("join", actor, agreement, provider, on)

    def decline(
        self, actor: str, agreement: str, provider: str | None = None, on: dt.date | None = None
    ) -> str:
        """The provider records that it does not join."""
        return self._decide("decline", actor, agreement, provider, on)

    def _decide(
        self, action: str, actor: str, agreement: str, provider: str | None, on: dt.date | None
    ) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            if agreement not in state.agreements:
                raise unknown("agreement", agreement)
            self._allow(state, action, actor, day)
            who = provider or actor
            if who != actor:
                raise ForbiddenError(
                    [Problem("wf_other_provider", {"actor": actor, "provider": who})]
                )
            current = state.agreements[agreement]
            for decided, words in (
                (current.joined, {"en": "joined", "nl": "toegetreden"}),
                (current.declined, {"en": "declined", "nl": "niet toegetreden"}),
            ):
                if who in decided:
                    params = {
                        "provider": who,
                        "agreement": agreement,
                        "decision": words,
                        "on": decided[who],
                    }
                    raise WorkflowError([Problem("wf_already_decided", params)])
            kind = "agreement_joined" if action == "join" else "agreement_declined"
            return [NewEvent(kind, agreement, "public", {})]

        self._act(actor, on, build)
        return agreement
