"""Random sequences of actions by random actors (Hypothesis rule-based state machine).

A reference model, written here independently of the package, says for every attempt whether the
basisovereenkomst allows it. Checked after every step:

* an action succeeds exactly when the reference model allows it (so no forbidden transition ever
  succeeds), and a refused action leaves the stored events untouched;
* replaying the event log gives the state the service holds, also from a fresh connection;
* the public export contains none of the unique secrets planted in marked parts of the texts.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tafelselectie.workflow import Workflow, WorkflowError
from tafelselectie.workflow.domain import replay
from tafelselectie.workflow.publish import export_public
from tests.workflow_helpers import (
    FIRST_HALF,
    MUNICIPALITIES,
    PROVIDERS,
    REACTION_DAYS,
    SECOND_HALF,
    raw_rows,
    seated_workflow,
)

ACTORS = [f"gemeente:{m}" for m in MUNICIPALITIES] + PROVIDERS + ["publiek", "P99"]
OPEN = {"submitted", "scheduled", "preliminary", "worked_out"}
START = dt.date(2026, 1, 1)
_counter = itertools.count()


@dataclass
class RefProposal:
    author: str
    state: str = "submitted"
    meetings: list[str] = field(default_factory=list)
    deadline: dt.date | None = None


@dataclass
class RefMeeting:
    date: dt.date
    state: str = "planned"
    minutes: str = "none"
    agenda: list[str] = field(default_factory=list)


class Reference:
    """The rules of the process, restated without the package's code."""

    def __init__(self) -> None:
        self.proposals: dict[str, RefProposal] = {}
        self.meetings: dict[str, RefMeeting] = {}
        self.decided: dict[str, set[str]] = {}
        self.last = START

    @staticmethod
    def members(day: dt.date) -> list[str]:
        for start, end, members in (FIRST_HALF, SECOND_HALF):
            if start <= day <= end:
                return members
        return []

    def roles(self, actor: str, day: dt.date) -> set[str]:
        roles = {"public"}
        if actor.startswith("gemeente:"):
            roles.add("municipality")
        if actor in PROVIDERS:
            roles.add("provider")
            if actor in self.members(day):
                roles.add("member")
        return roles

    def allowed(self, action: str, actor: str, day: dt.date, **a: Any) -> bool:
        if actor not in ACTORS[:-1] or day < self.last:
            return False
        roles = self.roles(actor, day)
        muni = "municipality" in roles
        p = self.proposals.get(a.get("proposal", ""))
        m = self.meetings.get(a.get("meeting", ""))
        if action == "submit":
            return muni or "provider" in roles
        if action == "plan":
            return muni and a["date"] >= day and bool(self.members(a["date"]))
        if action == "cancel":
            return m is not None and muni and m.state == "planned"
        if action == "schedule":
            return (
                p is not None
                and m is not None
                and muni
                and p.state in ("submitted", "scheduled")
                and m.state == "planned"
                and m.date >= day
                and a["proposal"] not in m.agenda
            )
        if action == "hold":
            return (
                m is not None
                and muni
                and m.state == "planned"
                and day == m.date
                and all(x.startswith("gemeente:") or x in self.members(day) for x in a["present"])
            )
        if action == "preliminary":
            return (
                p is not None
                and (muni or "member" in roles)
                and p.state == "scheduled"
                and any(
                    self.meetings[x].state == "held" and self.meetings[x].date <= day
                    for x in p.meetings
                )
            )
        if action == "react":
            return (
                p is not None
                and "provider" in roles
                and p.state == "preliminary"
                and p.deadline is not None
                and day <= p.deadline
            )
        if action == "work_out":
            return (
                p is not None
                and (muni or "member" in roles)
                and (
                    p.state == "worked_out"
                    or (p.state == "preliminary" and p.deadline is not None and day > p.deadline)
                )
            )
        if action in ("accept", "reject"):
            return p is not None and muni and p.state == "worked_out"
        if action == "withdraw":
            return p is not None and actor == p.author and p.state in OPEN
        if action == "draft":
            return m is not None and muni and m.state == "held" and m.minutes in ("none", "draft")
        if action == "redact":
            return m is not None and muni and m.minutes == "draft"
        if action == "publish":
            return m is not None and muni and m.minutes == "redacted"
        if action in ("join", "decline"):
            decided = self.decided.get(a["agreement"])
            return (
                decided is not None
                and "provider" in roles
                and a["provider"] == actor
                and actor not in decided
            )
        raise AssertionError(action)

    def done(self, action: str, actor: str, day: dt.date, made: str, **a: Any) -> None:
        self.last = day
        p = self.proposals.get(a.get("proposal", ""))
        m = self.meetings.get(a.get("meeting", ""))
        if action == "submit":
            self.proposals[made] = RefProposal(actor)
        elif action == "plan":
            self.meetings[made] = RefMeeting(a["date"])
        elif action == "cancel" and m:
            m.state = "cancelled"
        elif action == "schedule" and p and m:
            p.state = "scheduled"
            p.meetings.append(a["meeting"])
            m.agenda.append(a["proposal"])
        elif action == "hold" and m:
            m.state = "held"
        elif action == "preliminary" and p:
            p.state = "preliminary"
            p.deadline = day + dt.timedelta(days=REACTION_DAYS)
        elif action == "work_out" and p:
            p.state = "worked_out"
        elif action == "accept" and p:
            p.state = "accepted"
            self.decided[made] = set()
        elif action == "reject" and p:
            p.state = "rejected"
        elif action == "withdraw" and p:
            p.state = "withdrawn"
        elif action == "draft" and m:
            m.minutes = "draft"
        elif action == "redact" and m:
            m.minutes = "redacted"
        elif action == "publish" and m:
            m.minutes = "published"
        elif action in ("join", "decline"):
            self.decided[a["agreement"]].add(actor)


