"""The lexicographic selection model (spec section 4), written once against the backend interface.

Variables: ``x_i`` in {0, 1} for each eligible provider ``i``. A *table* is an ``x`` with

* ``min_c <= sum_{i in c} x_i <= max_c`` for every cell ``c``;
* ``seats.min <= sum_i x_i <= seats.max`` (or ``= seats.exact``);
* ``x_i = 1`` for every included provider;
* ``sum_{i in g} x_i <= 1`` for every one_per group ``g``.

The answer is found in four stages, each adding a constraint that keeps exactly the tables that
are optimal so far:

1. ``s* = min sum x``; then ``sum x <= s* + extra_seats``. With provider costs ``c`` (a cost
   column, or OR-Library instances) every ``sum x`` of stages 1 and 3 is ``sum c_i x_i``: the
   lowest total cost replaces the fewest seats, and ``extra_seats`` is then in cost units.
2. ``E* = max sum score_i x_i`` (scores scaled by 1000, integers); then ``score >= E*``.
3. ``s3 = min sum x``; then ``sum x <= s3``. Every remaining table has ``s3`` seats and score
   ``E*``: exactly the tables optimal for steps 1-3.
4. Tie-break (spec 4.4): in priority order, keep a provider if some remaining table that agrees
   with all decisions so far contains it. Asking that provider by provider costs one solve per
   provider. Instead we keep a *witness* (a remaining table agreeing with the decisions) and ask
   one question per step: in the window of undecided providers before the witness's next
   provider, which is the earliest that some agreeing table contains? With
   ``z_j <= z_{j-1} + x_j`` (``z`` = "some provider up to ``j`` in the window is chosen"),
   maximising ``sum z`` finds it. Everything before it is out (no agreeing table has them), it
   is in, and the solution is the next witness; if nothing in the window can be chosen, the
   whole window is out and the witness's provider is in. Each solve decides one seat, so the
   tie-break takes at most about as many solves as the table has seats.

Every stage whose solve is stopped by the time limit makes the final status ``FEASIBLE``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tafelselectie.backends.base import Backend, SolverModel, Status
from tafelselectie.errors import InfeasibleError, NoSolutionError, Problem, SolverError
from tafelselectie.io.values import check_time_limit
from tafelselectie.solve.problem import SCORE_SCALE, CoverageProblem
from tafelselectie.solve.split import SplitByCounts
from tafelselectie.solve.stage_models import (
    Clock,
    Handover,
    StageModels,
    solve_stage_one,
    solve_with_handover,
)
from tafelselectie.solve.strengthen import strengthen

__all__ = ["STAGES", "Handover", "Solution", "StageRecord", "solve_problem"]


@dataclass(frozen=True)
class StageRecord:
    """One stage of the lexicographic solve: what it found and what it cost."""

    name: str  # "seats", "expertise", "seats_again", "tie_break"
    status: Status
    value: float | None
    seconds: float
    solves: int
    # a stage stopped by the time limit: the best bound the solver proved (CP-SAT and HiGHS
    # report one), so the answer's distance from optimal is known; None when proven or not
    # reported
    bound: float | None = None
    # the backend this stage ran in, when not the solve's own (solve_problem's stage_backends)
    backend: str | None = None


# the stages in order, by the names StageRecord and solve_problem's stage_backends use
STAGES = ("seats", "expertise", "seats_again", "tie_break")


@dataclass(frozen=True)
class Solution:
    chosen: tuple[int, ...]  # provider indices, ascending
    status: Status
    stages: tuple[StageRecord, ...]
    minimum_seats: int  # seats of the stage-1 table (s* with unit costs, or seats.exact)
    minimum_cost: int  # stage-1 objective: s* with unit costs, else the lowest total cost
    score_scaled: int
    solve_seconds: float
    solves: int


def solve_problem(
    problem: CoverageProblem,
    backend: Backend,
    time_limit: float | None = None,
    *,
    stop_after_minimum: bool = False,
    skip_tie_break: bool = False,
    fixed: dict[int, int] | None = None,
    strengthened: bool = True,
    stage_backends: Mapping[str, Backend] | None = None,
    handovers: Mapping[str, Handover] | None = None,
    split: SplitByCounts | None = None,
) -> Solution:
    """Find the one answer of spec section 4.

    With ``stop_after_minimum`` only stage 1 runs (the minimum seats or cost, one solve): what
    the OR-Library benchmark compares with the plain solvers. ``skip_tie_break`` stops after
    stage 3 (the optimal seats and score, some optimal table). ``fixed`` forces providers in (1)
    or out (0), for "what if" questions. ``strengthened`` adds the exact rows and fixings of
    :mod:`tafelselectie.solve.strengthen` (those that hold only for the canonical answer are left
    out under ``fixed``: forcing a provider changes which tables compete); False solves the plain
    model, which the tests compare with. ``stage_backends`` runs a stage (by its name in
    :data:`STAGES`) in another backend than ``backend``: each stage passes on only its optimal
    value (as a row) and a table (as a hint), both the same whichever solver found them, so the
    answer is too. ``handovers`` gives stage 2 or 3 (``"expertise"``, ``"seats_again"``) to
    another backend when its own has not proven it within a time (:class:`Handover`); a
    handover with ``race`` starts the other backend beside the stage's own instead, the first
    proof winning (:func:`~tafelselectie.backends.race.race`), which stage 1
    (``"seats"``) may do too. ``split`` proves a stage 1 that its solver has not proven
    quickly by parts (:mod:`tafelselectie.solve.split`); with provider costs it is not used.

    Raises :class:`InfeasibleError` (without reasons: :func:`~tafelselectie.solve.diagnose.
    solve_or_diagnose` adds them) when no table exists, and
    :class:`NoSolutionError` when the time limit ends before any table is found.
    """
    started = time.perf_counter()
    time_limit = check_time_limit(time_limit)
    clock = Clock(time_limit)
    n = problem.n_providers
    everyone = np.arange(n)
    for index, value in (fixed or {}).items():
        if value == 0 and index in problem.include:
            # `fix` sets a variable's domain; forcing out an included provider contradicts the
            # criteria instead of overriding them.
            raise InfeasibleError([Problem("infeasible_unknown")])
    found = None
    if strengthened:  # before `fixed`: a "what if" may fix a forced provider out (infeasible)
        # Its time counts against the time limit, like every solve. The minimum alone (OR-Library)
        # gets no dominance rows: measured slower there (scpa1 0.37 -> 0.61 s, RESULTS.md).
        canonical = not fixed and not stop_after_minimum
        found = strengthen(problem, backend, canonical=canonical, deadline=clock.deadline)
    models = StageModels(problem, backend, found, fixed or {}, clock)
    plan = dict(stage_backends or {})
    handovers = dict(handovers or {})

    def stage_model(name: str) -> tuple[SolverModel, Backend]:
        chosen = plan.get(name, backend)
        return models.get(chosen), chosen

    def ran_on(chosen: Backend) -> str | None:
        return None if chosen.name == backend.name else chosen.name

    stages: list[StageRecord] = []
    proven = True

    # Stage 1: fewest seats, or lowest total cost (with seats.exact the size is already fixed).
    costs = problem.costs
    model, used = stage_model("seats")
    model.set_objective(everyone, costs, maximise=False)
    if not problem.unit_costs or problem.seats_exact is not None:
        split = None  # the parts count seats, which then are not the objective
    outcome, used = solve_stage_one(
        models, model, used, handovers.get("seats"), clock, costs, split
    )
    if outcome.status is Status.INFEASIBLE:
        # why is the caller's question (diagnose.solve_or_diagnose); a "what if" needs no reason
        raise InfeasibleError([Problem("infeasible_unknown")])
    if outcome.status is Status.UNKNOWN or outcome.values is None:
        raise NoSolutionError(Problem("no_solution_in_time", {"seconds": time_limit}))
    proven &= outcome.status is Status.OPTIMAL
    witness = outcome.values[:n].astype(np.int64)
    minimum_seats = int(witness.sum())
    minimum_cost = int(costs @ witness)
    bound = None
    if outcome.status is not Status.OPTIMAL and outcome.bound is not None:
        bound = float(math.ceil(outcome.bound - 1e-9))  # integer costs: round the bound up
    stages.append(
        StageRecord("seats", outcome.status, minimum_cost, outcome.seconds, 1, bound, ran_on(used))
    )
    if stop_after_minimum:
        return _solution(problem, witness, proven, stages, minimum_seats, minimum_cost, started)
    cost_limit = minimum_cost + problem.extra_seats

    # Stage 2 and 3: best expertise within s* + extra seats, then fewest seats again.
    exact = problem.seats_exact is not None
    if problem.has_scores:
        if not exact:  # with seats.exact stage 1 is skipped: every table of that size competes
            models.add_row(everyone, costs, None, cost_limit)
        # Scores in steps of their greatest common divisor: the same order of tables, and the
        # smallest coefficients a solver can be given (problem.MAX_EXACT_UNITS bounds the rest).
        scores = problem.scores // math.gcd(*(int(v) for v in problem.scores))
        model, used = stage_model("expertise")
        model.set_hint(witness)
        model.set_objective(everyone, scores, maximise=True)
        handover = handovers.get("expertise")
        if handover is not None:
            handover = handover.given(stages[0].seconds)
        outcome, used = solve_with_handover(
            models, model, used, handover, clock, 2, witness, scores, True
        )
        proven &= outcome.status is Status.OPTIMAL
        if outcome.values is not None:
            witness = outcome.values[:n].astype(np.int64)
        best_score = int(scores @ witness)
        stages.append(
            StageRecord(
                "expertise",
                outcome.status,
                int(problem.scores @ witness) / SCORE_SCALE,
                outcome.seconds,
                1,
                backend=ran_on(used),
            )
        )
        models.add_row(everyone, scores, best_score, None)
        if problem.extra_seats > 0 or (exact and not problem.unit_costs):
            model, used = stage_model("seats_again")
            model.set_hint(witness)
            model.set_objective(everyone, costs, maximise=False)
            outcome, used = solve_with_handover(
                models, model, used, handovers.get("seats_again"), clock, 3, witness, costs, False
            )
            proven &= outcome.status is Status.OPTIMAL
            if outcome.values is not None:
                witness = outcome.values[:n].astype(np.int64)
            stages.append(
                StageRecord(
                    "seats_again",
                    outcome.status,
                    int(costs @ witness),
                    outcome.seconds,
                    1,
                    backend=ran_on(used),
                )
            )
    models.add_row(everyone, costs, None, int(costs @ witness))
    if skip_tie_break:
        return _solution(problem, witness, proven, stages, minimum_seats, minimum_cost, started)

    # Stage 4: the canonical tie-break.
    tie_started = time.perf_counter()
    model, used = stage_model("tie_break")
    witness, tie_proven, tie_solves = _tie_break(model, problem, witness, clock, proven, used)
    proven &= tie_proven
    tie_status = Status.OPTIMAL if tie_proven else Status.FEASIBLE
    stages.append(
        StageRecord(
            "tie_break",
            tie_status,
            None,
            time.perf_counter() - tie_started,
            tie_solves,
            backend=ran_on(used),
        )
    )
    return _solution(problem, witness, proven, stages, minimum_seats, minimum_cost, started)


def _solution(
    problem: CoverageProblem,
    witness: np.ndarray,
    proven: bool,
    stages: list[StageRecord],
    minimum_seats: int,
    minimum_cost: int,
    started: float,
) -> Solution:
    chosen = tuple(int(i) for i in np.flatnonzero(witness))
    return Solution(
        chosen=chosen,
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        stages=tuple(stages),
        minimum_seats=minimum_seats,
        minimum_cost=minimum_cost,
        score_scaled=int(problem.scores[list(chosen)].sum()),
        solve_seconds=time.perf_counter() - started,
        solves=sum(s.solves for s in stages),
    )


def _tie_break(
    model: SolverModel,
    problem: CoverageProblem,
    witness: np.ndarray,
    clock: Clock,
    proven: bool,
    backend: Backend,
) -> tuple[np.ndarray, bool, int]:
    """Spec 4.4 with one solve per decided seat; see the module docstring.

    The question "which provider of the window is the earliest that some agreeing table
    contains?" has two exact formulations, chosen per backend by measurement
    (``Backend.tie_break_formulation``, benchmarks/RESULTS.md):

    * ``"chain"``: ``z_0 <= x_0``, ``z_j <= z_(j-1) + x_j``, maximise ``sum z``. ``z_j`` can be 1
      only from the first chosen window member on, so the maximum is reached exactly by a
      table whose first window member is as early as possible. CP-SAT propagates the chain well.
    * ``"rank"``: one binary ``y_p`` per window member and ``y_none``, ``sum y = 1``,
      ``y_p <= x_p``, minimise ``sum p * y_p + L * y_none`` (``L`` the window length). The
      minimum is the rank of the earliest window member some agreeing table contains (``L``
      when none does; ``y_none`` keeps the witness feasible). Its LP relaxation is tighter for
      branch-and-bound solvers: HiGHS needs far fewer nodes with it.

    In both, an optimal solution's first window member with ``x = 1`` is that earliest member.
    """
    formulation = getattr(backend, "tie_break_formulation", "chain")
    order = problem.priority
    n = len(order)
    target = int(witness.sum())
    unit_costs = problem.unit_costs
    fixed_in = 0
    solves = 0
    variables = n
    hint_ones: list[int] = []
    k = 0
    while k < n:
        if proven and unit_costs and fixed_in == target:
            break  # every remaining table has exactly `target` seats: the rest stay out
        if clock.expired():
            return witness, False, solves
        w = k
        while w < n and not witness[order[w]]:
            w += 1
        if w == k:
            model.fix(order[k], 1)
            fixed_in += 1
            k += 1
            continue
        window = [order[p] for p in range(k, w)]
        if formulation == "rank":
            first, variables = _rank_window(model, window)
        else:
            first, variables = _chain_window(model, window)
        hint = np.zeros(variables, dtype=np.int64)
        hint[:n] = witness  # every window member is 0 in the witness
        hint[hint_ones] = 1
        if formulation == "rank":
            hint[variables - 1] = 1  # y_none
        model.set_hint(hint)
        outcome = model.solve(clock.remaining())
        solves += 1
        if outcome.status is Status.INFEASIBLE:
            raise SolverError(Problem("solver_lost_table", {"solver": backend.name, "stage": 4}))
        if outcome.values is None:
            return witness, False, solves
        if outcome.status is not Status.OPTIMAL:
            proven = False
        values = outcome.values
        chosen = [p for p, i in enumerate(window) if values[i]]
        if chosen:
            f = chosen[0]
            for i in window[:f]:
                model.fix(i, 0)
            model.fix(window[f], 1)
            fixed_in += 1
            witness = values[:n].astype(np.int64)
            k += f + 1
        else:
            for i in window:
                model.fix(i, 0)
            f = len(window)
            k = w
        if formulation == "rank":
            # This window's rows stay in the model; keep later hints feasible for them (a
            # warm start that breaks a row is dropped by CBC). The chain's z = 0 always fits.
            hint_ones.append(first + f)
    return witness, proven, solves


def _chain_window(model: SolverModel, window: list[int]) -> tuple[int, int]:
    """The window question as a chain (see :func:`_tie_break`); returns the first new variable
    and the variable count."""
    first = model.add_binaries(len(window))
    variables = first + len(window)
    model.add_constraint([first, window[0]], [1, -1], None, 0)
    for offset in range(1, len(window)):
        z = first + offset
        model.add_constraint([z, z - 1, window[offset]], [1, -1, -1], None, 0)
    model.set_objective(range(first, variables), [1] * len(window), maximise=True)
    return first, variables


def _rank_window(model: SolverModel, window: list[int]) -> tuple[int, int]:
    """The window question as the rank of the earliest member (see :func:`_tie_break`);
    returns the first new variable and the variable count (``y_none`` is the last)."""
    length = len(window)
    first = model.add_binaries(length + 1)  # y_0 .. y_(L-1), then y_none
    variables = first + length + 1
    model.add_constraint(range(first, variables), [1] * (length + 1), 1, 1)
    for offset, provider in enumerate(window):
        model.add_constraint([first + offset, provider], [1, -1], None, 0)
    model.set_objective(range(first, variables), list(range(length + 1)), maximise=False)
    return first, variables
