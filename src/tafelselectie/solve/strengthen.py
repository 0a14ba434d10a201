"""Exact strengthening of the selection model: rows and fixings that no answer depends on.

The lexicographic solve (:mod:`tafelselectie.solve.model`) adds these to its model. Each rule is
proven below; tests check each on instances built to trigger it, and the golden corpus and the
brute-force oracle check that the canonical answer is unchanged on every backend. Two kinds:

**Valid for every table** (they remove no table, so also "what if" questions may use them):

* *Forced providers.* A cell with minimum ``m`` and exactly ``m`` providers that may sit
  (members that are not blocked by rotation) needs every one of them: ``x_i = 1``.
* *Partition cuts.* A dimension is *single-valued* when every eligible provider has exactly one
  value (size bands always are). Its values partition the providers, and a cell that names
  value ``v`` (the cell ``D=v`` or a joint cell with ``D=v``) has only providers of ``v`` as
  members. So the providers of ``v`` at any table satisfy the minimums of those cells on their
  own, and their number is at least ``L_v``, the optimum of that sub-cover: "fewest providers of
  ``v`` that meet the minimums of the cells naming ``v``" (maximums and other rows left out,
  which can only lower ``L_v``). The row ``sum_{i in v} x_i >= L_v`` holds for every table. Over
  the values of one dimension these rows add up to ``sum x >= sum_v L_v``, a bound the plain LP
  relaxation does not see (the LP spreads fractions of big providers over many cells).
  ``L_v`` is solved exactly when that is quick (a small model, a short time limit); otherwise
  ``max_c min_c`` over the cells naming ``v`` is used, which is also a valid bound.

* *Implied cells.* A cell ``B`` (``D=v``) with no maximum is implied by a joint cell ``A`` that
  names ``D=v`` when every member of ``A`` is a member of ``B`` (a joint cell's members have all
  its values, so this holds by construction; it is checked all the same) and ``min_A >= min_B``:
  any table has at least ``min_A`` members of ``A``, all of them members of ``B``. ``B``'s row
  is left out of the model; joint cells are never left out, so every left-out row follows from
  a row that stays. The diagnosis, the relaxation and the checker keep every cell.

**Valid for the canonical answer** (they remove tables, never the canonical one; the count of
equally good tables, the lottery and explanations must not use them):

* *Priority-aware dominance.* Provider ``j`` dominates ``i`` when swapping ``i`` for ``j`` in
  any table keeps it a table that is at least as good and earlier in the tie-break: every cell of
  ``i`` is a cell of ``j`` and ``j``'s other cells have no maximum (the counts of ``i``'s cells
  stay, the others grow), ``i`` is not included, ``j`` is not blocked, ``j`` is in no ``one_per``
  group that ``i`` is not in, ``i`` is in the latest table only if ``j`` is (continuity), there
  are no volume shares, ``cost_j <= cost_i``, and either ``score_j > score_i`` or the scores are
  equal and ``j`` comes first in the tie-break order. Take a table ``T`` with ``i`` but without
  ``j``; then ``T' = T - i + j`` is a table with the same seats, no higher cost and no lower
  score. If ``score_j > score_i``, ``T`` is not optimal in stage 2. Otherwise ``T`` and ``T'``
  tie on stages 1-3 and differ only at ``i`` and ``j``; the tie-break decides ``j`` before ``i``
  and keeps ``j`` (``T'`` has it), so it does not choose ``T``. Either way the canonical table
  has ``x_i <= x_j``, for every such pair at once (each statement is about the one canonical
  table).
* *Dominated and superfluous.* If moreover every cell of ``i`` has a minimum of at most 1,
  ``score_i <= 0``, ``cost_i > 0`` or ``score_i < 0``, ``i`` is not in the latest table, and the
  seat count has no lower bound that could bind (``seats.min <= 1``, no ``seats.exact``), then
  ``x_i = 0`` in the canonical table: it holds ``j`` too (above), so ``T - i`` still meets every
  minimum (``j`` fills ``i``'s cells), every maximum and ``one_per`` (one member fewer), and it
  costs less (``cost_i > 0``) or scores more (``score_i < 0``) with no lower score, so ``T`` is
  not optimal.

Rows are added only where they can matter: a partition cut only when ``L_v`` exceeds what the
cells' own minimums already say.

Which backend gets which, by measurement (``benchmarks/RESULTS.md``, "Exact strengthening"):
the partition cuts raise the LP bound, and the LP-based solvers (HiGHS, CBC) prove stage 1 of
``joints-1000`` faster with them; CP-SAT's search went from 34 s to no proof in 120 s with the
same rows, so it gets every rule but those.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from tafelselectie.backends.base import Backend, Status
from tafelselectie.io.values import normalise
from tafelselectie.solve.problem import CoverageProblem

__all__ = ["PartitionCut", "Strengthening", "ValueBound", "partition_bounds", "strengthen"]

# The sub-covers of the partition cuts are small; a value whose sub-cover is not proven within
# this many seconds keeps the cells' own bound (still valid, only weaker).
SUBCOVER_SECONDS = 2.0
# A sub-cover its solver has not proven within SUBCOVER_SECONDS gets its bound from a search for
# covers of k providers, k from the bound known up: "no cover of k" proves at least k + 1. The
# searches of one dimension's values share this many seconds (a dimension with many values must
# not add seconds per value). Its time grows with the k-th power of a cell's members, so it
# proves small bounds: the small providers of joints-10000 (9,874 of them) need 3, which no
# solver proved within 2 s (CP-SAT took 111 s), and the search proves it in 0.03-0.05 s
# (RESULTS.md, twelfth pass; 0.5-1.0 s before its last step used bit sets). One short (2),
# that region's stage 1 goes from 4 s in CBC to about 146 s, and its whole solve from 93-103 s
# to 288 s (eleventh pass), hence a budget far above the need. A search that reaches the
# solver's table stops there, so the budget is spent in full only where the gap stays open.
SEARCH_SECONDS = 4.0
# Pairwise dominance compares every pair of providers: in blocks of this many rows, so 10,000
# providers need 1,000 x 10,000 counts at a time, not 10,000 x 10,000. The counts are matrix
# products in float32 (BLAS; integer products in numpy are not), exact below 2**24 cells.
BLOCK_ROWS = 1000
# Beyond this many providers (OR-Library's rail instances have a million columns) the pairs are
# not compared at all: the comparison would cost more than it saves.
MAX_DOMINANCE_PROVIDERS = 20_000


@dataclass(frozen=True)
class PartitionCut:
    """At least ``lower`` of ``members`` (the providers with ``value`` of ``dimension``)."""

    dimension: str
    value: str
    members: tuple[int, ...]
    lower: int


@dataclass(frozen=True)
class Strengthening:
    forced: tuple[int, ...]  # in every table
    cuts: tuple[PartitionCut, ...]  # valid for every table
    implied: tuple[int, ...]  # cells whose row follows from a joint cell's row
    dominance: tuple[tuple[int, int], ...]  # (i, j): x_i <= x_j in the canonical table; one j per i
    superfluous: tuple[int, ...]  # x_i = 0 in the canonical table
    seconds: float

    @property
    def empty(self) -> bool:
        return not (self.forced or self.cuts or self.implied or self.dominance or self.superfluous)


# backends whose search the partition cuts slowed down (see the module docstring)
WITHOUT_PARTITION_CUTS = frozenset({"cpsat"})


def strengthen(
    problem: CoverageProblem,
    backend: Backend,
    *,
    canonical: bool = True,
    deadline: float | None = None,
) -> Strengthening:
    """The exact strengthening of ``problem`` for ``backend`` (see the module docstring).
    ``canonical=False`` leaves out what holds only for the canonical answer. ``deadline`` (a
    ``time.perf_counter()`` value) is the caller's time limit: the work stops there and keeps
    what it found, which is exact too (every rule holds on its own)."""
    started = time.perf_counter()
    forced = forced_providers(problem)
    cuts: tuple[PartitionCut, ...] = ()
    if backend.name not in WITHOUT_PARTITION_CUTS:
        cuts = partition_cuts(problem, backend, forced, deadline)
    pairs: tuple[tuple[int, int], ...] = ()
    superfluous: tuple[int, ...] = ()
    if canonical:
        pairs = dominated_pairs(problem, deadline)
        superfluous = superfluous_providers(problem, pairs)
        pairs = _one_row_each(problem, pairs, superfluous)
    implied = implied_cells(problem)
    return Strengthening(forced, cuts, implied, pairs, superfluous, time.perf_counter() - started)


def _one_row_each(
    problem: CoverageProblem, pairs: tuple[tuple[int, int], ...], superfluous: tuple[int, ...]
) -> tuple[tuple[int, int], ...]:
    """The rows worth adding: none for a superfluous provider (it is fixed out), and one for
    each other dominated provider, to its dominator earliest in the tie-break order. Every pair
    holds on its own, so any subset is exact; 10,000 providers have hundreds of thousands of
    pairs, and that many rows cost the solver more than they tell it."""
    out = set(superfluous)
    rank = {provider: k for k, provider in enumerate(problem.priority)}
    best: dict[int, int] = {}
    for i, j in pairs:
        if i not in out and (i not in best or rank[j] < rank[best[i]]):
            best[i] = j
    return tuple(sorted(best.items()))


def forced_providers(problem: CoverageProblem) -> tuple[int, ...]:
    """Providers that every table holds: all available members of a cell whose minimum equals
    their number."""
    blocked = np.zeros(problem.n_providers, dtype=bool)
    blocked[list(problem.blocked)] = True
    available = problem.incidence & ~blocked[:, None]
    counts = available.sum(axis=0)
    minima = np.array([cell.min for cell in problem.cells], dtype=np.int64)
    tight = np.flatnonzero((minima > 0) & (counts == minima))
    if tight.size == 0:
        return ()
    return tuple(int(i) for i in np.flatnonzero(available[:, tight].any(axis=1)))


def implied_cells(problem: CoverageProblem) -> tuple[int, ...]:
    """Dimension cells whose minimum follows from a joint cell's (see the module docstring)."""
    index = {cell.parts[0]: j for j, cell in enumerate(problem.cells) if cell.kind == "dimension"}
    incidence = problem.incidence
    out = set()
    for a, joint in enumerate(problem.cells):
        if joint.kind != "joint" or joint.min <= 0:
            continue
        for part in joint.parts:
            b = index.get(part)
            if b is None or b in out:
                continue
            cell = problem.cells[b]
            if cell.max is not None or cell.min > joint.min:
                continue
            if not (incidence[:, a] & ~incidence[:, b]).any():
                out.add(b)
    return tuple(sorted(out))


