"""Status and the public export: both are views of a replay of the events a reader may see."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tafelselectie.workflow.domain import (
    FINAL_STATES,
    MeetingState,
    ProposalState,
    State,
    Visibility,
)
from tafelselectie.workflow.service import Workflow


def status(workflow: Workflow, on: dt.date | None = None) -> dict[str, Any]:
    """Open proposals (state, deadline), this year's meetings against the minimum, the table
    on ``on`` (default today) and the agreements with their opt-ins."""
    day = on or dt.date.today()
    return status_of(workflow.state, day)


def status_of(state: State, day: dt.date) -> dict[str, Any]:
    year = str(day.year)
    held = [
        m.id
        for m in state.meetings.values()
        if m.state is MeetingState.HELD and m.date.startswith(year)
    ]
    planned = [
        m.id
        for m in state.meetings.values()
        if m.state is MeetingState.PLANNED and m.date.startswith(year) and m.date >= day.isoformat()
    ]
    proposals = []
    for p in state.proposals.values():
        if p.state in FINAL_STATES:
            continue
        entry: dict[str, Any] = {
            "id": p.id,
            "title": p.title,
            "kind": p.kind,
            "state": p.state.value,
            "author": p.author,
            "version": len(p.versions),
            "meetings": list(p.meetings),
        }
        if p.state is ProposalState.PRELIMINARY and p.deadline is not None:
            entry["reaction_deadline"] = p.deadline
            entry["reaction_open"] = day.isoformat() <= p.deadline
            entry["reactions"] = len(p.reactions)
        proposals.append(entry)
    members = state.members_on(day)
    minimum = state.min_meetings_per_year
    return {
        "agreement": state.name,
        "on": day.isoformat(),
        "table": {"members": list(members) if members is not None else None},
        "open_proposals": proposals,
        "meetings": {
            "year": day.year,
            "held": len(held),
            "minimum": minimum,
            "planned_rest_of_year": len(planned),
            "short_by": max(0, minimum - len(held)),
            "can_still_meet_minimum": len(held) + len(planned) >= minimum,
        },
        "agreements": [
            {
                "id": a.id,
                "title": a.title,
                "amends": a.amends,
                "accepted_on": a.accepted_on,
                "joined": sorted(a.joined),
                "declined": sorted(a.declined),
            }
            for a in state.agreements.values()
        ],
    }


def export_public(workflow: Workflow, directory: str | Path, lang: str = "nl") -> list[Path]:
    """Everything public, as ``public.json`` and ``index.html`` in ``directory``.

    Both are made from the replay of the public events only, so what is not public cannot be in
    them: drafts and redacted minutes, marked parts, anything with another visibility. The page
    is in ``lang`` (Dutch by default) with provider names beside ids; the JSON keeps the stable
    codes (states, event kinds) for tools.
    """
    from tafelselectie.texts.templating import environment

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    events = workflow.events(Visibility.PUBLIC)
    state = workflow.view(Visibility.PUBLIC)
    document = public_document(state, [e.to_dict() for e in events])
    json_path = out / "public.json"
    json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    template = environment("tafelselectie.workflow").get_template("public.html.j2")
    html = template.render(d=document, lang=lang, **page_words(state, lang))
    html_path = out / "index.html"
    html_path.write_text(html, encoding="utf-8")
    return [json_path, html_path]


def page_words(state: State, lang: str) -> dict[str, Any]:
    """What a page in ``lang`` needs to show codes and ids as people read them: ``t`` (the page's
    words), ``word`` (a state, kind or event in words), ``name`` (an id with its name) and
    ``names`` (several, joined)."""
    from tafelselectie.texts.messages import catalogue, text

    table = catalogue()

    def t(key: str, **params: object) -> str:
        return text(f"wf_page.{key}", lang, **params)

    def word(group: str, code: str) -> str:
        return text(f"{group}.{code}", lang) if f"{group}.{code}" in table else code

    def name(actor: str) -> str:
        return display_name(state, actor)

    def names(actors: Any) -> str:
        return ", ".join(name(a) for a in actors)

    return {"t": t, "word": word, "name": name, "names": names}


def display_name(state: State, actor: str) -> str:
    """A provider id with its name from the basisovereenkomst ("P012 (Zorg Noord)"); other
    actors (municipalities, the public) as they are."""
    name = state.providers.get(actor)
    return f"{actor} ({name})" if name and name != actor else actor


def public_document(state: State, events: list[dict[str, Any]]) -> dict[str, Any]:
    snapshot = state.to_dict()
    return {
        "format": "tafelselectie-workflow-public",
        "format_version": 1,
        "basisovereenkomst": {
            "name": state.name,
            "start": state.start,
            "reaction_period_days": state.reaction_period_days,
            "min_meetings_per_year": state.min_meetings_per_year,
            "municipalities": state.municipalities,
        },
        "tables": snapshot["tables"],
        "proposals": list(snapshot["proposals"].values()),
        "meetings": list(snapshot["meetings"].values()),
        "agreements": list(snapshot["agreements"].values()),
        "events": events,
    }
