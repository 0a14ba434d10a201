"""The agreement process as data: roles, states, the transition table, and the state as a fold
over the event log.

Nothing here touches a database or a solver. :func:`apply` turns one event into the next state;
replaying every event from the start gives the current state, and replaying only the public
events gives what the public may see (the public export is that, not a second code path).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from tafelselectie.errors import InternalError, Problem, WorkflowError

MUNICIPALITY_PREFIX = "gemeente:"
# a basisovereenkomst's defaults (workflow/schema.py declares the file)
DEFAULT_MIN_MEETINGS = 9
DEFAULT_REACTION_DAYS = 28


class Role(enum.Enum):
    MUNICIPALITY = "municipality"
    TABLE_MEMBER = "table_member"  # a provider at the physical table on the action's date
    PROVIDER = "provider"  # any provider of the region
    AUTHOR = "author"  # the provider or municipality that submitted the proposal
    PUBLIC = "public"


# Their names in messages: the catalogue's wf_role.<value> (tafelselectie.texts.workflow).


class Visibility(enum.Enum):
    """Who may read an event. Each level sees its own events and those of the levels before."""

    PUBLIC = "public"
    TABLE = "table"
    MUNICIPALITIES = "municipalities"


VISIBILITY_ORDER = (Visibility.PUBLIC, Visibility.TABLE, Visibility.MUNICIPALITIES)


def visible_to(level: Visibility) -> tuple[str, ...]:
    """The visibility values a reader at ``level`` may see."""
    return tuple(v.value for v in VISIBILITY_ORDER[: VISIBILITY_ORDER.index(level) + 1])


class ProposalState(enum.Enum):
    SUBMITTED = "submitted"  # ingediend via de digitale tafel
    SCHEDULED = "scheduled"  # geagendeerd voor een vergadering
    PRELIMINARY = "preliminary"  # voorlopig voorstel gepubliceerd; reactietermijn loopt
    WORKED_OUT = "worked_out"  # uitgewerkt voorstel (nieuwe versie met wijzigingen)
    ACCEPTED = "accepted"  # deelovereenkomst (of wijziging daarvan)
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


FINAL_STATES = frozenset({ProposalState.ACCEPTED, ProposalState.REJECTED, ProposalState.WITHDRAWN})


class MeetingState(enum.Enum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class MinutesState(enum.Enum):
    NONE = "none"
    DRAFT = "draft"
    REDACTED = "redacted"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Transition:
    """One action: the states it starts from (None: it creates the subject), the state it leads
    to (None: it does not change the state), and the roles that may take it."""

    subject: str  # "proposal", "meeting", "minutes", "agreement", "region"
    before: frozenset[Any] | None
    after: Any
    roles: frozenset[Role]


P, M, N = ProposalState, MeetingState, MinutesState
_ANY_OPEN = frozenset({P.SUBMITTED, P.SCHEDULED, P.PRELIMINARY, P.WORKED_OUT})

# The process of the basisovereenkomst, as data. The service checks every action against it.
TRANSITIONS: dict[str, Transition] = {
    "seat_table": Transition("region", None, None, frozenset({Role.MUNICIPALITY})),
    "submit": Transition(
        "proposal", None, P.SUBMITTED, frozenset({Role.PROVIDER, Role.MUNICIPALITY})
    ),
    "schedule": Transition(
        "proposal",
        frozenset({P.SUBMITTED, P.SCHEDULED}),
        P.SCHEDULED,
        frozenset({Role.MUNICIPALITY}),
    ),
    "publish_preliminary": Transition(
        "proposal",
        frozenset({P.SCHEDULED}),
        P.PRELIMINARY,
        frozenset({Role.TABLE_MEMBER, Role.MUNICIPALITY}),
    ),
    "react": Transition("proposal", frozenset({P.PRELIMINARY}), None, frozenset({Role.PROVIDER})),
    "work_out": Transition(
        "proposal",
        frozenset({P.PRELIMINARY, P.WORKED_OUT}),
        P.WORKED_OUT,
        frozenset({Role.TABLE_MEMBER, Role.MUNICIPALITY}),
    ),
    "accept": Transition(
        "proposal", frozenset({P.WORKED_OUT}), P.ACCEPTED, frozenset({Role.MUNICIPALITY})
    ),
    "reject": Transition(
        "proposal", frozenset({P.WORKED_OUT}), P.REJECTED, frozenset({Role.MUNICIPALITY})
    ),
    "withdraw": Transition("proposal", _ANY_OPEN, P.WITHDRAWN, frozenset({Role.AUTHOR})),
    "plan_meeting": Transition("meeting", None, M.PLANNED, frozenset({Role.MUNICIPALITY})),
    "cancel_meeting": Transition(
        "meeting", frozenset({M.PLANNED}), M.CANCELLED, frozenset({Role.MUNICIPALITY})
    ),
    "hold_meeting": Transition(
        "meeting", frozenset({M.PLANNED}), M.HELD, frozenset({Role.MUNICIPALITY})
    ),
    "draft_minutes": Transition(
        "minutes", frozenset({N.NONE, N.DRAFT}), N.DRAFT, frozenset({Role.MUNICIPALITY})
    ),
    "redact_minutes": Transition(
        "minutes", frozenset({N.DRAFT}), N.REDACTED, frozenset({Role.MUNICIPALITY})
    ),
    "publish_minutes": Transition(
        "minutes", frozenset({N.REDACTED}), N.PUBLISHED, frozenset({Role.MUNICIPALITY})
    ),
    "join": Transition("agreement", None, None, frozenset({Role.PROVIDER})),
    "decline": Transition("agreement", None, None, frozenset({Role.PROVIDER})),
}

# ---------------------------------------------------------------------------------------------
# Marked text: competition-sensitive or personal parts never reach a public event.

MARKER = re.compile(
    r"\[\[\s*(vertrouwelijk|confidential|persoonlijk|personal)\s*:(.*?)\]\]", re.I | re.S
)
MARKER_START = re.compile(r"\[\[\s*(vertrouwelijk|confidential|persoonlijk|personal)\s*:", re.I)
REDACTED = {
    "confidential": "[weggelakt: vertrouwelijk]",
    "personal": "[weggelakt: persoonsgegevens]",
}


def split_marked(text: str) -> tuple[str, list[str]] | None:
    """``text`` with every marked part replaced, and the parts; None when a marker is not closed
    (then the text cannot be published safely)."""
    parts: list[str] = []

    def replace(match: re.Match[str]) -> str:
        parts.append(match.group(2).strip())
        kind = match.group(1).lower()
        return REDACTED["personal" if kind in ("persoonlijk", "personal") else "confidential"]

    public = MARKER.sub(replace, text)
    if MARKER_START.search(public):  # an opening marker left over: it was never closed
        return None
    return public, parts


# ---------------------------------------------------------------------------------------------
# The state, derived from events


@dataclass
class TablePeriod:
    valid_from: dt.date
    valid_until: dt.date
    members: tuple[str, ...]
    source: dict[str, Any]


@dataclass
class Version:
    number: int
    kind: str  # "preliminary" or "worked_out"
    text: str
    changelog: str
    on: str


@dataclass
class Proposal:
    id: str
    kind: str  # "proposal" or "signal"
    title: str
    text: str
    author: str
    submitted_on: str
    state: ProposalState = ProposalState.SUBMITTED
    meetings: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    reactions: list[dict[str, str]] = field(default_factory=list)
    deadline: str | None = None  # last day of the reaction period
    agreement: str | None = None
    reason: str | None = None
    closed_on: str | None = None


@dataclass
class Meeting:
    id: str
    date: str
    state: MeetingState = MeetingState.PLANNED
    agenda: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    minutes: MinutesState = MinutesState.NONE
    minutes_text: str | None = None  # the latest text the reader may see


@dataclass
class Agreement:
    id: str
    proposal: str
    title: str
    amends: str | None
    accepted_on: str
    text: str
    joined: dict[str, str] = field(default_factory=dict)  # provider -> date
    declined: dict[str, str] = field(default_factory=dict)


@dataclass
class State:
    """Everything the events a reader may see say, in plain Python values."""

    name: str = ""
    start: str = ""
    reaction_period_days: int = 0
    min_meetings_per_year: int = 0
    municipalities: list[str] = field(default_factory=list)
    providers: dict[str, str] = field(default_factory=dict)  # id -> name
    tables: list[TablePeriod] = field(default_factory=list)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    confidential: dict[str, list[str]] = field(default_factory=dict)  # subject -> parts
    last_date: str = ""
    last_seq: int = 0
    actions: int = 0

    @property
    def initialised(self) -> bool:
        return bool(self.start)

    def members_on(self, day: dt.date) -> tuple[str, ...] | None:
        """The table's members on ``day``; None when no table period covers it."""
        for period in self.tables:
            if period.valid_from <= day <= period.valid_until:
                return period.members
        return None

    def is_municipality(self, actor: str) -> bool:
        """Municipalities act as ``gemeente:NAME``; providers by their id."""
        prefix = MUNICIPALITY_PREFIX
        return actor.startswith(prefix) and actor[len(prefix) :] in self.municipalities

    def roles_of(self, actor: str, day: dt.date) -> set[Role]:
        roles = {Role.PUBLIC}
        if self.is_municipality(actor):
            roles.add(Role.MUNICIPALITY)
        if actor in self.providers:
            roles.add(Role.PROVIDER)
            if actor in (self.members_on(day) or ()):
                roles.add(Role.TABLE_MEMBER)
        return roles

    def to_dict(self) -> dict[str, Any]:
        """A plain, comparable snapshot (the replay tests compare these)."""
        import dataclasses

        def plain(value: Any) -> Any:
            if isinstance(value, enum.Enum):
                return value.value
            if isinstance(value, dt.date):
                return value.isoformat()
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value

        out = plain(self)
        if not isinstance(out, dict):
            raise InternalError("a state did not turn into a JSON object")
        return out


