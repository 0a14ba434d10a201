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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tafelselectie.backends.base import Backend
    from tafelselectie.solve.problem import CoverageProblem

MANY_PROVIDERS = 2500
DENSE_COVER = 12.0  # mean cells per provider


def choose(problem: CoverageProblem | None) -> tuple[str, ...]:
    """Backends in order of preference for ``problem`` (the first available one is used)."""
    if problem is None or problem.n_providers == 0:
        return ("cpsat", "cbc", "highs")
    mean_cover = float(problem.incidence.sum()) / problem.n_providers
    if problem.n_providers >= MANY_PROVIDERS and mean_cover >= DENSE_COVER:
        return ("cbc", "cpsat", "highs")
    return ("cpsat", "cbc", "highs")


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
