"""One exception tree for the whole package.

Library functions raise these; only the command line turns them into messages and exit codes.
Every error carries :class:`Problem` items: each names where it is (file, row, column, key) and
renders itself in English (the API language) or Dutch (the default for people), so no error
reaches a user in the wrong language.

Every class survives :mod:`pickle` with its type, message and structured data: scenario workers
in other processes (and distributed runs) send errors back as themselves. A class keeps that
promise by passing its constructor's arguments to :meth:`TafelselectieError._reduce_args`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tafelselectie.texts.messages import text, word

_T = TypeVar("_T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, or one reason a table cannot exist.

    ``code`` selects the message template in :mod:`tafelselectie.texts.messages`; ``params``
    fill it.
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


def _as_problems(problems: Problem | Iterable[Problem]) -> tuple[Problem, ...]:
    if isinstance(problems, Problem):
        return (problems,)
    return tuple(problems)


class TafelselectieError(Exception):
    """Base of every error raised by tafelselectie: one or more located :class:`Problem` items.

    ``str(error)`` is the English text; :meth:`render` gives the lines in another language.
    """

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = _as_problems(problems)
        if not self.problems:
            self.problems = (Problem("error_unspecified"),)
        super().__init__("\n".join(p.render("en") for p in self.problems))

    def render(self, lang: str = "en") -> list[str]:
        """One line per problem, in ``lang`` (``"nl"`` or ``"en"``)."""
        return [p.render(lang) for p in self.problems]

    def _reduce_args(self) -> tuple[Any, ...]:
        return (self.problems,)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce rebuilds from ``args`` (the joined text), which is not what our
        # constructors take; rebuild from the structured data instead.
        return (type(self), self._reduce_args())


class InputError(TafelselectieError):
    """Bad input: one or more :class:`Problem` items, each naming where it is."""


class PoolError(InputError):
    """The pool file or DataFrame cannot be read or is inconsistent."""


class CriteriaError(InputError):
    """The criteria file or dict is invalid, or does not fit the pool."""


class HistoryError(InputError):
    """A history file (an earlier table) cannot be read."""


class PortfolioError(InputError):
    """A portfolio or draw file is missing, malformed or does not match its seal."""


class SortitionError(InputError):
    """A categories or respondents file cannot be converted."""


class ReportError(InputError):
    """The report's own input (language, lottery portfolio) is wrong or does not match."""


class WorkflowError(InputError):
    """An action cannot be taken: unknown ids, wrong dates, wrong state. Nothing was written."""


class ForbiddenError(WorkflowError):
    """The actor's role does not allow the action; the message says who may. Nothing was
    written."""


class OutputError(InputError):
    """An output file cannot be written (a missing folder, no permission, a full disk)."""


class UsageError(InputError):
    """The API or the command line was called with arguments it does not take (a time limit
    that is not a positive finite number, a lot count above the cap, ...)."""


class InfeasibleError(TafelselectieError):
    """No table meets every requirement. ``diagnosis`` says which requirements conflict;
    ``suggestions`` (:class:`tafelselectie.solve.diagnose.Suggestion`) together make it feasible."""

    def __init__(
        self, diagnosis: Problem | Iterable[Problem], suggestions: Iterable[Any] = ()
    ) -> None:
        self.diagnosis: tuple[Problem, ...] = _as_problems(diagnosis)
        self.suggestions: tuple[Any, ...] = tuple(suggestions)
        super().__init__(self.diagnosis or (Problem("infeasible_unknown"),))

    def render(self, lang: str = "en") -> list[str]:
        return [p.render(lang) for p in self.diagnosis] or super().render(lang)

    def _reduce_args(self) -> tuple[Any, ...]:
        return (self.diagnosis, self.suggestions)


class SolverError(TafelselectieError):
    """The solver could not answer (not a property of the input)."""


