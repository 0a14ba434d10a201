"""The ``auto`` backend: a concrete backend chosen from the problem's shape, by measured rules.

Measured on a 2-core machine (benchmarks/RESULTS.md; build + solve, stage 1 for OR-Library and all
four stages for regions). *n* is the number of providers (columns), *k* the mean number of cells
(rows) a provider covers:

================  =====  =====  ========  ========  ========
instances           n      k     cpsat      cbc      highs
================  =====  =====  ========  ========  ========
OR-Lib 4 (10)      1000    4.0     0.6 s     0.7 s     1.6 s
OR-Lib 5 (10)      2000    4.0     1.0 s     1.3 s     2.5 s
OR-Lib 6 (5)       1000    9.8     1.3 s     1.8 s     9.1 s
OR-Lib A (5)       3000    6.0     2.0 s     3.1 s    11.2 s
OR-Lib B (5)       3000   15.0    18.0 s    14.2 s    34.5 s
OR-Lib C (5)       4000    8.0     5.0 s     9.7 s    25.5 s
OR-Lib D (5)       4000   20.0    58.4 s    36.4 s    47.6 s
region, 170         170    9.5     0.4 s     0.3 s     0.3 s
region, 1000       1000   17.8     0.9 s     0.9 s     1.8 s
joints, 1000       1000   49.8    64 s     219 s     162 s
region, 10000     10000   20.3    22.5 s     8.0 s    48.5 s
================  =====  =====  ========  ========  ========

CP-SAT (one worker, full LP relaxation) wins where providers are few or cover few cells; CBC wins
where many providers each cover many cells. HiGHS wins nowhere here by more than noise. The rule
below separates every measured case; it is a rule fitted to these measurements, so a new family
of instances may call for a new row in the table and a new look at the threshold.

Many providers *and* many cells (every joint over 60-100 municipalities) is a shape of its own,
where no single backend is best at every stage (benchmarks/RESULTS.md, "Many providers and many
cells"). Each stage of the whole solve in seconds, proven unless marked (">": not proven within
a 300 s limit; ranges over one to six runs, some with another run on the second core):

==================  =====  =====  ==========  ==========  ===========
stage                 n    cells    cpsat        cbc         highs
==================  =====  =====  ==========  ==========  ===========
1, fewest seats      5000   1239   > 300 *      1.9         7-31
1, fewest seats     10000   1999   > 290        > 290       104-197
2, expertise         5000   1239   24-42        14-22
2, expertise        10000   1999   4-7          26.5        44
3, seats again       5000   1239   5-9          45-52
3, seats again      10000   1999   6-8                      26
4, tie-break         5000   1239               78-127       142
4, tie-break        10000   1999   > 1041 **   118-149      348
==================  =====  =====  ==========  ==========  ===========

(* stage 1 alone, without the rules that hold only for the canonical answer; CBC took 188 s and
HiGHS 27 s that way. ** the first of eleven tie-break solves was not finished after 1,041 s.)
So for this shape :func:`stage_plan` ran stage 1 in HiGHS, the only solver that proved
joints-10000 (on joints-5000 it cost 7-31 s where CBC took 1.9 s, which the later stages made
up for), and stages 2-3 in CP-SAT, and :func:`choose` names CBC, which runs the tie-break (and a
diagnosis). Through ``select``: joints-5000 in 129 s (CBC alone: 153 s); joints-10000 proven in
249-299 s in five of six runs of this plan (CBC alone: not proven in 300 s). Since the size
bands' bounds are found by search when no solver proves them quickly (solve.strengthen,
``_fewest_by_search``), the bound of stage 1 on joints-10000 is 9, its minimum. Measured again
with that bound (benchmarks/RESULTS.md, eleventh pass): CBC proves stage 1 in 3.7-4.5 s where
HiGHS takes 17.8-19.5 s (joints-5000: 1.5-1.8 s against 3.5-3.8 s), and the whole solve takes
92-112 s against 110-119 s (joints-5000 88-96 s against 101-105 s). But where the bound falls
one short (the search stopped early, 8), CBC had not proven stage 1 after 144 s, and HiGHS
took 119 s. So stage 1 now runs in CBC, handed to HiGHS after MANY_CELLS_STAGE_ONE_SECONDS
(:func:`stage_one_handover`); that second case took 146 s for stage 1 that way.
At 703 cells (5,000 providers) CBC alone was faster than the split (77.8 against 91.2 s, same
table), as at 123 cells (region-10000, where CBC is best at every stage); the threshold sits
between 703 and 1,239 cells, the first case where the split paid. The tie-break there runs in
CBC with MANY_CELLS_TIE_BREAK_OPTIONS (:func:`tie_break_backend`; thirteenth pass): the whole
solve of joints-10000 68-70 s, of joints-5000 67-76 s.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tafelselectie.backends.base import Backend
    from tafelselectie.backends.race import RacingBackend
    from tafelselectie.solve.problem import CoverageProblem

MANY_PROVIDERS = 2500
DENSE_COVER = 12.0  # mean cells per provider
MANY_CELLS = 1000


def choose(problem: CoverageProblem | None) -> tuple[str, ...]:
    """Backends in order of preference for ``problem`` (the first available one is used)."""
    if problem is None or problem.n_providers == 0:
        return ("cpsat", "cbc", "highs")
    if _many_providers_and_cells(problem):
        others = tuple(b for b in ("cbc", "cpsat", "highs") if b != TIE_BREAK_MANY_CELLS)
        return (TIE_BREAK_MANY_CELLS, *others)
    mean_cover = float(problem.incidence.sum()) / problem.n_providers
    if problem.n_providers >= MANY_PROVIDERS and mean_cover >= DENSE_COVER:
        return ("cbc", "cpsat", "highs")
    return ("cpsat", "cbc", "highs")


# the tie-break of the many-cells shape: measured in benchmarks/RESULTS.md ("Many providers and
# many cells")
TIE_BREAK_MANY_CELLS = "cbc"
# ... with these CBC settings (no strong branching, no primal heuristics: every tie-break solve
# starts from the witness). Measured (benchmarks/RESULTS.md, thirteenth pass; tie-break seconds
# through `select` under auto, two runs each, alternating): joints-5000 63.3 / 79.1 with CBC's
# defaults, 55.6 / 64.1 with these; joints-10000 68.4 / 75.7 against 53.5 / 63.0. With cuts off
# as well joints-5000 took 32.1 / 39.7 but joints-10000 82.3 / 116.9; a race of the two (two CBC
# processes per solve) 44.4 and 91.3.
MANY_CELLS_TIE_BREAK_OPTIONS = ("strongBranching 0", "heuristics off")


def stage_plan(problem: CoverageProblem) -> dict[str, str]:
    """Stages (by the names of ``solve.model.STAGES``) that ``auto`` runs in another backend
    than the one :func:`choose` picks, by name; empty for every shape but many providers with
    many cells (see the module docstring), whose stage 1 runs in the chosen backend (CBC)
    with a handover to HiGHS (:func:`stage_one_handover`). The caller skips a backend that is
    not installed.

    With fewer providers HiGHS was not measured faster at stage 1: on joints-1000 (703 cells),
    back to back, HiGHS took 31.4 and 25.1 s, CP-SAT 28.9 and 28.0 s."""
    if not _many_providers_and_cells(problem):
        return {}
    return {"expertise": "cpsat", "seats_again": "cpsat"}


# Stage 1 of the many-cells shape: in CBC, handed to HiGHS (with CBC's table) when CBC has not
# proven it within this many seconds. Measured (benchmarks/RESULTS.md, eleventh pass): where
# the size bands' bounds reach the fewest seats (joints-10000: 9, by solve.strengthen's search),
# CBC proves stage 1 in 3.8-4.5 s and HiGHS in 17.8-19.5 s (joints-5000: 1.7-1.8 s against
# 3.5-3.8 s); where they fall one short (the search stopped early: 8), CBC had not proven it
# after 144 s and HiGHS took 119 s. The handover costs that second case these seconds.
MANY_CELLS_STAGE_ONE_SECONDS = 10.0


def stage_one_handover(problem: CoverageProblem) -> tuple[str, float] | None:
    """The backend (by name) that takes over stage 1 of ``select`` under ``auto``, and after
    how many seconds, where the first one has not proven it; None but for many providers with
    many cells (see MANY_CELLS_STAGE_ONE_SECONDS)."""
    if not _many_providers_and_cells(problem):
        return None
    return ("highs", MANY_CELLS_STAGE_ONE_SECONDS)


def _many_providers_and_cells(problem: CoverageProblem) -> bool:
    return problem.n_providers >= MANY_PROVIDERS and problem.n_cells >= MANY_CELLS


# Provider-cell pairs up to which the canonical answer runs CP-SAT without its presolve. Measured
# (benchmarks/RESULTS.md, "Start-up"): all four stages of the 170-provider example took 0.095 s
# with presolve and 0.027 s without, 170 x 207 cells 0.109 -> 0.064 s, 1,000 x 103 cells (17,800
# pairs) 0.516 -> 0.417 s; on joints-1000 (49,800 pairs) stage 1 took 43 s without against 37 s
# with, and a lighter presolve lost the tie-break's proof within 120 s.
SMALL_WITHOUT_PRESOLVE = 20_000


def for_canonical_answer(backend: Backend, problem: CoverageProblem) -> Backend:
    """``backend`` as the canonical answer (``select``) runs it: CP-SAT without presolve on a
    small problem, unless the caller set ``cp_model_presolve`` itself.

    Only the canonical answer, which is unique (spec 4.4) and whose relaxation is canonical too
    (diagnose.relaxation), may change solver settings freely: the lottery's portfolio of equally
    fair tables follows the solver's path, so it keeps the settings its results were pinned with.
    """
    from tafelselectie.backends.cpsat import CpSatBackend

    if not isinstance(backend, CpSatBackend) or "cp_model_presolve" in backend.explicit:
        return backend
    if int(problem.incidence.sum()) > SMALL_WITHOUT_PRESOLVE:
        return backend
    return CpSatBackend(**backend.explicit, cp_model_presolve=False)


# Stage 1 of the canonical answer in CP-SAT on two workers, where the problem is large enough to
# keep CP-SAT's presolve (above SMALL_WITHOUT_PRESOLVE pairs): the LP worker of our one-worker
# setting ("max_lp", linearization level 2) and a reduced-cost search beside it, sharing tables
# and bounds. Measured (benchmarks/RESULTS.md, "Two CP-SAT workers for stage 1"): stage 1 of
# joints-1000 (49,808 pairs) in the whole solve took 16-40 s (median 24 s, twelve runs, with
# "reduced_costs" or "quick_restart" beside "max_lp", which did not differ beyond the spread)
# against 32-53 s (median 40 s, seven runs) on one worker; `select` under auto, alternating
# with the one-worker rule: 53-65 s against 66-68 s. Where the presolve is off it did not pay
# (hard-1000, 13,292 pairs: stage 1 8.0-25.9 s against 7.7-14.7 s), and the later stages, whose
# path follows the hint, were not faster on two workers (the tie-break of joints-1000 took
# 27-54 s against 14 s), so only stage 1 gets them. The answer does not depend on it (spec 4.4
# makes it unique), but two workers do not follow one path: a time-limited stage 1 may end at
# another table of the same seats from run to run, and the later stages' times vary with the
# table they start from (the tie-break of joints-1000 took 12-16 s in nine runs and 197 s in
# one, when stage 2 ended at another optimal table; one worker with another seed does the
# same, RESULTS.md "The tie-break's long stretch").
STAGE_ONE_WORKERS = 2
STAGE_ONE_SUBSOLVERS = ("max_lp", "reduced_costs")

# The cores a solve of this process may use, when not all of the machine's: the workers of a
# process pool share the cores with their siblings, so each gets one (see one_core_per_process).
_cores_per_process: int | None = None


def one_core_per_process() -> None:
    """Let every solve of this process use one core: no two-worker stage 1 and no raced
    tie-break. The initializer of the local process pool of a sweep (analysis.sweep.run_tasks)
    and of the workers of its local Dask cluster, where as many processes run as there are
    cores: two searches per process would each get half a core, and a race then takes twice
    the time of its faster search instead of that time."""
    global _cores_per_process
    _cores_per_process = 1


def usable_cores() -> int:
    """The cores a solve of this process may use (those it may run on, or 1 in a pool's
    worker)."""
    return _cores_per_process or _machine_cores()


def _machine_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system keeps one (Linux:
    ``taskset``, a container's cpuset), which ``os.cpu_count`` ignores; else the machine's
    count. (Python 3.13's ``os.process_cpu_count`` does the same.) A race or a second worker
    on a process pinned to one core would halve each search's speed."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def stage_one_backend(backend: Backend, problem: CoverageProblem) -> Backend | None:
    """The CP-SAT that runs stage 1 of ``select`` under ``auto`` when it is not ``backend``
    itself: two workers (see STAGE_ONE_SUBSOLVERS) on a large problem with a machine of two or
    more cores; None when ``backend`` is not CP-SAT, the caller chose workers or subsolvers, the
    problem is small or the machine has one core."""
    from tafelselectie.backends.cpsat import CpSatBackend

    if not isinstance(backend, CpSatBackend):
        return None
    if {"num_workers", "subsolvers"} & set(backend.explicit):
        return None
    if int(problem.incidence.sum()) <= SMALL_WITHOUT_PRESOLVE:
        return None
    if usable_cores() < STAGE_ONE_WORKERS:
        return None
    return CpSatBackend(
        **backend.explicit,
        num_workers=STAGE_ONE_WORKERS,
        subsolvers=list(STAGE_ONE_SUBSOLVERS),
    )


# The tie-break of the same large problems: each of its solves runs twice side by side, with
# our seed and the next, on one worker each, and the first proof ends both (cpsat.CpSatModel.
# solve with a race). Measured on joints-1000 (benchmarks/RESULTS.md, "The tie-break's long
# path"): where stage 2 ends at an optimal table whose first member comes late in the tie-break
# order (position 389, against 114 for the canonical table), the first window's solve took
# 213 s with seed 0 and 13 s with seed 1, and the race 14.5 s; where stage 2 ends at the
# canonical table, the first window took 7.6 s with seed 0, 12.0 s with seed 1 and the race
# 7.4 s. Two workers of one CP-SAT (which share tables and bounds, but also run CP-SAT's
# helpers on the same two cores) proved "nothing earlier" 2-2.5 times slower than one worker.
TIE_BREAK_SEEDS = 2

# The tie-break of problems of a middle size (MIDDLE_RACE_FROM up to SMALL_WITHOUT_PRESOLVE
# provider-cell pairs, solved without presolve), on two or more cores: each solve is a race of
# two searches without CP-SAT's cutting planes (``cut_level=0``, MIDDLE_RACE), with the caller's
# seed and the next, the first proof ending both. Measured (benchmarks/RESULTS.md, eighth and
# ninth passes; `select` under auto): one cuts-off search took the tie-break of hard-1000 from
# 5.8-7.1 s to 3.8-4.5 s but that of local-1000 (the same size) from 6.3-6.5 s to 12.5-12.9 s,
# a bad random path. The eighth pass raced our setting against it. Three runs each, alternating,
# on three regions of the hard shape (the ninth pass), that race against two cuts-off seeds:
# hard-1000 4.4-4.4 s against 4.0-4.4 s, hard-1000-s2000 8.3-8.5 s against 3.7-5.1 s,
# hard-1000-s3000 11.3-12.4 s against 3.0-3.3 s; local-1000 5.9-7.0 s against 5.6-7.3 s, two more
# local regions, and region-1000, within their spread. Below MIDDLE_RACE_FROM pairs (the example:
# 1,613) a tie-break takes hundredths of a second, where starting a second search is not worth it.
MIDDLE_RACE_FROM = 10_000
MIDDLE_RACE: dict[str, int] = {"cut_level": 0}
MIDDLE_RACE_SEEDS = 2
# Where CBC is installed, that race is instead one cuts-off CP-SAT search against CBC with these
# settings (no strong branching, no primal heuristics), CBC joining each solve after
# MIDDLE_CBC_AFTER seconds (backends.race.RacingBackend); the same two run stages 1-3, CP-SAT
# as the stages' solver and CBC joining it (middle_race_backend). Measured (benchmarks/
# RESULTS.md, twelfth pass; tie-break seconds through `select` under auto, the race of two
# CP-SAT seeds against this one): local-1000 5.8-6.0 against 2.4, hard-1000 2.8-3.6 against
# 3.0-3.6, and regions of its shape from seeds 5000 and 7000 21.7 against 9.1 and 16.8 against
# 6.2; but from seeds 2000 and 3000 3.4-4.2 against 5.1-6.2 and 2.2-2.5 against 3.3-3.8,
# region-1000 0.32 both. The tie-break alone in CBC with its defaults took 2-6 times as long as
# with these settings; with a third search (both CP-SAT seeds and CBC) the two cores were shared
# three ways, and local-1000 took 4.3 s, seed 2000 6.2 s. Stages 1-3 (thirteenth pass): stage 2
# alone from one table, in seconds, CP-SAT with its cuts / without / CBC with its defaults / with
# these settings: hard-1000 7.1 / 2.7 / 1.7 / 3.9, seed 2000 2.8 / 3.4 / 4.3 / 1.7, seed 3000
# 1.7 / 0.9 / 8.5 / 3.1, seed 5000 11.3 / 9.9 / 10.7 / 4.6, seed 7000 11.7 / 8.1 / 13.2 / 3.7.
# Whole `select`, three runs each, alternating, before (CP-SAT with cuts, CBC with its defaults
# joining) and now: hard-1000 9.7-9.8 against 8.9-9.5 s (stage 1 5.3-5.5 against 2.8-3.0 s),
# seed 2000 8.9-9.9 against 8.0-8.8, seed 3000 7.4-8.2 against 5.7-6.5, seed 5000 25.5-26.9
# against 15.3-16.3, seed 7000 15.5-16.8 against 10.1-11.8; local-1000 and region-1000 within
# their spread. Running stages 1-3 in the race itself (CBC joining stage 2 after a second, not
# at once) was slower on three of four (hard-1000 10.7-11.4 against 9.8-10.6 s), and stage 2's
# CBC with its defaults lost seed 7000 (20-22 s).
MIDDLE_CBC_OPTIONS = ("strongBranching 0", "heuristics off")
MIDDLE_CBC_AFTER = 1.0


def middle_race_backend(backend: Backend, problem: CoverageProblem) -> RacingBackend | None:
    """The tie-break of ``select`` under ``auto`` on a problem of a middle size
    (MIDDLE_RACE_FROM to SMALL_WITHOUT_PRESOLVE provider-cell pairs) with CBC installed and two
    or more cores: each solve a race of one CP-SAT search without cuts (``backend``'s settings
    and seed) and CBC with MIDDLE_CBC_OPTIONS, which joins after MIDDLE_CBC_AFTER seconds. Its
    two sides also run stages 1-3 there: its CP-SAT search is the stages' own solver, its CBC
    the one that joins them (solve.selection, stage_backends_for and handovers_for: after a
    second, stage 2 at once after a stage 1 of more than a second). None otherwise, and
    whenever ``backend`` is not CP-SAT or the caller chose its workers, subsolvers or cut
    level."""
    from tafelselectie.backends.cpsat import CpSatBackend

    if not isinstance(backend, CpSatBackend) or not _middle(backend, problem):
        return None
    if "cbc" not in _installed():
        return None
    from tafelselectie.backends.pulp import CbcBackend
    from tafelselectie.backends.race import RacingBackend

    cuts_off = CpSatBackend(**{**backend.explicit, **MIDDLE_RACE})
    cbc = CbcBackend(options=MIDDLE_CBC_OPTIONS)
    return RacingBackend(cuts_off, cbc, MIDDLE_CBC_AFTER)


def _middle(backend: Backend, problem: CoverageProblem) -> bool:
    """Whether ``backend`` (CP-SAT) runs ``problem`` as one of a middle size: in that range of
    pairs, on two or more cores, its workers, subsolvers and cut level not the caller's."""
    from tafelselectie.backends.cpsat import CpSatBackend

    if not isinstance(backend, CpSatBackend):
        return False
    if {"num_workers", "subsolvers", "cut_level"} & set(backend.explicit):
        return False
    if usable_cores() < MIDDLE_RACE_SEEDS:
        return False
    return MIDDLE_RACE_FROM <= int(problem.incidence.sum()) <= SMALL_WITHOUT_PRESOLVE


