"""The agreement process: every action checks the actor's role and the subject's state against
the transition table, then writes its events in one transaction. A refused action writes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tafelselectie.errors import ForbiddenError, Problem, WorkflowError, present
from tafelselectie.workflow.domain import (
    DEFAULT_MIN_MEETINGS,
    DEFAULT_REACTION_DAYS,
    ROLE_NAMES,
    TRANSITIONS,
    Event,
    MeetingState,
    ProposalState,
    Role,
    State,
    Visibility,
    apply,
    replay,
    split_marked,
    visible_to,
)
from tafelselectie.workflow.store import EventStore, NewEvent

PUBLIC_ACTORS = ("publiek", "public")
SYSTEM_ACTOR = "gemeenten"  # the municipalities together (the basisovereenkomst)


@dataclass(frozen=True)
class BasisAgreement:
    """The rules of the basisovereenkomst that the process checks."""

    name: str
    start: dt.date
    municipalities: tuple[str, ...]
    providers: Mapping[str, str]  # id -> name: every provider of the region
    reaction_period_days: int = DEFAULT_REACTION_DAYS
    min_meetings_per_year: int = DEFAULT_MIN_MEETINGS


def load_agreement(path: str | Path) -> BasisAgreement:
    """A basisovereenkomst TOML file; ``providers`` names a pool file (CSV or .xlsx, relative to
    the TOML file) whose ``id`` and ``naam`` columns list the region's providers."""
    from tafelselectie.io.files import read_text
    from tafelselectie.io.pool import read_pool

    name = str(path)
    text, problem = read_text(path, "toml")
    if text is None:
        raise WorkflowError([present(problem, "the reading problem")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkflowError([Problem("toml_syntax", {"reason": str(exc)}, source=name)]) from None
    from tafelselectie.io.schemas import validate
    from tafelselectie.workflow.schema import CODES, AgreementFile

    checked, problems = validate(AgreementFile, data, name, CODES)
    if checked is None:
        raise WorkflowError(problems)
    source = checked.providers
    providers: dict[str, str] = {}
    pool = read_pool(Path(path).parent / source)
    id_column, name_column = pool.column_index("id"), pool.column_index("naam")
    if id_column is None:
        missing = Problem("agreement_no_id_column", {"file": source}, source=name, key="providers")
        raise WorkflowError([missing])
    for row in pool.rows:
        identifier = str(row[id_column] or "").strip()
        label = row[name_column] if name_column is not None else None
        if identifier:
            providers[identifier] = str(label).strip() if label else identifier
    return BasisAgreement(
        name=checked.name.strip(),
        start=checked.start,
        municipalities=tuple(m.strip() for m in checked.municipalities),
        providers=providers,
        reaction_period_days=checked.reaction_period_days,
        min_meetings_per_year=checked.min_meetings_per_year,
    )


Build = Callable[[State, dt.date], list[NewEvent]]


class Workflow:
    """The process around one region's table, stored in one SQLite file.

    Every action takes the acting party (``actor``: a provider id, ``"gemeente:NAME"`` or
    ``"publiek"``) and the date it happens (``on``, default today), and returns the id it made
    or acted on. A refused action raises :class:`ForbiddenError` or :class:`WorkflowError` and
    leaves the database as it was.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._state = State()
        self._refresh()

    @classmethod
    def open(cls, path: str | Path) -> Workflow:
        store = EventStore.open(path)
        try:
            return cls(store)
        except BaseException:  # a log that cannot be replayed: do not leave it open
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workflow:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------------

    @property
    def state(self) -> State:
        """The current state as every event tells it (a copy: changing it changes nothing)."""
        self._refresh()
        return copy.deepcopy(self._state)

    def view(self, visibility: Visibility | str = Visibility.PUBLIC) -> State:
        """The state as a reader at ``visibility`` sees it: a replay of the events they may see."""
        return replay(self.events(visibility))

    def events(self, visibility: Visibility | str = Visibility.MUNICIPALITIES) -> list[Event]:
        level = Visibility(visibility)
        return self.store.events(visibility=visible_to(level))

    def _refresh(self) -> None:
        for event in self.store.events(after=self._state.last_seq):
            apply(self._state, event)

    # --- actions -------------------------------------------------------------------------

    def init(self, agreement: BasisAgreement, on: dt.date | None = None) -> str:
        """Record the basisovereenkomst: the region's providers, municipalities and rules."""
        day = on or agreement.start

        def build(state: State, day: dt.date) -> list[NewEvent]:
            payload = {
                "name": agreement.name,
                "start": agreement.start.isoformat(),
                "municipalities": list(agreement.municipalities),
                "providers": dict(agreement.providers),
                "reaction_period_days": agreement.reaction_period_days,
                "min_meetings_per_year": agreement.min_meetings_per_year,
            }
            return [NewEvent("basisovereenkomst", "basisovereenkomst", "public", payload)]

        self._act(SYSTEM_ACTOR, day, build, initialising=True)
        return "basisovereenkomst"

    def seat_table(
        self,
        actor: str,
        selection: str | Path | Mapping[str, Any],
        valid_from: dt.date,
        valid_until: dt.date,
        on: dt.date | None = None,
    ) -> str:
        """Record who sits at the table from ``valid_from`` to ``valid_until`` (inclusive), from
        a selection result (JSON file or dict: ``selected``, ``peildatum``)."""
        data, source = _selection(selection)

        def build(state: State, day: dt.date) -> list[NewEvent]:
            self._allow(state, "seat_table", actor, day)
            problems = []
            status = data.get("status")
            selected = data.get("selected")
            if status == "infeasible":
                problems.append(Problem("wf_selection_status", {"status": status}, source=source))
            if not isinstance(selected, list) or not selected:
                problems.append(
                    Problem(
                        "wf_bad_value",
                        {"reason": "expected a non-empty list of provider ids"},
                        source=source,
                        key="selected",
                    )
                )
                raise WorkflowError(problems)
            for identifier in selected:
                if identifier not in state.providers:
                    problems.append(
                        Problem(
                            "wf_not_a_provider", {"id": identifier}, source=source, key="selected"
                        )
                    )
            if valid_until < valid_from:
                problems.append(
                    Problem("wf_period_order", {"start": valid_from, "end": valid_until})
                )
            if valid_from < day:
                problems.append(Problem("wf_retroactive", {"start": valid_from, "on": day}))
            for period in state.tables:
                if valid_from <= period.valid_until and period.valid_from <= valid_until:
                    problems.append(
                        Problem(
                            "wf_overlap",
                            {
                                "start": valid_from,
                                "end": valid_until,
                                "other_start": period.valid_from,
                                "other_end": period.valid_until,
                            },
                        )
                    )
            if problems:
                raise WorkflowError(problems)
            payload = {
                "members": sorted(str(i) for i in selected),
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
                "source": {
                    "file": source,
                    "peildatum": data.get("peildatum"),
                    "name": data.get("name"),
                },
            }
            return [NewEvent("table_seated", "tafel", "public", payload)]

        self._act(actor, on, build)
        return "tafel"

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
            events, texts = _marked(identifier, {"title": title, "text": text})
            payload = {"kind": kind, **texts}
            return [NewEvent("proposal_submitted", identifier, "public", payload), *events]

        self._act(actor, on, build)
        return made[0]

    def plan_meeting(self, actor: str, date: dt.date, on: dt.date | None = None) -> str:
        """A meeting of the physical table on ``date``; returns its id (``O-1``, ...)."""
        made: list[str] = []

        def build(state: State, day: dt.date) -> list[NewEvent]:
            self._allow(state, "plan_meeting", actor, day)
            if date < day:
                raise WorkflowError(
                    [Problem("wf_meeting_past", {"meeting": "-", "date": date, "on": day})]
                )
            _in_period(state, date)
            identifier = f"O-{len(state.meetings) + 1}"
            made.append(identifier)
            payload = {"date": date.isoformat()}
            return [NewEvent("meeting_planned", identifier, "public", payload)]

        self._act(actor, on, build)
        return made[0]

    def cancel_meeting(self, actor: str, meeting: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = _meeting(state, meeting)
            self._allow(state, "cancel_meeting", actor, day)
            _check_state(meeting, current.state, "cancel_meeting")
            return [NewEvent("meeting_cancelled", meeting, "public", {})]

        self._act(actor, on, build)
        return meeting

    def schedule(self, actor: str, proposal: str, meeting: str, on: dt.date | None = None) -> str:
        """Put a proposal on the agenda of a planned meeting."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = _proposal(state, proposal)
            current = _meeting(state, meeting)
            self._allow(state, "schedule", actor, day)
            _check_state(proposal, item.state, "schedule")
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

    def hold_meeting(
        self, actor: str, meeting: str, present: Sequence[str], on: dt.date | None = None
    ) -> str:
        """The meeting took place (on its planned date) with these table members and
        municipalities present."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = _meeting(state, meeting)
            self._allow(state, "hold_meeting", actor, day)
            _check_state(meeting, current.state, "hold_meeting")
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

        self._act(actor, on or _meeting_date(self._current(), meeting), build)
        return meeting

    def publish_preliminary(
        self, actor: str, proposal: str, text: str, on: dt.date | None = None
    ) -> str:
        """The table's preliminary proposal (version 1), published; the reaction period starts."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = _proposal(state, proposal)
            self._allow(state, "publish_preliminary", actor, day)
            _check_state(proposal, item.state, "publish_preliminary")
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
            events, texts = _marked(proposal, {"text": text})
            payload = {"version": len(item.versions) + 1, "deadline": deadline.isoformat(), **texts}
            return [NewEvent("preliminary_published", proposal, "public", payload), *events]

        self._act(actor, on, build)
        return proposal

    def react(self, actor: str, proposal: str, text: str, on: dt.date | None = None) -> str:
        """A provider's reaction to a published preliminary proposal, within the period."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = _proposal(state, proposal)
            self._allow(state, "react", actor, day)
            _check_state(proposal, item.state, "react")
            deadline = present(item.deadline, f"the reaction deadline of {proposal}")
            if day.isoformat() > deadline:
                raise WorkflowError(
                    [
                        Problem(
                            "wf_reaction_closed", {"proposal": proposal, "deadline": item.deadline}
                        )
                    ]
                )
            events, texts = _marked(proposal, {"text": text})
            return [NewEvent("reaction_submitted", proposal, "public", texts), *events]

        self._act(actor, on, build)
        return proposal

    def work_out(
        self, actor: str, proposal: str, text: str, changelog: str, on: dt.date | None = None
    ) -> str:
        """The worked-out proposal: a new version with its changelog (after the reaction period)."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = _proposal(state, proposal)
            self._allow(state, "work_out", actor, day)
            _check_state(proposal, item.state, "work_out")
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
            events, texts = _marked(proposal, {"text": text, "changelog": changelog})
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
            item = _proposal(state, proposal)
            self._allow(state, "accept", actor, day)
            _check_state(proposal, item.state, "accept")
            if amends is not None:
                if amends not in state.agreements:
                    raise WorkflowError(
                        [Problem("wf_unknown", {"what": _WHAT["agreement"], "id": amends})]
                    )
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
            item = _proposal(state, proposal)
            self._allow(state, "reject", actor, day)
            _check_state(proposal, item.state, "reject")
            events, texts = _marked(proposal, {"reason": reason})
            return [NewEvent("proposal_rejected", proposal, "public", texts), *events]

        self._act(actor, on, build)
        return proposal

    def withdraw(self, actor: str, proposal: str, on: dt.date | None = None) -> str:
        def build(state: State, day: dt.date) -> list[NewEvent]:
            item = _proposal(state, proposal)
            self._allow(state, "withdraw", actor, day, author=item.author)
            _check_state(proposal, item.state, "withdraw")
            return [NewEvent("proposal_withdrawn", proposal, "public", {})]

        self._act(actor, on, build)
        return proposal

    def draft_minutes(self, actor: str, meeting: str, text: str, on: dt.date | None = None) -> str:
        """The unredacted minutes (municipalities only). Mark competition-sensitive parts with
        ``[[vertrouwelijk: ...]]`` and personal data with ``[[persoonlijk: ...]]``."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = _meeting(state, meeting)
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
            _check_state(f"{meeting} (minutes)", current.minutes, "draft_minutes")
            _text("text", text)
            if split_marked(text) is None:
                raise WorkflowError([Problem("wf_unclosed_marker", {"field": "text"})])
            return [NewEvent("minutes_drafted", meeting, "municipalities", {"text": text})]

        self._act(actor, on, build)
        return meeting

    def redact_minutes(self, actor: str, meeting: str, on: dt.date | None = None) -> str:
        """Remove every marked part; the redacted minutes are visible to the table."""

        def build(state: State, day: dt.date) -> list[NewEvent]:
            current = _meeting(state, meeting)
            self._allow(state, "redact_minutes", actor, day)
            _check_state(f"{meeting} (minutes)", current.minutes, "redact_minutes")
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
            current = _meeting(state, meeting)
            self._allow(state, "publish_minutes", actor, day)
            _check_state(f"{meeting} (minutes)", current.minutes, "publish_minutes")
            present(current.minutes_text, f"the minutes of {meeting}")
            return [
                NewEvent("minutes_published", meeting, "public", {"text": current.minutes_text})
            ]

        self._act(actor, on, build)
        return meeting

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
                raise WorkflowError(
                    [Problem("wf_unknown", {"what": _WHAT["agreement"], "id": agreement})]
                )
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

    # --- the common path of every action -------------------------------------------------

    def _current(self) -> State:
        self._refresh()
        return self._state

    def _act(
        self, actor: str, on: dt.date | None, build: Build, initialising: bool = False
    ) -> None:
        day = on or dt.date.today()
        with self.store.transaction():
            self._refresh()  # another process may have written since
            state = self._state
            if initialising and state.initialised:
                raise WorkflowError([Problem("wf_initialised", {"name": state.name})])
            if not initialising:
                _check_day(state, actor, day)
            new = build(state, day)
            written = self.store.append(state.actions + 1, day.isoformat(), actor, new)
        for event in written:
            apply(self._state, event)

    def _allow(
        self, state: State, action: str, actor: str, day: dt.date, author: str | None = None
    ) -> None:
        transition = TRANSITIONS[action]
        roles = state.roles_of(actor, day)
        if author is not None and actor == author:
            roles.add(Role.AUTHOR)
        if roles & transition.roles:
            return
        allowed = sorted(transition.roles, key=lambda r: r.value)
        words = {
            "en": " or ".join(ROLE_NAMES[r][0] for r in allowed),
            "nl": " of ".join(ROLE_NAMES[r][1] for r in allowed),
        }
        if Role.TABLE_MEMBER in transition.roles:
            words = {
                "en": words["en"] + f" (on {day})",
                "nl": words["nl"] + f" (op {day})",
            }
        raise ForbiddenError(
            [
                Problem(
                    "wf_forbidden",
                    {"actor": actor, "action": _ACTION_NAMES[action], "allowed": words},
                )
            ]
        )


_WHAT = {
    "proposal": {"en": "unknown proposal", "nl": "onbekend voorstel"},
    "meeting": {"en": "unknown meeting", "nl": "onbekende vergadering"},
    "agreement": {"en": "unknown agreement", "nl": "onbekende overeenkomst"},
}

_ACTION_NAMES = {
    "seat_table": {"en": "seat the table", "nl": "de tafel samenstellen"},
    "submit": {"en": "submit a proposal", "nl": "een voorstel indienen"},
    "schedule": {"en": "put a proposal on the agenda", "nl": "een voorstel agenderen"},
    "publish_preliminary": {
        "en": "publish a preliminary proposal",
        "nl": "een voorlopig voorstel publiceren",
    },
    "react": {"en": "react to a proposal", "nl": "reageren op een voorstel"},
    "work_out": {"en": "publish a worked-out proposal", "nl": "een uitgewerkt voorstel publiceren"},
    "accept": {"en": "accept a proposal", "nl": "een voorstel aanvaarden"},
    "reject": {"en": "reject a proposal", "nl": "een voorstel afwijzen"},
    "withdraw": {"en": "withdraw a proposal", "nl": "een voorstel intrekken"},
    "plan_meeting": {"en": "plan a meeting", "nl": "een vergadering plannen"},
    "cancel_meeting": {"en": "cancel a meeting", "nl": "een vergadering afzeggen"},
    "hold_meeting": {
        "en": "record a meeting as held",
        "nl": "een vergadering als gehouden vastleggen",
    },
    "draft_minutes": {"en": "write the minutes", "nl": "het verslag schrijven"},
    "redact_minutes": {"en": "redact the minutes", "nl": "het verslag anonimiseren"},
    "publish_minutes": {"en": "publish the minutes", "nl": "het verslag publiceren"},
    "join": {"en": "join an agreement", "nl": "toetreden tot een overeenkomst"},
    "decline": {"en": "decline an agreement", "nl": "afzien van een overeenkomst"},
}


def _check_day(state: State, actor: str, day: dt.date) -> None:
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


def _proposal(state: State, identifier: str) -> Any:
    if identifier not in state.proposals:
        raise WorkflowError([Problem("wf_unknown", {"what": _WHAT["proposal"], "id": identifier})])
    return state.proposals[identifier]


def _meeting(state: State, identifier: str) -> Any:
    if identifier not in state.meetings:
        raise WorkflowError([Problem("wf_unknown", {"what": _WHAT["meeting"], "id": identifier})])
    return state.meetings[identifier]


def _meeting_date(state: State, identifier: str) -> dt.date | None:
    meeting = state.meetings.get(identifier)
    return dt.date.fromisoformat(meeting.date) if meeting is not None else None


def _check_state(subject: str, current: Any, action: str) -> None:
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


def _in_period(state: State, day: dt.date) -> None:
    if state.members_on(day) is None:
        periods = ", ".join(f"{p.valid_from}..{p.valid_until}" for p in state.tables) or "-"
        raise WorkflowError([Problem("wf_outside_period", {"date": day, "periods": periods})])


def _text(field: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise WorkflowError([Problem("wf_empty", {"field": field})])


def _marked(subject: str, fields: Mapping[str, str]) -> tuple[list[NewEvent], dict[str, str]]:
    """The public texts, and an event (municipalities only) with the parts that were marked."""
    public: dict[str, str] = {}
    parts: list[str] = []
    for name, value in fields.items():
        _text(name, value)
        split = split_marked(value)
        if split is None:
            raise WorkflowError([Problem("wf_unclosed_marker", {"field": name})])
        public[name], found = split
        parts += found
    events = []
    if parts:
        events.append(NewEvent("confidential_parts", subject, "municipalities", {"parts": parts}))
    return events, public


def _selection(selection: str | Path | Mapping[str, Any]) -> tuple[dict[str, Any], str]:
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
