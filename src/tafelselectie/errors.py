"""One exception tree for the whole package.

Library functions raise these; only the command line turns them into messages and exit codes.
Every input problem is a :class:`Problem` that names where it is (file, row, column, key) and
renders itself in English (the API language) or Dutch (the default for people).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tafelselectie.messages import render_message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, or one reason a table cannot exist.

    ``code`` selects the message template in :mod:`tafelselectie.messages`; ``params`` fill it.
    ``source`` is a file name (or ``<DataFrame>``/``<dict>``), ``row`` the 1-based row as a
    spreadsheet shows it (the header is row 1), ``column`` a pool column, ``key`` a criteria key.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None

    def render(self, lang: str = "en") -> str:
        return render_message(self, lang)

    def __str__(self) -> str:
        return self.render("en")


class TafelselectieError(Exception):
    """Base of every error raised by tafelselectie."""


class InputError(TafelselectieError):
    """Bad input: one or more :class:`Problem` items, each naming where it is."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__("\n".join(p.render("en") for p in self.problems))

    def render(self, lang: str = "en") -> list[str]:
        return [p.render(lang) for p in self.problems]


class PoolError(InputError):
    """The pool file or DataFrame cannot be read or is inconsistent."""


class CriteriaError(InputError):
    """The criteria file or dict is invalid, or does not fit the pool."""


class InfeasibleError(TafelselectieError):
    """No table meets every requirement. ``diagnosis`` says which requirements conflict;
    ``suggestions`` (:class:`tafelselectie.diagnose.Suggestion`) together make it feasible."""

    def __init__(self, diagnosis: Iterable[Problem], suggestions: Iterable[Any] = ()) -> None:
        self.diagnosis: tuple[Problem, ...] = tuple(diagnosis)
        self.suggestions: tuple[Any, ...] = tuple(suggestions)
        text = "; ".join(p.render("en") for p in self.diagnosis) or "no table meets the criteria"
        super().__init__(text)

    def render(self, lang: str = "en") -> list[str]:
        return [p.render(lang) for p in self.diagnosis]


class SolverError(TafelselectieError):
    """The solver could not answer (not a property of the input)."""


class BackendUnavailableError(SolverError):
    """The requested backend is unknown or its solver library is not installed."""

    def __init__(self, name: str, available: Iterable[str], reason: str | None = None) -> None:
        self.name = name
        self.available = tuple(available)
        self.reason = reason
        text = f"backend {name!r} is not available"
        if reason:
            text += f" ({reason})"
        text += "; available: " + (", ".join(self.available) or "none")
        super().__init__(text)


class NoSolutionError(SolverError):
    """The time limit ran out before any table was found (the problem may still be feasible)."""