def single_valued_dimensions(problem: CoverageProblem) -> dict[str, list[str]]:
    """Dimension -> each provider's one (normalised) value, for the dimensions where every
    eligible provider has exactly one value."""
    out: dict[str, list[str]] = {}
    for dimension, per_provider in problem.provider_values.items():
        if per_provider and all(len(values) == 1 for values in per_provider):
            out[dimension] = [normalise(values[0]) for values in per_provider]
    return out


def partition_cuts(
    problem: CoverageProblem,
    backend: Backend,
    forced: tuple[int, ...] = (),
    deadline: float | None = None,
) -> tuple[PartitionCut, ...]:
    """One row per value of each single-valued dimension where the value's sub-cover needs more
    providers than any one of its cells asks."""
    cuts: list[PartitionCut] = []
    for dimension in single_valued_dimensions(problem):
        for bound in partition_bounds(problem, backend, dimension, forced, deadline):
            if bound.lower > bound.own:
                cuts.append(PartitionCut(dimension, bound.value, bound.members, bound.lower))
    return tuple(cuts)


@dataclass(frozen=True)
class ValueBound:
    """Every table holds at least ``lower`` of ``members``, the providers with ``value`` of a
    single-valued dimension: ``L_v`` of the module docstring (0 when no cell names the value),
    and ``own``, the largest minimum of one cell that names it (what the rows already say)."""

    value: str
    members: tuple[int, ...]
    lower: int
    own: int