def tie_break_backend(backend: Backend, problem: CoverageProblem) -> Backend | None:
    """The backend that runs the tie-break of ``select`` under ``auto`` when it is not
    ``backend`` itself. On the many-cells shape, where ``backend`` is CBC with its defaults:
    CBC with MANY_CELLS_TIE_BREAK_OPTIONS. Where :func:`stage_one_backend` gives stage 1 two
    workers: a race of TIE_BREAK_SEEDS one-worker CP-SAT searches with consecutive seeds. On a
    problem of a middle size: the race of :func:`middle_race_backend`, or where CBC is not
    installed a race of MIDDLE_RACE_SEEDS CP-SAT searches without cuts (see MIDDLE_RACE), with
    consecutive seeds. None otherwise (and whenever the caller chose CBC's settings, CP-SAT's
    workers, subsolvers or cut level, or, for the races, this process has one core)."""
    from tafelselectie.backends.cpsat import DEFAULT_PARAMETERS, CpSatBackend

    if backend.name == "cbc" and _many_providers_and_cells(problem):
        from tafelselectie.backends.pulp import CbcBackend

        if isinstance(backend, CbcBackend) and not backend.options:
            return CbcBackend(options=MANY_CELLS_TIE_BREAK_OPTIONS)
        return None
    if not isinstance(backend, CpSatBackend):
        return None
    seed = int(backend.parameters.get("random_seed", DEFAULT_PARAMETERS["random_seed"]))
    if stage_one_backend(backend, problem) is not None:
        race = [{"random_seed": seed + k} for k in range(TIE_BREAK_SEEDS)]
        return CpSatBackend(**backend.explicit, race=race)
    if not _middle(backend, problem):
        return None
    raced = middle_race_backend(backend, problem)
    if raced is not None:
        return raced
    race = [{**MIDDLE_RACE, "random_seed": seed + k} for k in range(MIDDLE_RACE_SEEDS)]
    return CpSatBackend(**backend.explicit, race=race)


def _installed() -> tuple[str, ...]:
    from tafelselectie.backends import available_backends

    return tuple(available_backends())
