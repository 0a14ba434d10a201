"""A multi-year simulation: how many different providers sit at the table over the years?

The pool and criteria stay the same every year (a simulation isolates the effect of the policy).
Each mode produces one table per year, with the tables of earlier years as history:

* ``canonical``: the one answer of the spec every year, no history (the same table each year);
* ``rotation``: the canonical answer under the rotation policy (the criteria's ``[rotation]``
  when it sets any policy, else ``max_consecutive_terms = 2`` with ``fairness``);
* ``lottery``: the leximin lottery with the same policy, drawn with the public seed
  ``f"{seed}-{year}"``.

A year in which the policy leaves no valid table is recorded as infeasible (no table) and the
next year goes on with the history as it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.backends import DEFAULT_BACKEND
from tafelselectie.criteria import Criteria, Rotation, load_criteria
from tafelselectie.errors import InfeasibleError, Problem, UsageError
from tafelselectie.solve.build import build_problem
from tafelselectie.solve.problem import CoverageProblem

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd

    from tafelselectie.analysis.sweep import Progress

MODES = ("canonical", "rotation", "lottery")
DEFAULT_POLICY = Rotation(max_consecutive_terms=2, fairness=True)


@dataclass(frozen=True)
class SimulatedYear:
    mode: str
    year: int
    selected: tuple[str, ...]  # empty when no table was possible
    status: str
    seconds: float
    minimum_probability: float | None = None  # lottery mode


@dataclass(frozen=True, eq=False)
class Simulation:
    years: tuple[SimulatedYear, ...]
    policy: Rotation

    def tables(self, mode: str) -> list[tuple[str, ...]]:
        return [y.selected for y in self.years if y.mode == mode]

    def distinct(self, mode: str) -> int:
        """How many different providers sat at the table in ``mode`` over all years."""
        return len({i for table in self.tables(mode) for i in table})

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows: list[dict[str, Any]] = []
        seen: dict[str, set[str]] = {}
        for y in self.years:
            before = seen.setdefault(y.mode, set())
            rows.append(
                {
                    "mode": y.mode,
                    "year": y.year,
                    "status": y.status,
                    "seats": len(y.selected),
                    "new_providers": len(set(y.selected) - before),
                    "distinct_so_far": len(before | set(y.selected)),
                    "minimum_probability": y.minimum_probability,
                    "selected": "; ".join(y.selected),
                    "seconds": round(y.seconds, 3),
                }
            )
            before |= set(y.selected)
        return pd.DataFrame(rows)

    def summary(self) -> pd.DataFrame:
        import pandas as pd

        modes = list(dict.fromkeys(y.mode for y in self.years))
        return pd.DataFrame(
            {
                "mode": modes,
                "distinct_providers": [self.distinct(m) for m in modes],
                "mean_seats": [
                    sum(len(t) for t in self.tables(m)) / max(len(self.tables(m)), 1) for m in modes
                ],
                "infeasible_years": [
                    sum(1 for y in self.years if y.mode == m and y.status == "infeasible")
                    for m in modes
                ],
            }
        )


def simulate_rotation(
    pool: Any,
    criteria: Criteria | str | Path | dict[str, Any],
    years: int = 5,
    *,
    modes: tuple[str, ...] = MODES,
    policy: Rotation | None = None,
    seed: str = "tafelselectie",
    first_year: int | None = None,
    backend: str = DEFAULT_BACKEND,
    processes: int = 1,
    executor: Executor | None = None,
    progress: bool | Progress | None = False,
) -> Simulation:
    """Simulate ``years`` yearly selections per mode (see the module docstring).

    The modes are independent, so each is one task: in this process by default, in a local pool
    of ``processes`` worker processes, or on any :class:`concurrent.futures.Executor` (a Dask
    cluster's, for instance); the years of a mode run in order. The answer is the same wherever
    the modes run. ``progress`` as in :func:`tafelselectie.compare_scenarios` (default: none).
    """
    from tafelselectie.analysis.sweep import as_progress, run_tasks

    if not isinstance(criteria, Criteria):
        criteria = load_criteria(criteria)
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        allowed = ", ".join(MODES)
        raise UsageError(
            Problem("usage_choice", {"value": ", ".join(unknown), "allowed": allowed}, key="modes")
        )
    if policy is None:
        policy = criteria.rotation if criteria.rotation.active else DEFAULT_POLICY
    base: CoverageProblem = build_problem(pool, replace(criteria, rotation=policy))
    start = first_year or (base.peildatum.year if base.peildatum else 1)
    per_mode = run_tasks(
        simulate_mode,
        [(base, mode, years, start, seed, backend) for mode in modes],
        executor=executor,
        processes=processes,
        progress=as_progress(progress),
        description="simulatie",
    )
    return Simulation(tuple(year for mode in per_mode for year in mode), policy)


def simulate_mode(
    base: CoverageProblem, mode: str, years: int, start: int, seed: str, backend: str
) -> list[SimulatedYear]:
    """The years of one mode, in order, each with the tables of the earlier years as history."""
    from tafelselectie.lottery.draw import draw, seal
    from tafelselectie.lottery.leximin import lottery
    from tafelselectie.solve.rotation import HistoryEntry, apply_history
    from tafelselectie.solve.selection import select

    out: list[SimulatedYear] = []
    history: list[HistoryEntry] = []
    for k in range(years):
        year = start + k
        started = time.perf_counter()
        problem = apply_history(base, history) if mode != "canonical" else base
        selected: tuple[str, ...] = ()
        minimum: float | None = None
        try:
            if mode == "lottery":
                portfolio = lottery(problem, backend=backend)
                minimum = portfolio.minimum
                # without its timings the portfolio, and so the draw, is the same in every run
                sealed = seal(portfolio.to_dict(timings=False))
                selected = draw(sealed, seed=f"{seed}-{year}").selected
                status = portfolio.status
            else:
                result = select(problem, backend=backend)
                selected, status = result.selected, result.status.value
        except InfeasibleError:
            status = "infeasible"
        out.append(
            SimulatedYear(mode, year, selected, status, time.perf_counter() - started, minimum)
        )
        history.append(HistoryEntry(str(year), None, selected, f"simulation:{year:06d}"))
    return out