def partition_bounds(
    problem: CoverageProblem,
    backend: Backend,
    dimension: str,
    forced: tuple[int, ...] = (),
    deadline: float | None = None,
) -> tuple[ValueBound, ...]:
    """The bound of every value of ``dimension``, a single-valued dimension
    (:func:`single_valued_dimensions`), in the order of first appearance in the pool."""
    values = single_valued_dimensions(problem)[dimension]
    by_value: dict[str, list[int]] = {}
    for provider, value in enumerate(values):
        by_value.setdefault(value, []).append(provider)
    bounds = []
    search_left = [SEARCH_SECONDS]  # shared by the values of this dimension
    for value, members in by_value.items():
        naming = [
            c
            for c, cell in enumerate(problem.cells)
            if (dimension, value) in cell.parts and cell.min > 0
        ]
        if not naming:
            bounds.append(ValueBound(value, tuple(members), 0, 0))
            continue
        own = max(problem.cells[c].min for c in naming)
        lower = _subcover(problem, backend, members, naming, forced, deadline, search_left)
        bounds.append(ValueBound(value, tuple(members), lower, own))
    return tuple(bounds)


def _subcover(
    problem: CoverageProblem,
    backend: Backend,
    members: list[int],
    cells: list[int],
    forced: tuple[int, ...],
    deadline: float | None = None,
    search_left: list[float] | None = None,
) -> int:
    """The fewest of ``members`` that meet the minimums of ``cells`` (all their members are in
    ``members``); when its solver has not proven that in time, the bound the search proves in
    the seconds of ``search_left`` (a budget shared with the caller's other sub-covers, and
    spent here), or the largest such minimum."""
    fallback = max(problem.cells[c].min for c in cells)
    seconds = SUBCOVER_SECONDS
    if deadline is not None:
        seconds = min(seconds, deadline - time.perf_counter())
    if len(cells) == 1 or seconds <= 0.01:
        return fallback
    blocked = set(problem.blocked)
    position = {provider: k for k, provider in enumerate(members)}
    model = backend.create()
    model.add_binaries(len(members))
    for c in cells:
        inside = [position[int(i)] for i in problem.members(c) if int(i) in position]
        if len(inside) != len(problem.members(c)):
            return fallback  # a member outside the value: not a partition after all
        model.add_constraint(inside, [1] * len(inside), problem.cells[c].min, None)
    for provider in members:
        if provider in blocked:
            model.fix(position[provider], 0)
        elif provider in forced or provider in problem.include:
            model.fix(position[provider], 1)
    model.set_objective(range(len(members)), [1] * len(members), maximise=False)
    outcome = model.solve(seconds)
    if outcome.status is Status.OPTIMAL and outcome.values is not None:
        return round(float(outcome.values[: len(members)].sum()))
    if outcome.status is Status.INFEASIBLE:
        return fallback  # no table at all: the diagnosis will say why
    lower = fallback
    if outcome.bound is not None:
        lower = max(lower, math.ceil(outcome.bound - 1e-9))
    upper = None if outcome.values is None else round(float(outcome.values[: len(members)].sum()))
    if search_left is None:
        search_left = [SEARCH_SECONDS]
    search_started = time.perf_counter()
    search_deadline = search_started + max(search_left[0], 0.0)
    if deadline is not None:
        search_deadline = min(search_deadline, deadline)
    rows = problem.incidence[np.ix_(members, cells)]
    minima = np.array([problem.cells[c].min for c in cells], dtype=np.int64)
    fixed_in = np.array([p in forced or p in problem.include for p in members], dtype=bool)
    allowed = np.array([p not in blocked for p in members], dtype=bool) & ~fixed_in
    need = minima - rows[fixed_in].sum(axis=0)
    fixed = int(fixed_in.sum())  # in every sub-cover: the search counts the others
    found = _fewest_by_search(
        rows,
        need,
        allowed,
        lower - fixed,
        None if upper is None else upper - fixed,
        search_deadline,
    )
    search_left[0] -= time.perf_counter() - search_started
    return max(lower, found + fixed)


