"""The core of the agreement process: the event log, the state replayed from it, the common path
of every action (check, build events, write them in one transaction) and the first two actions
(record the basisovereenkomst, seat the table)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

from tafelselectie.errors import ForbiddenError, Problem, WorkflowError
from tafelselectie.workflow.agreement import BasisAgreement
from tafelselectie.workflow.domain import (
    TRANSITIONS,
    Event,
    Role,
    State,
    Visibility,
    apply,
    replay,
    visible_to,
)
from tafelselectie.workflow.rules import (
    SYSTEM_ACTOR,
    Build,
    both_languages,
    check_day,
    read_selection,
)
from tafelselectie.workflow.store import EventStore, NewEvent


class Process:
    """The event log and state of one region's process; :class:`~tafelselectie.workflow.service.
    Workflow` adds the actions on meetings, proposals and agreements."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._state = State()
        self._refresh()

    @classmethod
    def open(cls, path: str | Path) -> Self:
        store = EventStore.open(path)
        try:
            return cls(store)
        except BaseException:  # a log that cannot be replayed: do not leave it open
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
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
        data, source = read_selection(selection)

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
                check_day(state, actor, day)
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
            "en": " or ".join(both_languages(f"wf_role.{r.value}")["en"] for r in allowed),
            "nl": " of ".join(both_languages(f"wf_role.{r.value}")["nl"] for r in allowed),
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
                    {
                        "actor": actor,
                        "action": both_languages(f"wf_action.{action}"),
                        "allowed": words,
                    },
                )
            ]
        )
