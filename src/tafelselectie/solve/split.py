"""Stage 1 split by the seats per value: a proof of the fewest seats by parts.

Where a search has found a table of ``U`` seats but not proven that none has fewer, the question
"is there a table of at most ``U - 1`` seats?" is split by a single-valued dimension (the size
bands, :func:`tafelselectie.solve.strengthen.single_valued_dimensions`).

**Why it is exact.** Let the dimension's values be ``v_1 .. v_m`` and ``L_v`` the bound of
:func:`~tafelselectie.solve.strengthen.partition_bounds`: every table holds at least ``L_v``
providers of ``v`` (they alone fill the cells that name ``v``). With unit costs a table of at
most ``t = U - 1`` seats has counts ``n_v >= L_v`` with ``sum n_v <= t``; so with the slack
``s = t - sum L_v`` it lies in one of the *parts* ``P_k = {n_v <= L_v + k_v for every v}``, one
for each ``k >= 0`` with ``sum k_v = s`` (raise ``n_v - L_v`` to ``k`` by adding ``t - sum n_v``
to any one value). Each part is the stage-1 model with those ``m`` rows added, minimising the
seats; its minimum is at least the whole minimum, and the part holding an optimal table (if it
has at most ``t`` seats) reaches it. So the fewest seats are the smallest part minimum, or ``U``
when every part is infeasible; with ``s < 0`` no part exists and ``U`` is proven by the bounds
alone. Values no cell names have ``L_v = 0`` and form one group (the same argument with their
counts added up). A part stopped by the time limit leaves its proven bound: every table has at
least ``min(U, the parts' bounds)`` seats (an infeasible part counts as ``U``).

**Why it is fast.** Measured (benchmarks/RESULTS.md, "Stage 1 by parts"): stage 1 of
``joints-1000`` (minimum 10, bands 4/2/2) on one CP-SAT worker takes 32-53 s; the three parts of
"at most 9" (5/2/2, 4/3/2, 4/2/3 small/middle/large) took 1.3-4.0 s each. A part's few seats per
band leave only the band's near-minimal sub-covers, which the solver's LP and propagation see
at once. As decision problems (no objective) none of the three was decided in 120 s: the parts
minimise the seats.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from tafelselectie.backends.base import (
    Backend,
    SolveOutcome,
    SolverModel,
    Status,
    StoppableModel,
    WatchableModel,
    stop_until_ended,
)
from tafelselectie.errors import InternalError
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.strengthen import partition_bounds, single_valued_dimensions

__all__ = [
    "CountGroup",
    "SplitByCounts",
    "candidate_groups",
    "choose_groups",
    "count_groups",
    "fewest_parts",
    "part_count",
    "parts",
    "solve_by_parts",
    "solve_until_split",
]


@dataclass(frozen=True)
class SplitByCounts:
    """Stage 1 of ``select`` (unit costs) proven by parts when its own solve has not proven
    it within ``after`` seconds: at most ``max_parts`` parts, each a model of ``backend``,
    ``parallel`` at a time."""

    after: float
    backend: Backend
    parallel: int = 1
    max_parts: int = 6


@dataclass(frozen=True)
class CountGroup:
    """Providers of one value (or of every value no cell names) and the least of them any
    table holds."""

    label: str
    members: tuple[int, ...]
    lower: int


def count_groups(
    problem: CoverageProblem,
    backend: Backend,
    dimension: str,
    forced: tuple[int, ...] = (),
    deadline: float | None = None,
) -> tuple[CountGroup, ...]:
    """The groups of ``dimension`` (single-valued): one per value a cell names, and one for the
    rest (with a bound of 0), when there is a rest."""
    groups: list[CountGroup] = []
    rest: list[int] = []
    for bound in partition_bounds(problem, backend, dimension, forced, deadline):
        if bound.lower == 0:
            rest.extend(bound.members)
        else:
            groups.append(CountGroup(f"{dimension}={bound.value}", bound.members, bound.lower))
    if rest:
        groups.append(CountGroup(f"{dimension}: other values", tuple(sorted(rest)), 0))
    return tuple(groups)


# The most seconds finding the values' bounds may take (partition_bounds: a sub-cover per value,
# each up to 2 s in its solver, and the search's SEARCH_SECONDS shared by the dimension's
# values). joints-1000's three bands take 0.3 s,
# joints-10000's 3.9 s; a dimension with many values (a single municipality per provider) must
# not hold stage 1 up for a minute.
GROUPS_SECONDS = 5.0


def candidate_groups(
    problem: CoverageProblem,
    backend: Backend,
    forced: tuple[int, ...] = (),
    deadline: float | None = None,
) -> tuple[tuple[CountGroup, ...], ...]:
    """The groups of every single-valued dimension that has two or more, in the problem's
    order. The values' bounds are found within GROUPS_SECONDS in all (and before
    ``deadline``); a value whose bound is not proven by then keeps its cells' own, which is
    valid too, only weaker (more parts)."""
    own_deadline = time.perf_counter() + GROUPS_SECONDS
    deadline = own_deadline if deadline is None else min(deadline, own_deadline)
    found = []
    for dimension in single_valued_dimensions(problem):
        groups = count_groups(problem, backend, dimension, forced, deadline)
        if len(groups) >= 2:  # one group: no split, its bound is the cells' own
            found.append(groups)
    return tuple(found)


def fewest_parts(
    candidates: Sequence[tuple[CountGroup, ...]], target: int, max_parts: int
) -> tuple[CountGroup, ...] | None:
    """Of ``candidates`` (:func:`candidate_groups`), the groups that split "at most
    ``target`` seats" into the fewest parts (on a tie, the first); None when every one needs
    more than ``max_parts`` (or there is none)."""
    best: tuple[int, tuple[CountGroup, ...]] | None = None
    for groups in candidates:
        count = part_count(groups, target)
        if count <= max_parts and (best is None or count < best[0]):
            best = (count, groups)
    return None if best is None else best[1]


def choose_groups(
    problem: CoverageProblem,
    backend: Backend,
    target: int,
    max_parts: int,
    forced: tuple[int, ...] = (),
    deadline: float | None = None,
) -> tuple[CountGroup, ...] | None:
    """The groups of the single-valued dimension that splits "at most ``target`` seats" into
    the fewest parts: :func:`fewest_parts` of :func:`candidate_groups`."""
    return fewest_parts(candidate_groups(problem, backend, forced, deadline), target, max_parts)


Decision = TypeVar("Decision")


def solve_until_split(
    model: WatchableModel,
    time_limit: float | None,
    after: float,
    decide: Callable[[np.ndarray], Decision | None],
) -> tuple[SolveOutcome, Decision | None]:
    """Solve ``model`` on a thread of its own. From ``after`` seconds on, give ``decide`` (on
    the caller's thread) the best table found so far, then each better one as it is found;
    the first answer of ``decide`` that is not None stops the solve. Returns the solve's
    outcome (its proof when that came first, else the best table it had when it stopped) and
    that answer (None when the solve ended by itself: a proof, its time limit, or the end of
    its search). The solve does not outlive the call, also on an interrupt or when ``decide``
    fails.

    Why, rather than stop the solve after ``after`` seconds and decide then: where the table
    found by then has too many seats to split into few parts, the solve goes on as if it had
    not been asked (a new solve from that table would start its proof again, and on
    joints-1000 a split from a later, better table is still the faster way: RESULTS.md), and
    the split starts as soon as a better table makes it worth it."""
    changed = threading.Condition()
    latest: list[np.ndarray] = []  # the best table so far: the last one reported
    reported = [0]
    ended = [False]
    results: list[SolveOutcome] = []
    failures: list[BaseException] = []

    def on_table(values: np.ndarray) -> None:
        with changed:
            latest[:] = [values]
            reported[0] += 1
            changed.notify_all()

    def run() -> None:
        try:
            outcome = model.solve(time_limit)
        except BaseException as exc:  # passed on to the caller below
            with changed:
                failures.append(exc)
        else:
            with changed:
                results.append(outcome)
        finally:
            with changed:
                ended[0] = True
                changed.notify_all()

    decision: Decision | None = None
    model.watch(on_table)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        with changed:
            changed.wait_for(lambda: ended[0], timeout=after)
        seen = [0]  # how many tables were reported when decide last saw one
        while True:
            with changed:
                changed.wait_for(lambda: ended[0] or reported[0] > seen[0])
                if ended[0]:
                    break
                seen[0], table = reported[0], latest[0]
            decision = decide(table)  # the solve goes on meanwhile
            if decision is not None:
                break
    finally:
        stop_until_ended(changed, lambda: None if ended[0] else [model])
        thread.join()
        model.watch(None)
    if failures:
        raise failures[0]
    return results[0], decision


def parts(groups: Sequence[CountGroup], target: int) -> list[tuple[int, ...]]:
    """Every part of "at most ``target`` seats" (see the module docstring): the most providers
    of each group, one tuple per part; empty when the groups' bounds already exceed
    ``target``."""
    slack = target - sum(group.lower for group in groups)
    if slack < 0:
        return []
    out = []
    # the compositions of the slack over the groups: bars placed among slack + groups - 1 slots
    for bars in itertools.combinations(range(slack + len(groups) - 1), len(groups) - 1):
        extra = np.diff([-1, *bars, slack + len(groups) - 1]) - 1
        out.append(tuple(g.lower + int(k) for g, k in zip(groups, extra, strict=True)))
    return out


def part_count(groups: Sequence[CountGroup], target: int) -> int:
    """How many parts :func:`parts` gives, without listing them."""
    slack = target - sum(group.lower for group in groups)
    if slack < 0:
        return 0
    return math.comb(slack + len(groups) - 1, len(groups) - 1)


# Seconds each part gets in the first round; a part not decided in a round gets twice as long
# in the next. A part that holds a table better than the one found is solved only until that
# table is found: its own minimum is the slow thing to prove (RESULTS.md), and the parts of the
# better table (the next round) make that proof unnecessary.
FIRST_SLICE_SECONDS = 5.0


def solve_by_parts(
    make_model: Callable[[], SolverModel],
    groups: Sequence[CountGroup],
    found: SolveOutcome,
    costs: np.ndarray,
    time_limit: float | None,
    parallel: int,
    first_slice: float = FIRST_SLICE_SECONDS,
) -> SolveOutcome:
    """Stage 1 given ``found``, a table of ``U`` seats not proven fewest: the parts of "at most
    ``U - 1``" minimised, each in a model from ``make_model`` (a fresh stage-1 model with the
    seats as its objective), ``parallel`` at a time, in rounds (FIRST_SLICE_SECONDS). When a
    part finds a table of fewer seats, the round ends and the next splits "at most one seat
    fewer than that table". The outcome is stage 1's: optimal when every part of the last
    round is infeasible, else the best table with the bound of the module docstring. Its
    seconds are the parts' wall time."""
    started = time.perf_counter()
    if found.values is None:
        raise InternalError("the parts of stage 1 need a table to start from")
    n = len(costs)
    deadline = None if time_limit is None else started + time_limit
    best, incumbent = found, int(costs @ found.values[:n])
    limits = parts(groups, incumbent - 1)
    open_parts = list(range(len(limits)))
    outcomes: dict[int, SolveOutcome | None] = {}
    seconds = first_slice
    while open_parts:
        if deadline is not None and time.perf_counter() >= deadline:
            break
        solved = _round(make_model, groups, limits, open_parts, deadline, seconds, parallel)
        outcomes.update(solved)
        tables = [
            (int(costs @ o.values[:n]), index)
            for index, o in solved.items()
            if o is not None and o.values is not None
        ]
        if tables and min(tables)[0] < incumbent:
            incumbent, index = min(tables)
            best = solved[index] or best  # never None: it holds the table just counted
            limits = parts(groups, incumbent - 1)
            open_parts = list(range(len(limits)))
            outcomes = {}
            continue
        open_parts = [i for i in open_parts if _open(outcomes.get(i))]
        seconds *= 2
    took = time.perf_counter() - started
    if not open_parts:
        return SolveOutcome(Status.OPTIMAL, best.values, float(incumbent), took)
    bound = float(incumbent)
    for index in open_parts:
        outcome = outcomes.get(index)
        part_bound = None if outcome is None else outcome.bound
        bound = min(bound, -math.inf if part_bound is None else part_bound)
    if found.bound is not None:
        bound = max(bound, found.bound)
    return SolveOutcome(
        Status.FEASIBLE, best.values, float(incumbent), took, None if math.isinf(bound) else bound
    )