def _fewest_by_search(
    rows: np.ndarray,
    need: np.ndarray,
    allowed: np.ndarray,
    lower: int,
    upper: int | None,
    deadline: float,
) -> int:
    """A lower bound on the fewest ``allowed`` rows whose column sums reach ``need``: for k
    from ``lower`` up (below ``upper``, a cover already found), "is there a cover of k rows?"
    by a depth-first search; the first k with a cover is the fewest, and "none of k" proves at
    least k + 1. Stops at ``deadline`` with what it has proven. Each step branches on the
    members of the cell with the fewest allowed members (every cover holds one of them), and
    a member tried is left out of the later branches (every cover with it was searched)."""
    last_row = _LastRow(rows)
    k = max(lower, 0)
    most = int(allowed.sum())  # with more, no cover at all: any bound holds
    while (upper is None or k < upper) and k <= most:
        found = _has_cover(rows, last_row, need, allowed.copy(), k, deadline)
        if found is None or found:  # out of time (at least k is proven), or a cover of k
            return k
        k += 1
    return k


def _has_cover(
    rows: np.ndarray,
    last_row: _LastRow,
    need: np.ndarray,
    allowed: np.ndarray,
    k: int,
    deadline: float,
) -> bool | None:
    """Whether ``k`` of the ``allowed`` rows reach ``need``; None when ``deadline`` passed
    first."""
    if time.perf_counter() > deadline:
        return None
    open_cells = need > 0
    if not open_cells.any():
        return True
    if k <= 0 or int(need.max()) > k:
        return False
    if k == 1:  # every open cell needs one more (need <= k): one row must hold them all
        return last_row.exists(open_cells, allowed)
    candidates = rows[:, open_cells] & allowed[:, None]
    counts = candidates.sum(axis=0)
    if (counts < need[open_cells]).any():
        return False
    cell = np.flatnonzero(open_cells)[int(np.argmin(counts))]
    for row in np.flatnonzero(rows[:, cell] & allowed):
        allowed[row] = False  # chosen here, and left out of the later branches
        found = _has_cover(rows, last_row, need - rows[row], allowed.copy(), k - 1, deadline)
        if found is None or found:
            return found
    return False


