"""``select``: pool + criteria in, the one table out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tafelselectie.backends import DEFAULT_BACKEND, Backend, get_backend
from tafelselectie.backends.auto import for_canonical_answer
from tafelselectie.criteria import Criteria, load_criteria
from tafelselectie.io.pool import ActivePool, Pool
from tafelselectie.io.values import check_time_limit
from tafelselectie.solve.build import build_problem
from tafelselectie.solve.diagnose import solve_or_diagnose
from tafelselectie.solve.model import Handover
from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.result import SelectionResult
from tafelselectie.solve.split import SplitByCounts

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.solve.rotation import HistoryEntry


def select(
    pool: Pool | ActivePool | CoverageProblem | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any] | None = None,
    *,
    backend: str = DEFAULT_BACKEND,
    time_limit: float | None = None,
    history: Sequence[HistoryEntry] = (),
) -> SelectionResult:
    """Choose the table of spec section 4 for ``pool`` under ``criteria``.

    ``pool`` is a path (CSV or ``.xlsx``), a DataFrame, a :class:`Pool`, or an already built
    :class:`CoverageProblem` (then ``criteria`` is not needed). ``time_limit`` (seconds) bounds the
    whole solve; a table found without a full proof has status ``feasible``. ``history``
    (earlier tables, :func:`tafelselectie.solve.rotation.read_history`) applies the criteria's
    ``[rotation]`` policies.

    Raises :class:`~tafelselectie.errors.PoolError` / :class:`~tafelselectie.errors.CriteriaError`
    for bad input, :class:`~tafelselectie.errors.InfeasibleError` (with its ``diagnosis``) when
    no table exists, :class:`~tafelselectie.errors.BackendUnavailableError` for an unknown or
    missing backend and :class:`~tafelselectie.errors.NoSolutionError` when the time limit ends
    before any table is found.
    """
    started = time.perf_counter()
    time_limit = check_time_limit(time_limit)
    if backend != "auto":
        get_backend(backend)  # an unknown or missing backend fails before any reading
    loaded = None
    if not isinstance(pool, CoverageProblem) and criteria is not None:
        loaded = criteria if isinstance(criteria, Criteria) else load_criteria(criteria)
    problem = as_problem(pool, loaded if loaded is not None else criteria, history, "select")
    solver = for_canonical_answer(get_backend(backend, problem), problem)
    built = time.perf_counter()
    # a backend asked for by name runs every stage itself; `auto` may run a stage elsewhere
    # (the measured rules of backends/auto.py) or hand it over when it is slow to prove
    handovers = handovers_for(solver, problem) if backend == "auto" else {}
    stage_backends = stage_backends_for(problem, solver) if backend == "auto" else {}
    split = split_for(solver, problem) if backend == "auto" else None
    solution = solve_or_diagnose(
        problem,
        solver,
        time_limit,
        handovers=handovers,
        stage_backends=stage_backends,
        split=split,
    )
    finished = time.perf_counter()
    return SelectionResult(
        problem=problem,
        chosen=solution.chosen,
        status=solution.status,
        backend=solver.name,
        requested_backend=backend,
        minimum_seats=solution.minimum_seats,
        minimum_cost=solution.minimum_cost,
        stages=solution.stages,
        solves=solution.solves,
        timings={"build": built - started, "solve": finished - built},
        versions=_versions(solver.versions()),
        criteria=loaded,
    )


# Under `auto`, CP-SAT hands stages 2 and 3 (expertise, seats again) to CBC when it has not
# proven them in this many seconds. Measured (benchmarks/RESULTS.md, "Per-stage strategy"):
# stage 2 on hard-1000 took CP-SAT 4.9-12.3 s and CBC 1.5-1.6 s, on joints-1000 14-29 s against
# 6.2-7.8 s; stage 3 on region-10000 took CP-SAT 3.3-8.8 s and CBC 0.5 s. Where CP-SAT proves a
# stage within the second (the smaller cases) nothing changes. When stage 1 took CP-SAT longer
# than that, stage 2 goes to CBC at once (Handover.at_once_after): on both cases where stage 1
# took more than a second (hard-1000, joints-1000) CP-SAT did not prove stage 2 within one,
# and skipping that second took stage 2 of hard-1000 from 2.5-2.6 s to 1.6-1.8 s (three runs
# each, alternating; the whole `select` 13.7-14.6 s against 14.3-16.4 s). Stage 3 keeps the
# second: CP-SAT proves it on joints-1000 in 0.5-0.65 s, where CBC took 2.3 s.
HANDOVER_SECONDS = 1.0

# On two or more cores a handover is a race (backends.race.race): CP-SAT keeps searching
# beside CBC and the first proof wins, because which of the two proves a stage first differs
# from region to region (benchmarks/RESULTS.md, "A race of CBC and CP-SAT"): stage 2 of
# hard-1000 CBC 1.5-1.8 s, of hard-1000-s3000 CP-SAT 3.6-4.5 s where CBC took 7.8-8.7 s. Stage 1
# joins the race after HANDOVER_SECONDS where CP-SAT runs it on one worker (the second core is
# idle then): stage 1 of hard-1000-s2000 took CBC 0.7-0.9 s against CP-SAT's 2.1-3.1 s; started
# at once, the CBC model that a quick CP-SAT proof makes useless would cost region-1000 0.06-0.09
# s of its 0.5 s. On one core the two would share it, so CP-SAT stops and CBC takes over.
# On a problem of a middle size (backends.auto.middle_race_backend) CP-SAT runs stages 1-3
# without cuts, and the CBC that joins them has that race's settings (no strong branching, no
# primal heuristics), as in its tie-break.


def handovers_for(solver: Backend, problem: CoverageProblem) -> dict[str, Handover]:
    """The stages ``solver`` hands over when it is slow to prove them (see HANDOVER_SECONDS)."""
    from tafelselectie.backends import available_backends
    from tafelselectie.backends.auto import (
        middle_race_backend,
        stage_one_backend,
        stage_one_handover,
        usable_cores,
    )

    many_cells = stage_one_handover(problem)
    if many_cells is not None:  # its own plan (backends.auto.stage_plan)
        name, seconds = many_cells
        if name == solver.name or name not in available_backends():
            return {}
        return {"seats": Handover(seconds, get_backend(name))}
    middle = middle_race_backend(solver, problem)
    cbc: Backend
    if middle is not None:
        # stages 1-3 run in the middle race's CP-SAT search (stage_backends_for), and CBC with
        # that race's settings is the one that joins them
        cbc = middle.second
    elif solver.name != "cpsat" or "cbc" not in available_backends():
        return {}
    else:
        cbc = get_backend("cbc")
    race = usable_cores() >= 2
    handovers = {
        "expertise": Handover(HANDOVER_SECONDS, cbc, at_once_after=HANDOVER_SECONDS, race=race),
        "seats_again": Handover(HANDOVER_SECONDS, cbc, race=race),
    }
    if race and stage_one_backend(solver, problem) is None:  # not on two CP-SAT workers
        handovers["seats"] = Handover(HANDOVER_SECONDS, cbc, race=True)
    return handovers


# Under `auto`, a stage 1 that CP-SAT's two workers have not proven in this many seconds is
# proven by parts (solve.split) where a single-valued dimension (the size bands) splits it into
# at most SPLIT_PARTS parts, solved side by side on the usable cores, one CP-SAT worker each.
# Measured (benchmarks/RESULTS.md, "Stage 1 by parts"): on joints-1000 the two workers had found
# the fewest seats (10) within 2 s in every run, and the three parts of "at most 9" took 5.4-6.4
# s together: stage 1 7.2-8.4 s against 18-40 s. After 1 s their table had 13 seats, whose 15
# parts are more than SPLIT_PARTS: a part that holds better tables is slow to decide (it proves
# its own minimum, 16-55 s on joints-1000), so a split is only worth it from a table at or near
# the fewest seats. With more parts the two workers search on (they are not stopped to ask),
# and the split starts as soon as a better table of theirs allows it (solve.split.
# solve_until_split).
SPLIT_AFTER_SECONDS = 2.0
SPLIT_PARTS = 6


def split_for(solver: Backend, problem: CoverageProblem) -> SplitByCounts | None:
    """The split of stage 1 under ``auto``: where stage 1 runs on two CP-SAT workers
    (backends.auto.stage_one_backend: a large problem, two or more cores), with unit costs and a
    single-valued dimension; the parts run in ``solver`` itself (one worker)."""
    from tafelselectie.backends.auto import stage_one_backend, stage_one_handover, usable_cores
    from tafelselectie.solve.strengthen import single_valued_dimensions

    if stage_one_backend(solver, problem) is None or not problem.unit_costs:
        return None
    if stage_one_handover(problem) is not None:  # stage 1 has a plan of its own there
        return None
    if problem.seats_exact is not None or not single_valued_dimensions(problem):
        return None
    return SplitByCounts(SPLIT_AFTER_SECONDS, solver, usable_cores(), SPLIT_PARTS)


def stage_backends_for(problem: CoverageProblem, solver: Backend) -> dict[str, Backend]:
    """The stages ``auto`` runs in another backend than ``solver`` (backends.auto.stage_plan),
    leaving out those whose solver is not installed (``solver`` runs them then), or in another
    setting of it (stage 1 of a large problem on two CP-SAT workers, backends.auto.
    stage_one_backend, and its tie-break as a race of two one-worker searches, backends.auto.
    tie_break_backend), or (a problem of a middle size, backends.auto.middle_race_backend)
    stages 1-3 in CP-SAT without cuts and the tie-break in its race with CBC."""
    from tafelselectie.backends import available_backends
    from tafelselectie.backends.auto import (
        middle_race_backend,
        stage_one_backend,
        stage_one_handover,
        stage_plan,
        tie_break_backend,
    )

    installed = available_backends()
    plan = {
        stage: get_backend(name)
        for stage, name in stage_plan(problem).items()
        if name != solver.name and name in installed
    }
    middle = middle_race_backend(solver, problem)
    if middle is not None:  # stages 1-3 in its CP-SAT search, CBC joining (handovers_for)
        for stage in ("seats", "expertise", "seats_again"):
            plan.setdefault(stage, middle.first)
    if "seats" not in plan and stage_one_handover(problem) is None:
        two_workers = stage_one_backend(solver, problem)
        if two_workers is not None:
            plan["seats"] = two_workers
    if "tie_break" not in plan:
        racing = tie_break_backend(solver, problem)
        if racing is not None:
            plan["tie_break"] = racing
    return plan


def as_problem(
    pool: Pool | ActivePool | CoverageProblem | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any] | None,
    history: Sequence[HistoryEntry],
    caller: str,
) -> CoverageProblem:
    """The coverage problem of a pool and criteria (or one already built), with the rotation
    policies applied to ``history``: the common first step of ``select`` and ``lottery``."""
    if isinstance(pool, CoverageProblem):
        problem = pool
    else:
        if criteria is None:
            from tafelselectie.errors import Problem, UsageError

            raise UsageError(Problem("usage_needs_criteria", {"caller": caller}, key="criteria"))
        if not isinstance(criteria, Criteria):
            criteria = load_criteria(criteria)
        problem = build_problem(pool, criteria)
    if history:
        from tafelselectie.solve.rotation import apply_history

        problem = apply_history(problem, history)
    return problem


def _versions(solver_versions: dict[str, str]) -> dict[str, str]:
    from tafelselectie import __version__

    return {"tafelselectie": __version__, **solver_versions}