def secret_text(secrets: list[str], words: str) -> str:
    """A text with a planted secret in a marked part (sometimes two, sometimes none)."""
    number = next(_counter)
    parts = [words]
    for kind in ("vertrouwelijk", "persoonlijk")[: number % 3]:
        secret = f"GEHEIM{number:05d}{kind[:3].upper()}"
        secrets.append(secret)
        parts.append(f"[[{kind}: {secret}]]")
    return " ".join(parts)


actors = st.sampled_from(ACTORS)
steps = st.integers(min_value=-3, max_value=25)  # days the action's date moves (may go back)
picks = st.integers(min_value=0, max_value=50)


class ProcessMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="tafel-"))
        self.wf = seated_workflow(self.directory)
        self.ref = Reference()
        self.secrets: list[str] = []
        self.day = START

    @initialize()
    def a_process_under_way(self) -> None:
        """Start every run with proposals in every state, so that random actions meet them at
        once: V-1 accepted (DO-1), V-2 worked out, V-3 in its reaction period, V-4 discussed,
        O-1 held with draft minutes, O-2 planned. Each step is checked like any other."""
        municipality, member = "gemeente:Aalwijk", "P01"

        def on(month: int, day: int, action: str, actor: str, call: Any, **a: Any) -> None:
            step = (dt.date(2026, month, day) - self.day).days
            self.attempt(action, actor, step, call, **a)

        for author in ("P07", "P08", municipality, "P06"):
            on(1, 2, "submit", author, lambda d, who=author: self.wf.submit(who, "T", "x", on=d))
        meeting_date = dt.date(2026, 1, 10)
        on(
            1,
            2,
            "plan",
            municipality,
            lambda d: self.wf.plan_meeting(municipality, meeting_date, on=d),
            date=meeting_date,
        )
        for v in ("V-1", "V-2", "V-3", "V-4"):
            on(
                1,
                2,
                "schedule",
                municipality,
                lambda d, v=v: self.wf.schedule(municipality, v, "O-1", on=d),
                proposal=v,
                meeting="O-1",
            )
        on(
            1,
            10,
            "hold",
            municipality,
            lambda d: self.wf.hold_meeting(municipality, "O-1", [member], on=d),
            meeting="O-1",
            present=[member],
        )
        for v in ("V-1", "V-2"):
            on(
                1,
                11,
                "preliminary",
                member,
                lambda d, v=v: self.wf.publish_preliminary(member, v, "Voorlopig", on=d),
                proposal=v,
            )
        on(
            1,
            12,
            "react",
            "P08",
            lambda d: self.wf.react("P08", "V-1", "Reactie", on=d),
            proposal="V-1",
        )
        on(
            1,
            20,
            "preliminary",
            member,
            lambda d: self.wf.publish_preliminary(member, "V-3", "Voorlopig", on=d),
            proposal="V-3",
        )
        for v in ("V-1", "V-2"):
            on(
                1,
                26,
                "work_out",
                municipality,
                lambda d, v=v: self.wf.work_out(municipality, v, "Uit", "log", on=d),
                proposal=v,
            )
        on(
            1,
            27,
            "accept",
            municipality,
            lambda d: self.wf.accept(municipality, "V-1", on=d),
            proposal="V-1",
        )
        on(
            1,
            27,
            "draft",
            municipality,
            lambda d: self.wf.draft_minutes(municipality, "O-1", "Verslag", on=d),
            meeting="O-1",
        )
        second = dt.date(2026, 2, 15)
        on(
            1,
            27,
            "plan",
            municipality,
            lambda d: self.wf.plan_meeting(municipality, second, on=d),
            date=second,
        )
        assert self.ref.proposals["V-2"].state == "worked_out" and "DO-1" in self.ref.decided

    def teardown(self) -> None:
        self.wf.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _pick(self, kind: str, n: int) -> str:
        """An existing id most of the time, sometimes one that does not exist."""
        existing = {
            "proposal": sorted(self.ref.proposals),
            "meeting": sorted(self.ref.meetings),
            "agreement": sorted(self.ref.decided),
        }[kind]
        prefix = {"proposal": "V", "meeting": "O", "agreement": "DO"}[kind]
        if not existing or n % 7 == 0:
            return f"{prefix}-{90 + n}"
        return existing[n % len(existing)]

    def attempt(self, action: str, actor: str, step: int, call: Any, **a: Any) -> None:
        day = self.day + dt.timedelta(days=step)
        if action == "hold":
            meeting = self.ref.meetings.get(a["meeting"])
            day = meeting.date if meeting and step % 4 else day
        expected = self.ref.allowed(action, actor, day, **a)
        before = raw_rows(self.directory / "tafel.db")
        try:
            made = call(day)
        except WorkflowError:
            assert not expected, f"{action} by {actor} on {day} with {a} was refused"
            assert raw_rows(self.directory / "tafel.db") == before
            return
        assert expected, f"{action} by {actor} on {day} with {a} succeeded but is not allowed"
        self.ref.done(action, actor, day, made, **a)
        self.day = max(self.day, day)

    @rule(actor=actors, step=steps)
    def submit(self, actor: str, step: int) -> None:
        title, text = secret_text(self.secrets, "Titel"), secret_text(self.secrets, "Voorstel")
        self.attempt("submit", actor, step, lambda d: self.wf.submit(actor, title, text, on=d))

    @rule(actor=actors, step=steps, ahead=st.integers(min_value=-2, max_value=40))
    def plan(self, actor: str, step: int, ahead: int) -> None:
        date = self.day + dt.timedelta(days=step + ahead)
        self.attempt(
            "plan", actor, step, lambda d: self.wf.plan_meeting(actor, date, on=d), date=date
        )

    @rule(actor=actors, step=steps, n=picks)
    def cancel(self, actor: str, step: int, n: int) -> None:
        meeting = self._pick("meeting", n)
        self.attempt(
            "cancel",
            actor,
            step,
            lambda d: self.wf.cancel_meeting(actor, meeting, on=d),
            meeting=meeting,
        )

    @rule(actor=actors, step=steps, n=picks, k=picks)
    def schedule(self, actor: str, step: int, n: int, k: int) -> None:
        proposal, meeting = self._pick("proposal", n), self._pick("meeting", k)
        self.attempt(
            "schedule",
            actor,
            step,
            lambda d: self.wf.schedule(actor, proposal, meeting, on=d),
            proposal=proposal,
            meeting=meeting,
        )

    @rule(actor=actors, step=steps, n=picks, present=st.lists(actors, max_size=3))
    def hold(self, actor: str, step: int, n: int, present: list[str]) -> None:
        self._hold(actor, step, self._pick("meeting", n), present)

    def _hold(self, actor: str, step: int, meeting: str, present: list[str]) -> None:
        self.attempt(
            "hold",
            actor,
            step,
            lambda d: self.wf.hold_meeting(actor, meeting, present, on=d),
            meeting=meeting,
            present=present,
        )

    @rule(
        action=st.sampled_from(
            ["preliminary", "react", "work_out", "reject", "accept", "withdraw"]
        ),
        actor=actors,
        step=steps,
        n=picks,
    )
    def proposal_action(self, action: str, actor: str, step: int, n: int) -> None:
        self._proposal_action(action, actor, step, self._pick("proposal", n))

    def _proposal_action(self, action: str, actor: str, step: int, proposal: str) -> None:
        text = secret_text(self.secrets, "Tekst")
        calls = {
            "preliminary": lambda d: self.wf.publish_preliminary(actor, proposal, text, on=d),
            "react": lambda d: self.wf.react(actor, proposal, text, on=d),
            "work_out": lambda d: self.wf.work_out(
                actor, proposal, text, secret_text(self.secrets, "Wijzigingen"), on=d
            ),
            "reject": lambda d: self.wf.reject(actor, proposal, text, on=d),
            "accept": lambda d: self.wf.accept(actor, proposal, on=d),
            "withdraw": lambda d: self.wf.withdraw(actor, proposal, on=d),
        }
        self.attempt(action, actor, step, calls[action], proposal=proposal)

    @rule(action=st.sampled_from(["draft", "redact", "publish"]), actor=actors, step=steps, n=picks)
    def minutes(self, action: str, actor: str, step: int, n: int) -> None:
        self._minutes(action, actor, step, self._pick("meeting", n))

    def _minutes(self, action: str, actor: str, step: int, meeting: str) -> None:
        text = secret_text(self.secrets, "Verslag")
        calls = {
            "draft": lambda d: self.wf.draft_minutes(actor, meeting, text, on=d),
            "redact": lambda d: self.wf.redact_minutes(actor, meeting, on=d),
            "publish": lambda d: self.wf.publish_minutes(actor, meeting, on=d),
        }
        self.attempt(action, actor, step, calls[action], meeting=meeting)

    @rule(
        action=st.sampled_from(["join", "decline"]),
        actor=actors,
        step=steps,
        n=picks,
        other=st.sampled_from([None, *PROVIDERS]),
    )
    def opt_in(self, action: str, actor: str, step: int, n: int, other: str | None) -> None:
        self._opt_in(action, actor, step, self._pick("agreement", n), other)

    def _opt_in(
        self, action: str, actor: str, step: int, agreement: str, other: str | None
    ) -> None:
        provider = other or actor
        method = self.wf.join if action == "join" else self.wf.decline
        self.attempt(
            action,
            actor,
            step,
            lambda d: method(actor, agreement, provider=provider, on=d),
            agreement=agreement,
            provider=provider,
        )

    # Random actors rarely get a proposal far: these rules take the next step of the process with
    # an actor and a date that should work (the reference model still decides what is allowed).

    @rule(n=picks, k=picks, stranger=actors, swap=st.integers(min_value=0, max_value=2))
    def advance_proposal(self, n: int, k: int, stranger: str, swap: int) -> None:
        municipality = f"gemeente:{MUNICIPALITIES[k % 2]}"

        def who(legal: str) -> str:
            """The actor the process needs, or (a third of the time) anyone: role checks are
            then tested in exactly the states where the action could otherwise succeed."""
            return stranger if swap == 0 else legal

        if not self.ref.proposals or k % 5 == 0:
            self.submit(PROVIDERS[k % len(PROVIDERS)] if k % 2 else municipality, 0)
            return
        order = ["accepted", "worked_out", "preliminary", "scheduled", "submitted"]
        going = sorted(
            (p for p in self.ref.proposals if self.ref.proposals[p].state in order),
            key=lambda p: order.index(self.ref.proposals[p].state),
        )
        # Half of the time the furthest proposal goes on, so some reach the end of the process.
        proposal = going[0] if going and n % 2 else self._pick("proposal", n)
        item = self.ref.proposals.get(proposal)
        if item is None:
            return
        if k % 11 == 0 and item.state in OPEN:
            self._proposal_action("withdraw", who(item.author), 0, proposal)
        elif item.state == "submitted":
            future = [
                (m, x)
                for m, x in self.ref.meetings.items()
                if x.state == "planned" and x.date >= self.day
            ]
            if not future:
                self.plan(municipality, 0, 3 + k % 10)
                return
            meeting = future[k % len(future)][0]
            actor = who(municipality)
            self.attempt(
                "schedule",
                actor,
                0,
                lambda d: self.wf.schedule(actor, proposal, meeting, on=d),
                proposal=proposal,
                meeting=meeting,
            )
        elif item.state == "scheduled":
            meeting = item.meetings[-1]
            if self.ref.meetings[meeting].state == "planned":
                members = self.ref.members(self.ref.meetings[meeting].date)
                self._hold(who(municipality), 1, meeting, members[:2])
            else:
                members = self.ref.members(self.day) or [municipality]
                actor = who(members[k % len(members)])
                self.attempt(
                    "preliminary",
                    actor,
                    0,
                    lambda d: self.wf.publish_preliminary(actor, proposal, f"Voorlopig {k}", on=d),
                    proposal=proposal,
                )
        elif item.state == "preliminary" and item.deadline is not None:
            if k % 3 and self.day <= item.deadline:
                self._proposal_action("react", who(PROVIDERS[k % len(PROVIDERS)]), 0, proposal)
            else:
                step = max(0, (item.deadline - self.day).days + 1)
                actor = who(municipality)
                self.attempt(
                    "work_out",
                    actor,
                    step,
                    lambda d: self.wf.work_out(actor, proposal, "Uitgewerkt", "log", on=d),
                    proposal=proposal,
                )
        elif item.state == "worked_out":
            action = "accept" if k % 4 else "reject"
            self._proposal_action(action, who(municipality), 0, proposal)
        elif item.state == "accepted":
            agreement = sorted(self.ref.decided)[k % len(self.ref.decided)]
            self._opt_in(
                "join" if k % 3 else "decline",
                who(PROVIDERS[k % len(PROVIDERS)]),
                0,
                agreement,
                None,
            )

    @rule(n=picks, k=picks, stranger=actors, swap=st.integers(min_value=0, max_value=2))
    def advance_proposal_again(self, n: int, k: int, stranger: str, swap: int) -> None:
        self.advance_proposal(n, k, stranger, swap)

    @rule(n=picks, k=picks, stranger=actors, swap=st.integers(min_value=0, max_value=2))
    def advance_minutes(self, n: int, k: int, stranger: str, swap: int) -> None:
        held = sorted(m for m, x in self.ref.meetings.items() if x.state == "held")
        if not held:
            return
        meeting = held[n % len(held)]
        stage = self.ref.meetings[meeting].minutes
        action = {"none": "draft", "draft": "redact", "redacted": "publish"}.get(stage)
        if action is not None:
            actor = stranger if swap == 0 else f"gemeente:{MUNICIPALITIES[k % 2]}"
            self._minutes(action, actor, 0, meeting)

    @rule(
        action=st.sampled_from(
            [
                "schedule",
                "hold",
                "preliminary",
                "react",
                "work_out",
                "accept",
                "reject",
                "withdraw",
                "draft",
                "redact",
                "publish",
                "join",
                "decline",
                "cancel",
            ]
        ),
        n=picks,
        k=picks,
    )
    def probe_every_actor(self, action: str, n: int, k: int) -> None:
        """The same action on the same subject, tried by every actor in turn (municipalities
        last): the role check is tested in the state where the action could succeed."""
        proposal, meeting = self._pick("proposal", n), self._pick("meeting", k)
        agreement = self._pick("agreement", n)
        for actor in ["publiek", "P99", *PROVIDERS, *(f"gemeente:{m}" for m in MUNICIPALITIES)]:
            if action in ("schedule", "hold", "cancel"):
                if action == "schedule":
                    self.attempt(
                        action,
                        actor,
                        0,
                        lambda d, a=actor: self.wf.schedule(a, proposal, meeting, on=d),
                        proposal=proposal,
                        meeting=meeting,
                    )
                elif action == "hold":
                    self._hold(actor, 1, meeting, [])
                else:
                    self.attempt(
                        action,
                        actor,
                        0,
                        lambda d, a=actor: self.wf.cancel_meeting(a, meeting, on=d),
                        meeting=meeting,
                    )
            elif action in ("draft", "redact", "publish"):
                self._minutes(action, actor, 0, meeting)
            elif action in ("join", "decline"):
                self._opt_in(action, actor, 0, agreement, None)
            else:
                self._proposal_action(action, actor, 0, proposal)

    @rule(n=picks, k=picks, stranger=actors)
    def probe_the_next_step(self, n: int, k: int, stranger: str) -> None:
        """Every action on one proposal, each tried by a random actor, a table member, the
        author and a municipality, in the state the proposal is in: both the role checks and
        the state checks meet the states where they decide."""
        going = sorted(p for p, x in self.ref.proposals.items() if x.state in OPEN)
        proposal = going[n % len(going)] if going and k % 2 else self._pick("proposal", n)
        item = self.ref.proposals.get(proposal)
        if item is None:
            return
        every = ["schedule", "preliminary", "react", "work_out", "accept", "reject", "withdraw"]
        every = every[k % len(every) :] + every[: k % len(every)]
        municipality = f"gemeente:{MUNICIPALITIES[k % 2]}"
        for action in every:
            member = (self.ref.members(self.day) or ["P01"])[
                k % 3 if self.ref.members(self.day) else 0
            ]
            for actor in (stranger, member, item.author, municipality):
                step = 0
                if action == "work_out" and item.deadline is not None and self.day <= item.deadline:
                    step = (item.deadline - self.day).days + 1  # the reaction period is over
                if action != "schedule":
                    self._proposal_action(action, actor, step, proposal)
                    continue
                planned = sorted(
                    m
                    for m, x in self.ref.meetings.items()
                    if x.state == "planned" and x.date >= self.day and proposal not in x.agenda
                )
                if not planned:
                    self.plan(municipality, 0, 1 + k % 20)
                    continue
                self.attempt(
                    action,
                    actor,
                    0,
                    lambda d, a=actor, m=planned[0]: self.wf.schedule(a, proposal, m, on=d),
                    proposal=proposal,
                    meeting=planned[0],
                )

    @invariant()
    def replay_gives_the_same_state(self) -> None:
        state = self.wf.state.to_dict()
        assert replay(self.wf.events()).to_dict() == state
        assert self.wf.store.incomplete_actions() == []

    @invariant()
    def public_export_has_no_secret(self) -> None:
        if not self.secrets:
            return
        files = export_public(self.wf, self.directory / "public")
        exported = "".join(path.read_text(encoding="utf-8") for path in files)
        table_view = str(self.wf.view("table").to_dict())
        for secret in self.secrets:
            assert secret not in exported
            assert secret not in table_view

    def check_fresh_connection(self) -> None:
        with Workflow.open(self.directory / "tafel.db") as again:
            assert again.state.to_dict() == self.wf.state.to_dict()

    @rule()
    def reopen(self) -> None:
        self.check_fresh_connection()


# Derandomised like the default profile (the same 40 processes every run), so the suite cannot
# fail by chance; HYPOTHESIS_PROFILE=thorough explores fresh ones.
ProcessMachine.TestCase.settings = settings(
    settings.default, max_examples=40, stateful_step_count=40, deadline=None
)
TestProcess = pytest.mark.slow(ProcessMachine.TestCase)