class _LastRow:
    """The last step of the search: is there an allowed row that holds every open cell? It is
    asked once per branch of the step before (a thousand times for joints-10000's small
    providers, 9,874 rows of 116 cells), so the rows are kept as bit sets in 64-bit words,
    largest rows first: only the rows with at least as many cells as are open can hold them
    all, and those are a prefix. That took the search of joints-10000's small band from
    1.0 s to 0.03 s (RESULTS.md, twelfth pass)."""

    def __init__(self, rows: np.ndarray) -> None:
        sizes = rows.sum(axis=1)
        self.order = np.argsort(-sizes, kind="stable")
        self.descending_sizes = sizes[self.order]
        self.words = _bit_words(rows[self.order])

    def exists(self, open_cells: np.ndarray, allowed: np.ndarray) -> bool:
        count = int(open_cells.sum())
        # rows with at least `count` cells: the first `large` in descending order
        large = int(np.searchsorted(-self.descending_sizes, -count, side="right"))
        if large == 0:
            return False
        mask = _bit_words(open_cells)
        holds_all = ((self.words[:large] & mask) == mask).all(axis=-1)
        return bool((holds_all & allowed[self.order[:large]]).any())


def _bit_words(matrix: np.ndarray) -> np.ndarray:
    """The 0/1 columns of ``matrix`` (a row, or rows) as bits in 64-bit words, zero-padded."""
    packed = np.packbits(matrix.astype(bool), axis=-1)
    padding = (-packed.shape[-1]) % 8
    if padding:
        zeros = np.zeros((*packed.shape[:-1], padding), dtype=np.uint8)
        packed = np.concatenate([packed, zeros], axis=-1)
    return np.ascontiguousarray(packed).view(np.uint64)


