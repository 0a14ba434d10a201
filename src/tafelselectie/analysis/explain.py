"""Explain a table: who is indispensable, who could have sat there, what forcing costs, why not X.

Definitions (all relative to the tables that are optimal for stages 1-3 of the contract, the
*optimal tables*; the canonical table is one of them):

* *possible*: in at least one optimal table; *indispensable*: in every optimal table.
* *price of forcing in* (for a provider in no optimal table): the seats (or cost) and expertise of
  the best table that contains it, computed with stages 1-3, against the optimum. *Price of forcing
  out* likewise for an indispensable provider. "Infeasible" when no table at all allows it.
* *decisive cells*: cells whose minimum, lowered by one, makes the smallest table smaller.
* *equally optimal tables*: counted exactly up to a cap (CP-SAT enumerates them), else "more than".

With a time limit, the limit bounds the whole explanation, not only the table: every solve gets
what is left. A fact is only stated when its solve proved it; when the limit stops a solve before
its proof, :func:`explain` raises :class:`~tafelselectie.errors.SolverError`
(``explain_time_limit``) instead of stating a guess. The count of equally good tables is the one
exception: it is an "at least" figure by design.

Every optimal table found while answering one question also answers others: its members are
possible, its non-members not indispensable. With that, and the provider-cell graph (a cell whose
minimum equals its number of providers makes all of them indispensable without a solve), the
170-provider example needs a few dozen solves instead of one per question.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tafelselectie.backends import get_backend
from tafelselectie.backends.base import Backend, Status
from tafelselectie.errors import InfeasibleError, NoSolutionError
from tafelselectie.io.values import check_time_limit
from tafelselectie.solve.build import build_problem
from tafelselectie.solve.model import solve_problem
from tafelselectie.solve.optimal import OptimalTables
from tafelselectie.solve.problem import SCORE_SCALE, CoverageProblem
from tafelselectie.solve.result import SelectionResult
from tafelselectie.solve.selection import select
from tafelselectie.solve.stage_models import TimeLeft
from tafelselectie.texts.messages import text

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from tafelselectie.criteria import Criteria
    from tafelselectie.io.pool import Pool

DEFAULT_CAP = 10_000
COUNT_SECONDS = 60.0  # the count of equally good tables stops here: "at least" beyond it


@dataclass(frozen=True)
class Price:
    """The best table under a forced decision, against the optimum (None when impossible)."""

    feasible: bool
    cost: int | None = None  # seats, or total cost with a cost column
    score: float | None = None
    cost_delta: int | None = None
    score_delta: float | None = None


@dataclass(frozen=True)
class ProviderStatus:
    id: str
    name: str
    in_table: bool
    possible: bool
    indispensable: bool
    price_in: Price | None  # only for providers in no optimal table
    price_out: Price | None  # only for indispensable providers
    cells: tuple[str, ...]  # the cells it covers
    # volume shares (spec section 6) the table would fall below without this member: it is at
    # the table for that share
    shares: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Explanation:
    result: SelectionResult
    providers: tuple[ProviderStatus, ...]
    decisive_cells: tuple[str, ...]
    optimal_tables: int | None  # None when not counted (CP-SAT missing)
    count_complete: bool
    cap: int
    components: int  # connected parts of the provider-cell graph
    solves: int
    seconds: float

    def provider(self, identifier: str) -> ProviderStatus:
        for status in self.providers:
            if status.id == identifier:
                return status
        raise KeyError(identifier)

    def providers_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for p in self.providers:
            rows.append(
                {
                    "id": p.id,
                    "naam": p.name,
                    "in_table": p.in_table,
                    "possible": p.possible,
                    "indispensable": p.indispensable,
                    "price_in_feasible": None if p.price_in is None else p.price_in.feasible,
                    "price_in_seats": None if p.price_in is None else p.price_in.cost_delta,
                    "price_in_expertise": None if p.price_in is None else p.price_in.score_delta,
                    "price_out_feasible": None if p.price_out is None else p.price_out.feasible,
                    "price_out_seats": None if p.price_out is None else p.price_out.cost_delta,
                    "price_out_expertise": None if p.price_out is None else p.price_out.score_delta,
                    "n_cells": len(p.cells),
                }
            )
        return pd.DataFrame(rows).set_index("id")

    def cells_frame(self) -> pd.DataFrame:
        frame = self.result.coverage_frame()
        frame["decisive"] = [key in self.decisive_cells for key in frame.index]
        return frame

    def tie_break_text(self) -> str:
        criteria = self.result.problem.provenance
        order = criteria.tie_break.order
        return f"seeded, seed {criteria.tie_break.seed}" if order == "seeded" else "id"

    def count_text(self, lang: str = "en") -> str:
        how = self.tie_break_text()
        if self.optimal_tables is None:
            return text("explain_not_counted", lang, order=how)
        # stopped by the cap or by the time (COUNT_SECONDS, or the limit): the tables found so
        # far are a lower bound; "more than the cap" would be wrong after a stop by time
        key = "explain_one_of" if self.count_complete else "explain_one_of_more"
        if not self.result.is_minimal:
            key += "_unproven"  # the tables the facts are about: at least as good as this one
        return text(key, lang, count=self.optimal_tables, order=how)

    def why(self, identifier: str, lang: str = "en") -> str:
        """A plain-language answer to "why (not) provider X?"."""
        problem = self.result.problem
        if identifier in problem.excluded:
            return text("why_excluded", lang, id=identifier)
        status = self.provider(identifier)
        name = f"{status.id} ({status.name})" if status.name != status.id else status.id
        index = problem.ids.index(identifier)
        # an unproven table: the facts hold for the tables at least as good as it (count_text)
        about = "" if self.result.is_minimal else "_unproven"
        if status.in_table:
            key = "why_in_indispensable" if status.indispensable else "why_in_possible"
            parts = [text(key + about, lang, name=name, cells=_list(status.cells))]
            for key in status.shares:
                parts.append(_share_text(problem, key, set(self.result.chosen) - {index}, lang))
            if status.price_out is not None:
                parts.append(_price_text("why_price_out", status.price_out, lang))
            return " ".join(parts)
        covering = _covering(self.result, index)
        parts = []
        if status.possible:
            order = self.tie_break_text()
            parts.append(text("why_not_tie" + about, lang, name=name, order=order))
        else:
            parts.append(text("why_not_impossible" + about, lang, name=name))
        if covering:
            parts.append(text("why_not_covered", lang, covered=covering))
        if status.price_in is not None:
            parts.append(_price_text("why_price_in", status.price_in, lang))
        return " ".join(parts)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        result = self.result
        return {
            "status": result.status.value,
            "selected": list(result.selected),
            "seats": result.seats,
            "expertise_score": result.expertise_score,
            "backend": result.backend,
            "optimal_tables": {
                "count": self.optimal_tables,
                "complete": self.count_complete,
                "cap": self.cap,
                "text": self.count_text(lang),
            },
            "tie_break": {
                "order": result.problem.provenance.tie_break.order,
                "seed": result.problem.provenance.tie_break.seed,
            },
            "indispensable": [p.id for p in self.providers if p.indispensable],
            "possible_not_selected": [
                p.id for p in self.providers if p.possible and not p.in_table
            ],
            "decisive_cells": list(self.decisive_cells),
            "components": self.components,
            "providers": [
                {
                    "id": p.id,
                    "naam": p.name,
                    "in_table": p.in_table,
                    "possible": p.possible,
                    "indispensable": p.indispensable,
                    "price_in": None if p.price_in is None else p.price_in.__dict__,
                    "price_out": None if p.price_out is None else p.price_out.__dict__,
                    "shares": list(p.shares),
                    "why": self.why(p.id, lang),
                }
                for p in self.providers
            ],
            "cells": [
                {**cell, "decisive": cell["cell"] in self.decisive_cells}
                for cell in result.coverage()
            ],
            "solves": self.solves,
            "seconds": round(self.seconds, 3),
        }


def _list(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(items) if items else "-"


def _covering(result: SelectionResult, provider: int) -> str:
    """For each cell of ``provider``: the selected providers that cover it."""
    problem = result.problem
    chosen = set(result.chosen)
    parts = []
    for j in np.flatnonzero(problem.incidence[provider]):
        ids = [problem.ids[i] for i in problem.members(int(j)) if int(i) in chosen]
        parts.append(f"{problem.cells[int(j)].key}: {', '.join(ids) or '-'}")
    return "; ".join(parts)


def _price_text(key: str, price: Price, lang: str) -> str:
    if not price.feasible:
        return text(f"{key}_impossible", lang)
    return text(
        key,
        lang,
        seats=price.cost,
        delta=price.cost_delta,
        score=price.score,
        score_delta=price.score_delta,
    )


def provider_graph(problem: CoverageProblem) -> nx.Graph[tuple[str, int]]:
    """The bipartite graph of providers and the cells they cover (only cells with a bound)."""
    import networkx as nx

    graph: nx.Graph[tuple[str, int]] = nx.Graph()
    graph.add_nodes_from((("p", i) for i in range(problem.n_providers)), bipartite=0)
    for j, cell in enumerate(problem.cells):
        if cell.min == 0 and cell.max is None:
            continue
        graph.add_node(("c", j), bipartite=1)
        graph.add_edges_from((("p", int(i)), ("c", j)) for i in problem.members(j))
    return graph


def explain(
    pool: Pool | CoverageProblem | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any] | None = None,
    *,
    backend: str = "auto",
    cap: int = DEFAULT_CAP,
    time_limit: float | None = None,
    prices: bool = True,
) -> Explanation:
    """Explain the canonical table of ``pool`` under ``criteria``.

    ``prices=False`` leaves out the what-if prices (the seats and expertise a forced decision
    would cost), which take most of the time on large pools; the report does not show them.

    Raises what :func:`tafelselectie.select` raises (e.g. :class:`InfeasibleError` with its
    diagnosis and suggestions when no table exists).
    """
    started = time.perf_counter()
    time_limit = check_time_limit(time_limit)
    left = TimeLeft(time_limit, "explain_time_limit")
    if isinstance(pool, CoverageProblem):
        problem = pool
    else:
        if criteria is None:
            from tafelselectie.errors import Problem, UsageError

            raise UsageError(Problem("usage_needs_criteria", {"caller": "explain"}, key="criteria"))
        problem = build_problem(pool, criteria)
    result = select(problem, backend=backend, time_limit=left.clock.remaining())
    solver = _what_if_backend(result.backend, problem)
    n = problem.n_providers
    chosen = np.zeros(n, dtype=bool)
    chosen[list(result.chosen)] = True
    best_cost = int(problem.costs[chosen].sum())
    best_score = int(problem.scores[chosen].sum())
    oracle = OptimalTables(problem, solver, best_cost, best_score)

    graph = provider_graph(problem)
    import networkx as nx

    components = nx.number_connected_components(graph) if graph.number_of_nodes() else 0

    possible = chosen.copy()
    not_indispensable = ~chosen
    # A cell that needs all of its providers that may sit makes each of them indispensable (no
    # solve needed): the same rule the model is strengthened with.
    from tafelselectie.solve.strengthen import forced_providers

    forced = np.zeros(n, dtype=bool)
    forced[list(forced_providers(problem))] = True
    forced[list(problem.include)] = True

    def learn(table: np.ndarray) -> None:
        nonlocal possible, not_indispensable
        mask = table.astype(bool)
        possible |= mask
        not_indispensable |= ~mask

    for i in problem.priority:
        if possible[i]:
            continue
        table = _optimal_table(oracle, {i: 1}, left)
        if table is not None:
            learn(table)
    indispensable = np.zeros(n, dtype=bool)
    for i in problem.priority:
        if not chosen[i] or not_indispensable[i]:
            continue
        if forced[i]:
            indispensable[i] = True
            continue
        table = _optimal_table(oracle, {i: 0}, left)
        if table is None:
            indispensable[i] = True
        else:
            learn(table)

    solves = oracle.solves + result.solves
    prices_in: dict[int, Price] = {}
    prices_out: dict[int, Price] = {}
    for i in range(n) if prices else ():
        if not possible[i]:
            prices_in[i] = _price(problem, solver, {i: 1}, best_cost, best_score, left)
            solves += 3
        elif indispensable[i]:
            prices_out[i] = _price(problem, solver, {i: 0}, best_cost, best_score, left)
            solves += 3

    decisive = _decisive_cells(problem, solver, result.minimum_cost, left)
    solves += sum(1 for c in problem.cells if c.min > 0)

    count: int | None = None
    complete = False
    if _has_cpsat():
        counting = oracle.model({}, get_backend("cpsat"))
        remaining = left.seconds()
        seconds = COUNT_SECONDS if remaining is None else min(COUNT_SECONDS, remaining)
        count, complete = counting.count_solutions(cap, seconds)
        count = max(count, 1)  # a count stopped early: the table itself is one

    statuses = tuple(
        ProviderStatus(
            id=problem.ids[i],
            name=problem.names[i],
            in_table=bool(chosen[i]),
            possible=bool(possible[i]),
            indispensable=bool(indispensable[i]),
            price_in=prices_in.get(i),
            price_out=prices_out.get(i),
            cells=tuple(result.cells_of(i)),
            shares=_shares_held_up(problem, set(result.chosen), i) if chosen[i] else (),
        )
        for i in range(n)
    )
    return Explanation(
        result=result,
        providers=statuses,
        decisive_cells=decisive,
        optimal_tables=count,
        count_complete=complete,
        cap=cap,
        components=components,
        solves=solves,
        seconds=time.perf_counter() - started,
    )


def _shares_held_up(problem: CoverageProblem, chosen: set[int], i: int) -> tuple[str, ...]:
    """The share bounds whose minimum the table would miss without member ``i``."""
    out = []
    for bound in problem.shares:
        if bound.min is None or i not in bound.members:
            continue
        if bound.held(chosen - {i}) < bound.min * bound.total:
            out.append(bound.key)
    return tuple(out)


def _share_text(problem: CoverageProblem, key: str, without: set[int], lang: str) -> str:
    bound = next(b for b in problem.shares if b.key == key)
    held = float(bound.held(without) / bound.total)
    minimum = float(bound.min or 0)
    return text(
        "why_in_share", lang, share=key, held=_percent(held, lang), min=_percent(minimum, lang)
    )


def _percent(fraction: float, lang: str) -> str:
    shown = f"{fraction * 100:.1f}%"
    return shown.replace(".", ",") if lang == "nl" else shown


def _what_if_backend(name: str, problem: CoverageProblem) -> Backend:
    """The backend for the many small what-if solves.

    CP-SAT's presolve dominates on small models: measured on the 170-provider example, one
    "price of forcing in" (three stage solves) took 59 ms with presolve and 7.8 ms without
    (HiGHS 54 ms, CBC 39 ms). Answers are exact either way; only large models gain from presolve.
    """
    if name == "cpsat" and problem.n_providers <= 2000:
        from tafelselectie.backends.cpsat import CpSatBackend

        return CpSatBackend(cp_model_presolve=False)
    return get_backend(name)


def _has_cpsat() -> bool:
    from tafelselectie.backends import available_backends

    return "cpsat" in available_backends()


def _optimal_table(
    oracle: OptimalTables, fixed: dict[int, int], left: TimeLeft
) -> np.ndarray | None:
    """An optimal table with ``fixed`` (any solution of the oracle's model is one), or None when
    none exists; a solve stopped before either is known ends the explanation."""
    oracle.solves += 1
    outcome = oracle.model(fixed).solve(left.seconds())
    if outcome.values is not None:
        return np.asarray(outcome.values[: oracle.problem.n_providers])
    if outcome.status is Status.INFEASIBLE:
        return None
    raise left.stopped()


def _price(
    problem: CoverageProblem,
    solver: Backend,
    fixed: dict[int, int],
    cost: int,
    score: int,
    left: TimeLeft,
) -> Price:
    try:
        solution = solve_problem(problem, solver, left.seconds(), fixed=fixed, skip_tie_break=True)
    except InfeasibleError:
        return Price(feasible=False)
    except NoSolutionError:
        raise left.stopped() from None
    if solution.status is not Status.OPTIMAL:
        raise left.stopped()
    table = list(solution.chosen)
    new_cost = int(problem.costs[table].sum())
    new_score = int(problem.scores[table].sum())
    return Price(
        feasible=True,
        cost=new_cost,
        score=new_score / SCORE_SCALE,
        cost_delta=new_cost - cost,
        score_delta=(new_score - score) / SCORE_SCALE,
    )


def _decisive_cells(
    problem: CoverageProblem, solver: Backend, minimum: int, left: TimeLeft
) -> tuple[str, ...]:
    """Cells whose minimum, lowered by one, lowers the minimum seats (or cost) of stage 1."""
    if problem.seats_exact is not None:
        return ()  # the size is fixed by the criteria
    out = []
    for j, cell in enumerate(problem.cells):
        if cell.min == 0:
            continue
        cells = list(problem.cells)
        cells[j] = replace(cell, min=cell.min - 1)
        relaxed = replace(problem, cells=tuple(cells))
        try:
            solution = solve_problem(relaxed, solver, left.seconds(), stop_after_minimum=True)
        except InfeasibleError:
            continue
        except NoSolutionError:
            raise left.stopped() from None
        if solution.status is not Status.OPTIMAL:
            raise left.stopped()
        if solution.minimum_cost < minimum:
            out.append(cell.key)
    return tuple(out)


def count_optimal_tables(
    result: SelectionResult, cap: int = 1000, time_limit: float = 60.0
) -> tuple[int | None, bool]:
    """How many tables are optimal for steps 1-3 (counted by CP-SAT up to ``cap``), and whether
    the count is complete. ``(None, False)`` when CP-SAT is not installed."""
    if not _has_cpsat():
        return None, False
    problem = result.problem
    chosen = np.zeros(problem.n_providers, dtype=np.int64)
    chosen[list(result.chosen)] = 1
    optimal = OptimalTables(
        problem,
        get_backend("cpsat"),
        int(problem.costs @ chosen),
        int(problem.scores @ chosen),
    )
    count, complete = optimal.model({}, get_backend("cpsat")).count_solutions(cap, time_limit)
    return int(count), bool(complete)
