"""Scenario exploration: a base criteria plus named variations, solved side by side.

A *variation* is either a dict of overrides or a function:

* a dict is merged into the criteria as they are written in TOML. Tables merge key by key; lists
  replace; ``"dimension"`` may be a dict keyed by dimension name, which merges into that
  dimension (a name not in the base adds a new dimension). Examples::

      {"seats": {"max": 20}}
      {"dimension": {"omvang": {"column": "clienten", "bands": [...]}}}
      {"dimension": {"doelgroep": {"min_per_value": 2}}}
      {"joint": [{"dimensions": ["resultaatgebied", "omvang"]}]}

* a function receives a deep copy of the base criteria dict and returns the changed dict.

:func:`compare_scenarios` runs them all (the base first, named ``"basis"``) and returns a
:class:`ScenarioComparison`: one row per scenario in :attr:`~ScenarioComparison.frame`, a
provider x scenario :meth:`~ScenarioComparison.membership` frame, and the results themselves.
A scenario without a table shows its explanation (reasons and suggestions) in its row instead of
stopping the run; bad criteria in a variation show the error the same way.
"""

from __future__ import annotations

import copy
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.backends import DEFAULT_BACKEND
from tafelselectie.errors import Problem, TafelselectieError, UsageError
from tafelselectie.io.values import check_time_limit

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd
    from matplotlib.figure import Figure

    from tafelselectie.analysis.sweep import Progress
    from tafelselectie.solve.result import SelectionResult