class BackendUnavailableError(SolverError):
    """The requested backend is unknown or its solver library is not installed.

    ``reason`` is a message code (``backend_unknown``, ``backend_not_installed``, ...) filled
    with ``library``.
    """

    def __init__(
        self,
        name: str,
        available: Iterable[str],
        reason: str | None = None,
        library: str | None = None,
    ) -> None:
        self.name = name
        self.available = tuple(available)
        self.reason = reason
        self.library = library
        params: dict[str, Any] = {
            "name": name,
            "available": ", ".join(self.available) or "-",
        }
        if reason is not None:
            params["reason"] = Problem(reason, {"library": library or ""})
            code = "backend_unavailable_because"
        else:
            code = "backend_unavailable"
        super().__init__(Problem(code, params))

    def _reduce_args(self) -> tuple[Any, ...]:
        return (self.name, self.available, self.reason, self.library)


class InternalError(TafelselectieError):
    """A rule the package keeps for itself was broken: a bug, never the user's input. Raised
    where a check must hold in every build (``assert`` would vanish under ``python -O``)."""

    def __init__(self, what: str | Problem | Iterable[Problem]) -> None:
        if isinstance(what, str):
            what = Problem("internal_invariant", {"what": what})
        super().__init__(what)


class MissingExtraError(TafelselectieError):
    """A part of the package needs an optional library that is not installed; the message names
    the extra that installs it (``pip install 'tafelselectie[report]'``). With ``system`` the
    Python package is installed but a library of the operating system it needs is not (WeasyPrint
    without Pango); ``system`` is what loading it said."""

    def __init__(self, extra: str, library: str, purpose: str, system: str | None = None) -> None:
        self.extra, self.library, self.purpose, self.system = extra, library, purpose, system
        params = {"extra": extra, "library": library, "purpose": Problem(purpose)}
        if system is None:
            super().__init__(Problem("extra_missing", params))
        else:  # the Python package is there, a library of the system it loads is not
            super().__init__(Problem("extra_system_missing", {**params, "reason": system}))

    def _reduce_args(self) -> tuple[Any, ...]:
        return (self.extra, self.library, self.purpose, self.system)


def require_extra(library: str, extra: str, purpose: str) -> None:
    """Raise :class:`MissingExtraError` when ``library`` cannot be imported. ``purpose`` is a
    message code (what needs it, in both languages). Called where the library is first needed,
    so a program that imports only the engine never needs the extras."""
    import importlib.util

    try:
        found = importlib.util.find_spec(library) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingExtraError(extra, library, purpose)


class NoSolutionError(SolverError):
    """The time limit ran out before any table was found (the problem may still be feasible)."""


def present(value: _T | None, what: str) -> _T:
    """``value``, which the package's own logic guarantees is not None; an
    :class:`InternalError` naming ``what`` if it is (a check that survives ``python -O``)."""
    if value is None:
        raise InternalError(f"{what} is missing")
    return value


# ---------------------------------------------------------------------------------------------
# Rendering a located problem as one line (the texts themselves are in tafelselectie.messages)

_LOCATION_WORDS = {
    "en": {"row": "row", "column": "column", "key": "key"},
    "nl": {"row": "rij", "column": "kolom", "key": "sleutel"},
}


def render_message(problem: Problem, lang: str = "en") -> str:
    """``problem`` as one line: where it is, then what is wrong."""
    words = _LOCATION_WORDS["nl" if lang == "nl" else "en"]
    where: list[str] = []
    if problem.row is not None:
        where.append(f"{words['row']} {problem.row}")
    if problem.column is not None:
        where.append(f"{words['column']} '{problem.column}'")
    if problem.key is not None:
        where.append(f"{words['key']} '{problem.key}'")
    params = {key: _render_param(value, lang) for key, value in problem.params.items()}
    for key in ("expected", "got"):
        value = params.get(key)
        if isinstance(value, str):
            params[key] = word(value, lang)
    body = text(problem.code, lang, **params)
    prefix = ""
    if problem.source is not None:
        prefix = problem.source + (", " + ", ".join(where) if where else "") + ": "
    elif where:
        prefix = ", ".join(where) + ": "
    return prefix + body


def _render_param(value: object, lang: str) -> object:
    """Nested problems (e.g. the requirements of a conflict) render in the same language."""
    if isinstance(value, Problem):
        return value.render(lang)
    if isinstance(value, dict) and set(value) == {"en", "nl"}:
        return value["nl" if lang == "nl" else "en"]  # a parameter that is itself text
    if isinstance(value, tuple) and value and all(isinstance(v, Problem) for v in value):
        return "; ".join(v.render(lang) for v in value)
    return value