@dataclass(frozen=True)
class Event:
    seq: int
    action: int  # the action (one transaction) that wrote it
    action_events: int  # how many events that action wrote
    on: str  # the date the action took place (ISO)
    recorded_at: str  # when it was written (UTC timestamp)
    actor: str
    kind: str
    subject: str
    visibility: str
    payload: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "on": self.on,
            "recorded_at": self.recorded_at,
            "actor": self.actor,
            "kind": self.kind,
            "subject": self.subject,
            "visibility": self.visibility,
            "payload": self.payload,
        }


def replay(events: list[Event]) -> State:
    state = State()
    for event in events:
        apply(state, event)
    return state


def apply(state: State, event: Event) -> None:
    """Fold one event into ``state`` (in place). Events are facts: nothing is checked here."""
    p = event.payload
    kind = event.kind
    if event.on > state.last_date:
        state.last_date = event.on
    state.last_seq = event.seq
    state.actions = max(state.actions, event.action)
    if kind == "basisovereenkomst":
        state.name = p["name"]
        state.start = p["start"]
        state.reaction_period_days = p["reaction_period_days"]
        state.min_meetings_per_year = p["min_meetings_per_year"]
        state.municipalities = list(p["municipalities"])
        state.providers = dict(p["providers"])
    elif kind == "table_seated":
        state.tables.append(
            TablePeriod(
                dt.date.fromisoformat(p["valid_from"]),
                dt.date.fromisoformat(p["valid_until"]),
                tuple(p["members"]),
                dict(p["source"]),
            )
        )
    elif kind == "proposal_submitted":
        state.proposals[event.subject] = Proposal(
            id=event.subject,
            kind=p["kind"],
            title=p["title"],
            text=p["text"],
            author=event.actor,
            submitted_on=event.on,
        )
    elif kind == "confidential_parts":
        state.confidential.setdefault(event.subject, []).extend(p["parts"])
    elif kind == "proposal_scheduled":
        proposal = state.proposals[event.subject]
        proposal.state = ProposalState.SCHEDULED
        proposal.meetings.append(p["meeting"])
        state.meetings[p["meeting"]].agenda.append(event.subject)
    elif kind in ("preliminary_published", "worked_out_published"):
        proposal = state.proposals[event.subject]
        version_kind = "preliminary" if kind == "preliminary_published" else "worked_out"
        proposal.versions.append(
            Version(p["version"], version_kind, p["text"], p.get("changelog", ""), event.on)
        )
        if version_kind == "preliminary":
            proposal.state = ProposalState.PRELIMINARY
            proposal.deadline = p["deadline"]
        else:
            proposal.state = ProposalState.WORKED_OUT
    elif kind == "reaction_submitted":
        state.proposals[event.subject].reactions.append(
            {"provider": event.actor, "text": p["text"], "on": event.on}
        )
    elif kind == "proposal_accepted":
        proposal = state.proposals[event.subject]
        proposal.state = ProposalState.ACCEPTED
        proposal.agreement = p["agreement"]
        proposal.closed_on = event.on
        state.agreements[p["agreement"]] = Agreement(
            id=p["agreement"],
            proposal=event.subject,
            title=proposal.title,
            amends=p.get("amends"),
            accepted_on=event.on,
            text=proposal.versions[-1].text if proposal.versions else proposal.text,
        )
    elif kind == "proposal_rejected":
        proposal = state.proposals[event.subject]
        proposal.state = ProposalState.REJECTED
        proposal.reason = p["reason"]
        proposal.closed_on = event.on
    elif kind == "proposal_withdrawn":
        proposal = state.proposals[event.subject]
        proposal.state = ProposalState.WITHDRAWN
        proposal.closed_on = event.on
    elif kind == "meeting_planned":
        state.meetings[event.subject] = Meeting(id=event.subject, date=p["date"])
    elif kind == "meeting_cancelled":
        state.meetings[event.subject].state = MeetingState.CANCELLED
    elif kind == "meeting_held":
        meeting = state.meetings[event.subject]
        meeting.state = MeetingState.HELD
        meeting.present = list(p["present"])
    elif kind in ("minutes_drafted", "minutes_redacted", "minutes_published"):
        meeting = state.meetings[event.subject]
        meeting.minutes = {
            "minutes_drafted": MinutesState.DRAFT,
            "minutes_redacted": MinutesState.REDACTED,
            "minutes_published": MinutesState.PUBLISHED,
        }[kind]
        meeting.minutes_text = p["text"]
    elif kind == "agreement_joined":
        state.agreements[event.subject].joined[event.actor] = event.on
    elif kind == "agreement_declined":
        state.agreements[event.subject].declined[event.actor] = event.on
    else:  # an event kind this version does not know: refuse to guess what it means
        raise WorkflowError(Problem("wf_unknown_event", {"kind": kind, "seq": event.seq}))