def _open(outcome: SolveOutcome | None) -> bool:
    """A part not yet decided: not solved, or stopped before its proof. (A part that found a
    table of fewer seats starts the next round instead.)"""
    return outcome is None or outcome.status is not Status.INFEASIBLE


def _round(
    make_model: Callable[[], SolverModel],
    groups: Sequence[CountGroup],
    limits: Sequence[tuple[int, ...]],
    indices: Sequence[int],
    deadline: float | None,
    seconds: float,
    parallel: int,
) -> dict[int, SolveOutcome | None]:
    """Solve the parts ``indices`` (at most ``seconds`` each), ``parallel`` at a time; the
    first part that finds a table stops the others (their outcomes are kept)."""
    outcomes: dict[int, SolveOutcome | None] = {}
    running: dict[int, StoppableModel] = {}
    failures: list[BaseException] = []
    changed = threading.Condition()  # notified when a part's solve ends
    queue = list(indices)
    done = [False]

    def stop_all() -> None:
        # no part starts after this; a part being made sees `done` or a failure and ends
        with changed:
            queue.clear()
        stop_until_ended(changed, lambda: list(running.values()) or None)

    def work() -> None:
        while True:
            with changed:
                if not queue or failures or done[0]:
                    return
                index = queue.pop(0)
            try:
                model = make_model()
                for group, most in zip(groups, limits[index], strict=True):
                    model.add_constraint(list(group.members), [1] * len(group.members), None, most)
                with changed:
                    if done[0] or failures:  # a table or a failure came while this was made
                        return
                    if isinstance(model, StoppableModel):
                        running[index] = model
                limit = seconds
                if deadline is not None:
                    limit = max(min(limit, deadline - time.perf_counter()), 0.001)
                try:
                    outcome = model.solve(limit)
                finally:
                    with changed:
                        running.pop(index, None)
                        changed.notify_all()
            except BaseException as exc:  # passed on to the caller below
                with changed:
                    failures.append(exc)
                stop_all()
                return
            with changed:
                outcomes[index] = outcome
                first_table = outcome.values is not None and not done[0]
                if first_table:
                    done[0] = True
            if first_table:
                stop_all()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(parallel, 1) - 1)]
    for thread in threads:
        thread.start()
    try:
        work()
        for thread in threads:
            thread.join()
    finally:  # on an interrupt (Ctrl-C) or a failure: no part outlives the stage
        if any(thread.is_alive() for thread in threads):
            stop_all()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return outcomes
