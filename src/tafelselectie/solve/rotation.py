"""Rotation over the years: previous tables as history, and the policies of ``[rotation]``.

History is a list of earlier tables (selection JSON files: ``selected`` and ``peildatum``).
With history, the criteria's rotation policies become requirements of this year's table:

* ``max_consecutive_terms = N``: a provider that sat at each of the last N tables is *blocked*
  (may not sit now). It stays in the pool and keeps the cells as they are: blocking a provider is
  a rule about the table, unlike ``exclude``, which removes it before cells are formed.
* ``min_continuity = K``: at least K members of the latest table (those still eligible) stay.
* ``fairness = true``: providers that sat less often come first in the tie-break order (ties
  keep the criteria's own order); the lottery maximises, leximin, the cumulative number of
  seats (past seats plus this year's probability).

Without history the policies have no effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tafelselectie.criteria import Rotation
from tafelselectie.errors import HistoryError, Problem
from tafelselectie.io.files import read_json_digest
from tafelselectie.solve.problem import CoverageProblem


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier table."""

    label: str  # the peildatum as text, or the source when there is none
    peildatum: dt.date | None
    selected: tuple[str, ...]
    source: str = "<history>"
    sha256: str | None = None  # of the file's bytes as read (the input hash of reports)


def read_history(paths: Iterable[str | Path]) -> tuple[HistoryEntry, ...]:
    """Earlier tables from selection JSON files, oldest first (by peildatum).

    Raises :class:`HistoryError` naming the file and key for a missing file, bad JSON, a missing
    ``selected`` list or ``peildatum``, or two files with the same peildatum.
    """
    entries: list[HistoryEntry] = []
    problems: list[Problem] = []
    for path in paths:
        name = str(path)
        data, problem, digest = read_json_digest(path)
        if problem is not None:
            problems.append(problem)
            continue
        entry = _entry(data, name, problems)
        if entry is not None:
            entries.append(replace(entry, sha256=digest))
    seen: dict[dt.date, str] = {}
    for entry in entries:
        if entry.peildatum is None:
            continue
        if entry.peildatum in seen:
            problems.append(
                Problem(
                    "history_same_date",
                    {"date": entry.peildatum.isoformat(), "other": seen[entry.peildatum]},
                    source=entry.source,
                    key="peildatum",
                )
            )
        seen[entry.peildatum] = entry.source
    if problems:
        raise HistoryError(problems)
    return tuple(sorted(entries, key=lambda e: (e.peildatum or dt.date.min, e.source)))


def _entry(data: Any, name: str, problems: list[Problem]) -> HistoryEntry | None:
    from tafelselectie.io.schemas import validate
    from tafelselectie.solve.history_schema import CODES, HistoryFile

    if not isinstance(data, dict):
        problems.append(Problem("history_key", {"expected": "a JSON object"}, source=name))
        return None
    checked, found = validate(HistoryFile, data, name, CODES)
    problems += found
    if checked is None:
        return None
    peildatum = checked.peildatum
    return HistoryEntry(peildatum.isoformat(), peildatum, tuple(checked.selected), name)


def apply_history(
    problem: CoverageProblem,
    history: Sequence[HistoryEntry],
    rotation: Rotation | None = None,
) -> CoverageProblem:
    """``problem`` with the rotation policies (default: the criteria's) applied to ``history``.

    History entries must be older than the problem's peildatum (a :class:`HistoryError`
    otherwise). Ids in history that are no longer eligible are ignored.
    """
    rotation = rotation if rotation is not None else problem.provenance.rotation
    entries = sorted(history, key=lambda e: (e.peildatum or dt.date.min, e.source))
    if problem.peildatum is not None:
        late = [
            Problem(
                "history_not_before",
                {"date": e.peildatum.isoformat(), "current": problem.peildatum.isoformat()},
                source=e.source,
                key="peildatum",
            )
            for e in entries
            if e.peildatum is not None and e.peildatum >= problem.peildatum
        ]
        if late:
            raise HistoryError(late)
    index = {identifier: i for i, identifier in enumerate(problem.ids)}
    n = problem.n_providers
    past = [0] * n
    streak = [0] * n
    for entry in entries:
        present = {index[s] for s in entry.selected if s in index}
        for i in range(n):
            past[i] += i in present
            streak[i] = streak[i] + 1 if i in present else 0
    blocked: tuple[int, ...] = ()
    if rotation.max_consecutive_terms is not None and entries:
        blocked = tuple(i for i in range(n) if streak[i] >= rotation.max_consecutive_terms)
    keep: tuple[int, ...] = ()
    keep_min = 0
    if rotation.min_continuity > 0 and entries:
        keep = tuple(sorted({index[s] for s in entries[-1].selected if s in index}))
        keep_min = rotation.min_continuity
    priority = problem.priority
    if rotation.fairness and entries:
        position = {p: k for k, p in enumerate(priority)}
        priority = tuple(sorted(priority, key=lambda i: (past[i], position[i])))
    return replace(
        problem,
        blocked=blocked,
        blocked_terms=rotation.max_consecutive_terms or 0,
        keep=keep,
        keep_min=keep_min,
        past_seats=tuple(past),
        history=tuple(e.label for e in entries),
        history_sha256=tuple((e.source, e.sha256) for e in entries),
        priority=priority,
        fairness=rotation.fairness and bool(entries),
    )