Variation = Mapping[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
BASE_NAME = "basis"


def apply_variation(base: Mapping[str, Any], variation: Variation | None) -> dict[str, Any]:
    """The criteria dict of one scenario (the base is not changed)."""
    criteria = copy.deepcopy(dict(base))
    if variation is None:
        return criteria
    if callable(variation):
        changed = variation(criteria)
        if not isinstance(changed, dict):
            raise UsageError(Problem("usage_variation_result", key="variations"))
        return changed
    return _merge(criteria, variation)


def _merge(target: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if key == "dimension" and isinstance(value, Mapping):
            dimensions = [dict(d) for d in target.get("dimension", [])]
            for name, change in value.items():
                match = next((d for d in dimensions if d.get("name") == name), None)
                if match is None:
                    dimensions.append({"name": name, **dict(change)})
                else:
                    _merge(match, change)
            target["dimension"] = dimensions
        elif isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario's answer (``result`` is None when there is no table)."""

    name: str
    status: str  # optimal, feasible, infeasible, error
    result: SelectionResult | None
    optimal_tables: int | None
    count_complete: bool
    explanation: str  # reasons and suggestions when infeasible, the error for bad criteria
    seconds: float
    # The error itself when there is no table (InfeasibleError with its diagnosis and
    # suggestions, CriteriaError, NoSolutionError): it crosses process boundaries intact.
    error: TafelselectieError | None = None


@dataclass(frozen=True, eq=False)
class ScenarioComparison:
    outcomes: tuple[ScenarioOutcome, ...]
    ids: tuple[str, ...]  # every eligible provider of some scenario
    names: tuple[str, ...]

    @property
    def base(self) -> ScenarioOutcome:
        return self.outcomes[0]

    def outcome(self, name: str) -> ScenarioOutcome:
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome
        raise KeyError(name)

    @property
    def frame(self) -> pd.DataFrame:
        """One row per scenario: seats, expertise, status, equally optimal tables (counted up to
        the cap; ``count_complete`` False means "at least"), providers in and out against the
        base, time, and the explanation when there is no table."""
        import pandas as pd

        base = set(self.base.result.selected) if self.base.result else set()
        rows: list[dict[str, Any]] = []
        for o in self.outcomes:
            selected = set(o.result.selected) if o.result else set()
            rows.append(
                {
                    "scenario": o.name,
                    "status": o.status,
                    "seats": o.result.seats if o.result else None,
                    "expertise_score": o.result.expertise_score if o.result else None,
                    "optimal_tables": o.optimal_tables,
                    "count_complete": o.count_complete,
                    "in": ", ".join(sorted(selected - base)) if o.result else "",
                    "out": ", ".join(sorted(base - selected)) if o.result else "",
                    "seconds": round(o.seconds, 3),
                    "explanation": o.explanation,
                }
            )
        frame = pd.DataFrame(rows).set_index("scenario")
        for column in ("seats", "optimal_tables"):  # missing, not NaN, without a table
            frame[column] = frame[column].astype("Int64")
        return frame

    def membership(self) -> pd.DataFrame:
        """Providers (rows, those at some table) x scenarios (columns): True when seated."""
        import pandas as pd

        columns: dict[str, list[bool]] = {}
        for o in self.outcomes:
            seated = set(o.result.selected) if o.result is not None else set()
            columns[o.name] = [i in seated for i in self.ids]
        frame = pd.DataFrame(columns, index=pd.Index(self.ids, name="id"))
        frame.insert(0, "naam", list(self.names))
        at_some_table = frame.drop(columns="naam").any(axis=1)
        return frame[at_some_table]

    def plot_seats(self) -> Figure:
        from tafelselectie.analysis.figures import seats_per_scenario

        return seats_per_scenario(self.frame)

    def plot_membership(self) -> Figure:
        from tafelselectie.analysis.figures import membership_heatmap

        return membership_heatmap(self.membership())


def compare_scenarios(
    pool: Any,
    criteria: str | Path | Mapping[str, Any],
    variations: Mapping[str, Variation | None],
    *,
    backend: str = DEFAULT_BACKEND,
    time_limit: float | None = None,
    count_cap: int = 1000,
    processes: int = 1,
    executor: Executor | None = None,
    progress: bool | Progress | None = None,
) -> ScenarioComparison:
    """Solve the base criteria and every named variation (see the module docstring).

    ``pool`` is a path or DataFrame (read once per task). ``count_cap`` bounds the count of
    equally optimal tables (0 skips counting). Where the scenarios run
    (:func:`tafelselectie.analysis.sweep.run_tasks`): in this process by default; in a local
    pool of ``processes`` worker processes; or on any :class:`concurrent.futures.Executor`, such
    as a Dask cluster's (:func:`tafelselectie.analysis.sweep.dask_executor`). The answers are the
    same wherever they run. ``progress``: a bar in a terminal or notebook by default, ``False``
    for none, or a :class:`~tafelselectie.analysis.sweep.Progress` object.
    """
    from tafelselectie.analysis.sweep import as_progress, run_tasks

    time_limit = check_time_limit(time_limit)
    if BASE_NAME in variations:
        raise UsageError(Problem("usage_base_name", {"name": BASE_NAME}, key="variations"))
    base = _criteria_dict(criteria)
    jobs = [(BASE_NAME, base)]
    jobs += [(name, apply_variation(base, change)) for name, change in variations.items()]
    settings = {"backend": backend, "time_limit": time_limit, "count_cap": count_cap}
    outcomes: list[ScenarioOutcome] = run_tasks(
        _solve,
        [(pool, name, data, settings) for name, data in jobs],
        executor=executor,
        processes=processes,
        progress=as_progress(progress),
        description="scenario's",
    )
    known: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.result is not None:
            problem = outcome.result.problem
            known.update(zip(problem.ids, problem.names, strict=True))
    ids = tuple(sorted(known))
    return ScenarioComparison(tuple(outcomes), ids, tuple(known[i] for i in ids))


def _criteria_dict(criteria: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(criteria, Mapping):
        return copy.deepcopy(dict(criteria))
    from tafelselectie.criteria import load_criteria

    load_criteria(criteria)  # a bad base file fails here, with its file name and key
    with Path(criteria).open("rb") as handle:
        return tomllib.load(handle)


def _solve(pool: Any, name: str, data: dict[str, Any], settings: dict[str, Any]) -> ScenarioOutcome:
    from tafelselectie.analysis.explain import count_optimal_tables
    from tafelselectie.errors import InfeasibleError, InputError, NoSolutionError
    from tafelselectie.solve.selection import select

    started = time.perf_counter()
    try:
        result = select(pool, data, backend=settings["backend"], time_limit=settings["time_limit"])
    except InfeasibleError as exc:
        lines = [p.render("en") for p in exc.diagnosis]
        lines += ["suggestion: " + s.problem().render("en") for s in exc.suggestions]
        seconds = time.perf_counter() - started
        return ScenarioOutcome(
            name, "infeasible", None, None, False, "; ".join(lines), seconds, exc
        )
    except InputError as exc:
        text = "; ".join(exc.render("en"))
        seconds = time.perf_counter() - started
        return ScenarioOutcome(name, "error", None, None, False, text, seconds, exc)
    except NoSolutionError as exc:
        seconds = time.perf_counter() - started
        return ScenarioOutcome(name, "unknown", None, None, False, str(exc), seconds, exc)
    count: int | None = None
    complete = False
    if settings["count_cap"]:
        count, complete = count_optimal_tables(result, settings["count_cap"])
    return ScenarioOutcome(
        name, result.status.value, result, count, complete, "", time.perf_counter() - started
    )