def dominated_pairs(
    problem: CoverageProblem, deadline: float | None = None
) -> tuple[tuple[int, int], ...]:
    """Every pair ``(i, j)`` where ``j`` dominates ``i`` (see the module docstring); only those
    of the blocks compared before ``deadline`` when it passes."""
    n = problem.n_providers
    if n < 2 or n > MAX_DOMINANCE_PROVIDERS or problem.shares:
        return ()
    incidence = problem.incidence.astype(np.float32)
    bounded = np.array([cell.max is not None for cell in problem.cells], dtype=bool)
    rank = np.empty(n, dtype=np.int64)
    rank[list(problem.priority)] = np.arange(n)
    scores, costs = problem.scores, problem.costs
    included = _mask(n, problem.include)
    blocked = _mask(n, problem.blocked)
    keep = _mask(n, problem.keep)
    groups = np.zeros((n, len(problem.groups)), dtype=np.float32)
    for g, group in enumerate(problem.groups):
        groups[list(group.members), g] = 1
    pairs: list[tuple[int, int]] = []
    for start in range(0, n, BLOCK_ROWS):
        if deadline is not None and time.perf_counter() >= deadline:
            break
        rows = np.arange(start, min(start + BLOCK_ROWS, n))
        # (i, j): cells of i that j lacks; bounded cells of j that i lacks; groups of j not of i
        missing = incidence[rows] @ (1 - incidence).T
        extra_bounded = (1 - incidence[rows])[:, bounded] @ incidence[:, bounded].T
        extra_groups = (1 - groups[rows]) @ groups.T
        ok = (missing == 0) & (extra_bounded == 0) & (extra_groups == 0)
        ok &= ~included[rows][:, None] & ~blocked[None, :] & ~blocked[rows][:, None]
        ok &= ~(keep[rows][:, None] & ~keep[None, :])
        ok &= costs[None, :] <= costs[rows][:, None]
        better = scores[None, :] > scores[rows][:, None]
        equal_earlier = (scores[None, :] == scores[rows][:, None]) & (
            rank[None, :] < rank[rows][:, None]
        )
        ok &= better | equal_earlier
        ok[np.arange(len(rows)), rows] = False
        for a, j in zip(*np.nonzero(ok), strict=True):
            pairs.append((int(rows[a]), int(j)))
    return tuple(pairs)


def superfluous_providers(
    problem: CoverageProblem, pairs: tuple[tuple[int, int], ...]
) -> tuple[int, ...]:
    """Dominated providers that the canonical table leaves out (see the module docstring)."""
    if problem.seats_exact is not None or problem.seats_min > 1 or not pairs:
        return ()
    minima = np.array([cell.min for cell in problem.cells], dtype=np.int64)
    keep = set(problem.keep)
    out = []
    for i in sorted({i for i, _ in pairs}):
        cells = np.flatnonzero(problem.incidence[i])
        if cells.size and int(minima[cells].max()) > 1:
            continue
        score, cost = int(problem.scores[i]), int(problem.costs[i])
        if i in keep or score > 0 or not (cost > 0 or score < 0):
            continue
        out.append(i)
    return tuple(out)


def _mask(n: int, indices: tuple[int, ...]) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[list(indices)] = True
    return mask
