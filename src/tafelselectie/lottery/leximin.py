"""A fair lottery over equally good tables: maximin and leximin selection probabilities.

Which tables take part. Spec steps 1-3 fix the table size ``s`` (the seats of an optimal table
after step 3, or ``seats.exact``) and the best expertise score ``E*``. A table takes part when it
meets every requirement, has exactly ``s`` seats, and scores at least
``ceil(min_expertise_share * E*)`` (``[lottery] min_expertise_share``, default 1.0: only the
equally good tables; a negative ``E*`` allows ``(1 - share) * |E*|`` below it). With a cost
column, the total cost is also at most the optimal one, and ``s`` is the fewest seats among the
tables optimal for steps 1-3 (they may differ in size when providers cost different amounts).

What is maximised. A lottery is a probability distribution over those tables; a provider's
selection probability is the chance that the drawn table contains it. *Maximin* maximises the
smallest probability of any provider that sits in at least one valid table; *leximin* then the
second smallest, and so on. With rotation fairness and history, the quantity is the provider's
cumulative seats, past seats plus this year's probability, so providers that sat less come first.

How. Column generation as in Flanigan et al. (Nature, 2021), with our ILP as the table oracle:

1. *Reachability*: a table that contains as many not yet seen providers as possible, until the
   best one contains none; the providers never seen are in no valid table (proven), and why is
   asked per provider. These tables start the portfolio.
2. *Leximin rounds*: the restricted LP "maximise z subject to every unfixed provider's value
   >= z and every fixed one's >= its level" is solved by HiGHS's interior point method without
   crossover. Its row duals ``y`` price a new table: the table maximising ``sum y_i`` over its
   members; when that sum does not exceed the dual of "probabilities sum to 1", no table can
   improve the LP and ``z`` is the true optimum. Every unfixed provider with a positive dual is
   then fixed at ``z`` (complementary slackness); interior-point duals are strictly complementary,
   so all providers that cannot do better are fixed in one round.
3. When every reachable provider is fixed, a simplex LP finds a vertex distribution (few tables)
   that meets every level, up to the smallest possible shortfall, which is reported.

Maximin stops after the first round.
"""

from __future__ import annotations

import functools
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tafelselectie.backends import DEFAULT_BACKEND, get_backend
from tafelselectie.backends.base import Status
from tafelselectie.criteria import Criteria
from tafelselectie.errors import (
    InfeasibleError,
    InternalError,
    Problem,
    SolverError,
    UsageError,
)
from tafelselectie.io.values import check_lots, check_time_limit
from tafelselectie.lottery.tables import (
    Forced,
    TableOracle,
    Unreachable,
    fewest_seats_among_optimal,
    in_every_table,
    reachability,
    why_forced,
    why_unreachable,
)
from tafelselectie.solve.check import table_violations
from tafelselectie.solve.diagnose import solve_or_diagnose
from tafelselectie.solve.problem import SCORE_SCALE, CoverageProblem

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.backends.highs_lp import LinearProgram
    from tafelselectie.io.pool import ActivePool, Pool
    from tafelselectie.solve.rotation import HistoryEntry

METHODS = ("leximin", "maximin")
PRICE_SCALE = 1e9  # duals are scaled to integers for the ILP oracle (resolution 1e-9)
PRICE_TOLERANCE = 1e-7  # a table must beat the LP's bound by this much to enter
FIX_THRESHOLD = 1e-6  # a dual above this fixes its provider
# A cap is met when the lowest possible highest probability is at most this much above it: the
# LP's own accuracy (probabilities are published to twelve decimals, compared at 1e-9).
CAP_TOLERANCE = 1e-9
# how far below a fixed level the next rounds may go (the interior point method's accuracy)
LEVEL_SLACK = 1e-9


@dataclass(frozen=True)
class LotteryTable:
    selected: tuple[str, ...]  # sorted ids
    probability: float


@dataclass(frozen=True)
class LotteryRound:
    level: float  # the maximised minimum of this round (probability, or cumulative seats)
    fixed: int  # providers fixed at it
    tables_added: int
    seconds: float


@dataclass(frozen=True, eq=False)
class Lottery:
    """A distribution over valid tables and the providers' selection probabilities."""

    problem: CoverageProblem
    method: str
    seats: int
    best_score_scaled: int
    min_score_scaled: int
    min_expertise_share: float
    tables: tuple[LotteryTable, ...]
    probabilities: dict[str, float]  # every eligible provider (0.0 when unreachable)
    levels: dict[str, float]  # reachable providers: the level they were fixed at
    unreachable: tuple[Unreachable, ...]
    rounds: tuple[LotteryRound, ...]
    shortfall: float  # largest amount by which the final distribution misses a level
    status: str  # "optimal" or "feasible" (a time limit stopped the rounds)
    backend: str
    oracle_solves: int
    timings: dict[str, float]
    versions: dict[str, str]
    input_hashes: dict[str, Any] = field(default_factory=dict)
    numbered_tables: tuple[int, ...] | None = None  # per lot 1..M: its table number
    rounding_error: float | None = None  # largest probability change from rounding to lots
    max_probability: float | None = None  # the cap ([lottery] max_probability), if any
    forced: tuple[Forced, ...] = ()  # in every valid table: probability 1 by necessity

    @property
    def maximum(self) -> float:
        """The largest selection probability of a provider not in every valid table."""
        named = {f.id for f in self.forced}
        free = [self.probabilities[i] for i in self.levels if i not in named]
        return max(free) if free else 0.0

    @property
    def minimum(self) -> float:
        """The smallest selection probability of a provider that sits in some valid table."""
        reachable = [self.probabilities[i] for i in self.levels]
        return min(reachable) if reachable else 0.0

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        problem = self.problem
        past = problem.past_seats or (0,) * problem.n_providers
        why = {u.id: u.reason.render("en") for u in self.unreachable}
        return pd.DataFrame(
            {
                "id": list(problem.ids),
                "naam": list(problem.names),
                "probability": [self.probabilities[i] for i in problem.ids],
                "past_seats": list(past),
                "reachable": [i in self.levels for i in problem.ids],
                "why_not": [why.get(i, "") for i in problem.ids],
            }
        ).sort_values(["probability", "id"], ascending=[False, True], ignore_index=True)

    def sealed(self, lang: str = "en") -> dict[str, Any]:
        """The portfolio to publish before a draw: :meth:`to_dict` with its seal
        (:func:`tafelselectie.lottery.draw.seal`)."""
        from tafelselectie.lottery.draw import seal

        return seal(self.to_dict(lang))

    def to_dict(self, lang: str = "en", *, timings: bool = True) -> dict[str, Any]:
        """The portfolio as JSON data. ``timings=False`` leaves out the seconds of the run, so
        the same inputs give the same portfolio, the same seal and the same draws (a simulation
        draws from such portfolios; a published one keeps its timings)."""
        problem = self.problem
        out: dict[str, Any] = {
            "format": "tafelselectie-lottery",
            "format_version": 2,  # sealed over RFC 8785 canonical JSON (draw.canonical_json)
            "status": self.status,
            "method": self.method,
            "peildatum": problem.peildatum.isoformat() if problem.peildatum else None,
            "criteria_name": problem.provenance.name,
            "seats": self.seats,
            "expertise": {
                "best_score": self.best_score_scaled / SCORE_SCALE,
                "min_score": self.min_score_scaled / SCORE_SCALE,
                "min_expertise_share": self.min_expertise_share,
            },
            "minimum_probability": self.minimum,
            "maximum_probability": self.maximum,
            "max_probability": self.max_probability,
            "forced": [
                {"id": f.id, "reason": f.reason.code, "message": f.reason.render(lang)}
                for f in self.forced
            ],
            "probabilities": {i: self.probabilities[i] for i in sorted(self.probabilities)},
            "tables": [
                {"number": k + 1, "selected": list(t.selected), "probability": t.probability}
                for k, t in enumerate(self.tables)
            ],
            "unreachable": [
                {"id": u.id, "reason": u.reason.code, "message": u.reason.render(lang)}
                for u in self.unreachable
            ],
            "shortfall": self.shortfall,
            "rounds": [
                {
                    "level": r.level,
                    "fixed": r.fixed,
                    "tables_added": r.tables_added,
                }
                | ({"seconds": round(r.seconds, 4)} if timings else {})
                for r in self.rounds
            ],
            "history": list(problem.history),
            "fairness": problem.fairness,
            "backend": self.backend,
            "oracle_solves": self.oracle_solves,
            "timings": {k: round(v, 4) for k, v in self.timings.items()} if timings else {},
            "versions": self.versions,
            "input_hashes": self.input_hashes,
        }
        if self.numbered_tables is not None:
            out["lots"] = len(self.numbered_tables)
            out["numbered_tables"] = list(self.numbered_tables)
            out["rounding_error"] = self.rounding_error
        return out

    def to_json(self, indent: int | None = 2, lang: str = "en") -> str:
        from tafelselectie.lottery.draw import seal

        return json.dumps(seal(self.to_dict(lang)), indent=indent, ensure_ascii=False) + "\n"


def input_hashes(
    pool: object,
    criteria: object,
    history_files: Sequence[str | Path] = (),
    problem: CoverageProblem | None = None,
) -> dict[str, Any]:
    """SHA-256 of the input files that exist as files (DataFrames and dicts have none). For the
    pool, the criteria and the history files, when ``problem`` was built from these files, the
    digests of the bytes it was built from (io.files.input_sha256)."""
    from tafelselectie.io.files import input_sha256

    read = problem.read_digests() if problem is not None else {}
    out: dict[str, Any] = {}
    for key, value in (("pool", pool), ("criteria", criteria)):
        digest = input_sha256(value, read)
        if digest is not None:
            out[key] = {"file": Path(str(value)).name, "sha256": digest}
    if history_files:
        out["history"] = [
            {"file": Path(p).name, "sha256": input_sha256(p, read)} for p in history_files
        ]
    return out


def lottery(
    pool: Pool | ActivePool | CoverageProblem | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any] | None = None,
    *,
    method: str | None = None,
    min_expertise_share: float | None = None,
    max_probability: float | None = None,
    history: Sequence[HistoryEntry] = (),
    lots: int | None = None,
    backend: str = DEFAULT_BACKEND,
    time_limit: float | None = None,
) -> Lottery:
    """The maximin or leximin lottery over the valid tables (see the module docstring).

    ``method``, ``min_expertise_share`` and ``max_probability`` default to the criteria's
    ``[lottery]`` section. With ``max_probability`` (a cap in (0, 1]) the leximin is taken over
    the distributions in which no provider's probability exceeds the cap, except providers that
    are in every valid table (their probability is 1 by necessity; :attr:`Lottery.forced` names
    them and why); a cap no distribution meets raises :class:`InfeasibleError` with the lowest
    cap that can be met.
    ``history`` (earlier tables, :func:`tafelselectie.solve.rotation.read_history`) applies the
    criteria's ``[rotation]`` policies. ``lots`` rounds the distribution into that many equally
    likely numbered lots for a physical draw (:func:`tafelselectie.lottery.draw.round_portfolio`).
    Raises the errors of :func:`tafelselectie.select`.
    """
    started = time.perf_counter()
    from tafelselectie.solve.selection import as_problem

    time_limit = check_time_limit(time_limit)
    lots = check_lots(lots)

    problem = as_problem(pool, criteria, history, "lottery")
    settings = problem.provenance.lottery
    method = method or settings.method
    if method not in METHODS:
        raise UsageError(
            Problem("usage_choice", {"value": method, "allowed": ", ".join(METHODS)}, key="method")
        )
    share = settings.min_expertise_share if min_expertise_share is None else min_expertise_share
    if not 0.0 <= share <= 1.0:
        raise UsageError(Problem("usage_share", {"value": share}, key="min_expertise_share"))
    cap = settings.max_probability if max_probability is None else max_probability
    valid = isinstance(cap, (int, float)) and not isinstance(cap, bool) and 0.0 < cap <= 1.0
    if cap is not None and not valid:
        raise UsageError(Problem("usage_cap", {"value": cap}, key="max_probability"))
    solver = get_backend(backend, problem)
    deadline = None if time_limit is None else started + time_limit
    built = time.perf_counter()

    # Spec steps 1-3: the size and the best score.
    solution = solve_or_diagnose(problem, solver, time_limit, skip_tie_break=True)
    witness = np.zeros(problem.n_providers, dtype=np.int64)
    witness[list(solution.chosen)] = 1
    seats = len(solution.chosen)
    best = solution.score_scaled
    cost = int(problem.costs @ witness)
    if not problem.unit_costs and problem.seats_exact is None:
        seats = fewest_seats_among_optimal(problem, solver, cost, best, seats)
    # A share of the best score; below zero "a share" means as far below as above it would be.
    min_score = math.ceil(best - (1.0 - share) * abs(best) - 1e-9) if problem.has_scores else 0
    oracle = TableOracle(problem, solver, seats, min_score, cost)
    sized = time.perf_counter()

    reachable, portfolio = reachability(oracle, witness, deadline)
    unreachable = why_unreachable(problem, solver, oracle, reachable)
    reached = time.perf_counter()

    # Named always, so that the highest probability of the others can be reported with or
    # without a cap.
    in_every = in_every_table(oracle, reachable, portfolio, deadline)
    forced = tuple(Forced(problem.ids[i], why_forced(problem, i)) for i in in_every)
    caps: dict[int, float] = {}
    if cap is not None:
        caps = {i: float(cap) for i in reachable if i not in in_every}
        lowest = _lowest_highest(oracle, list(caps), portfolio, deadline)
        if lowest > cap + CAP_TOLERANCE:
            raise _cap_error(cap, lowest)

    offsets = np.zeros(problem.n_providers)
    if problem.fairness and problem.past_seats:
        offsets = np.asarray(problem.past_seats, dtype=np.float64)
    levels, rounds, complete = _leximin(
        oracle, reachable, portfolio, offsets, method == "maximin", deadline, caps
    )
    weights, shortfall = _final_distribution(portfolio, reachable, levels, offsets, caps)
    finished = time.perf_counter()

    ids = problem.ids
    tables = sorted(
        (
            LotteryTable(tuple(sorted(ids[i] for i in portfolio[k])), float(weights[k]))
            for k in range(len(portfolio))
            if weights[k] > 0
        ),
        key=lambda t: (-t.probability, t.selected),
    )
    probabilities = dict.fromkeys(ids, 0.0)
    for table in tables:
        for identifier in table.selected:
            probabilities[identifier] += table.probability
    probabilities = {i: round(p, 12) for i, p in probabilities.items()}
    for table in tables:
        violations = table_violations(problem, table.selected)
        if violations:  # our own oracle broke a rule: never hand out such a portfolio
            raise SolverError(
                Problem(
                    "solver_invalid_table",
                    {"solver": solver.name, "violations": "; ".join(violations)},
                )
            )
    numbered: tuple[int, ...] | None = None
    rounding_error: float | None = None
    if lots is not None:
        from tafelselectie.lottery.draw import round_portfolio

        numbered_list, rounding_error = round_portfolio(
            [t.probability for t in tables], [t.selected for t in tables], lots
        )
        numbered = tuple(numbered_list)
    from tafelselectie.solve.selection import _versions

    proven = solution.status is Status.OPTIMAL and complete
    versions = _versions(solver.versions())
    from tafelselectie.backends.highs_lp import versions as lp_versions

    versions.update({f"lp_{k}": v for k, v in lp_versions().items()})
    return Lottery(
        problem=problem,
        method=method,
        seats=seats,
        best_score_scaled=best,
        min_score_scaled=min_score,
        min_expertise_share=share,
        tables=tuple(tables),
        probabilities=probabilities,
        levels={ids[i]: levels[i] for i in sorted(levels)},
        unreachable=unreachable,
        rounds=tuple(rounds),
        shortfall=shortfall,
        status="optimal" if proven else "feasible",
        backend=solver.name,
        oracle_solves=oracle.solves,
        timings={
            "build": built - started,
            "size": sized - built,
            "reachability": reached - sized,
            "rounds": finished - reached,
            "total": finished - started,
        },
        versions=versions,
        numbered_tables=numbered,
        max_probability=None if cap is None else float(cap),
        forced=forced,
        rounding_error=rounding_error,
    )


def _lowest_highest(
    oracle: TableOracle,
    capped: list[int],
    portfolio: list[frozenset[int]],
    deadline: float | None,
) -> float:
    """The lowest possible highest probability among ``capped`` (column generation over tables:
    minimise ``t`` subject to ``p_i <= t``). Leaves in ``portfolio`` the tables of a distribution
    that reaches it, so a capped leximin LP over the portfolio is feasible from the start."""
    from tafelselectie.backends.highs_lp import LinearProgram

    if not capped:
        return 0.0
    n = oracle.problem.n_providers
    lp = LinearProgram("simplex")
    lp.add_row([], [], 1.0, 1.0)
    cap_row_of = {i: lp.add_row([], [], None, 0.0) for i in capped}
    lp.add_column(1.0, 0.0, None, list(cap_row_of.values()), [-1.0] * len(capped))
    known = set(portfolio)
    for table in portfolio:
        _add_table(lp, {}, table, cap_row_of)
    while True:
        outcome = lp.solve()
        if outcome.status is not Status.OPTIMAL:
            raise SolverError(Problem("lottery_lp_no_optimum", {"stage": "cap"}))
        prices = np.zeros(n)
        for i, row in cap_row_of.items():
            prices[i] = min(outcome.row_duals[row], 0.0)
        found = _improving_table(oracle, prices, -outcome.row_duals[0], known, deadline)
        if found is None:
            return float(outcome.objective)
        known.add(found)
        portfolio.append(found)
        _add_table(lp, {}, found, cap_row_of)


def _improving_table(
    oracle: TableOracle,
    prices: np.ndarray,
    bound: float,
    known: set[frozenset[int]],
    deadline: float | None,
) -> frozenset[int] | None:
    """Pricing, shared by every column generation here: the valid table with the largest sum of
    ``prices`` over its members, when that sum beats ``bound`` (the LP's value of a new table)
    and the table is new; None when no table can improve the LP."""
    table = oracle.best(np.rint(prices * PRICE_SCALE), deadline)
    value = float(sum(prices[i] for i in table))
    if value <= bound + PRICE_TOLERANCE or table in known:
        return None
    return table


def _cap_error(cap: float, lowest: float) -> InfeasibleError:
    from tafelselectie.solve.diagnose import Suggestion

    proposed = math.ceil(round(lowest, 9) * 100) / 100
    reason = Problem("lottery_cap_unreachable", {"cap": cap, "lowest": round(lowest, 4)})
    suggestion = Suggestion("raise_max_probability", "lottery.max_probability", cap, proposed)
    return InfeasibleError([reason], [suggestion])


def _leximin(
    oracle: TableOracle,
    reachable: list[int],
    portfolio: list[frozenset[int]],
    offsets: np.ndarray,
    maximin: bool,
    deadline: float | None,
    caps: dict[int, float] | None = None,
) -> tuple[dict[int, float], list[LotteryRound], bool]:
    """Fix every reachable provider's level, round by round (see the module docstring).

    Returns the levels (in the units maximised: probability plus offset), the rounds, and
    whether it finished (False when the time limit stopped it; unfixed providers then get the
    last round's level as a lower bound). ``caps`` adds a row ``p_i <= cap`` per capped
    provider; its (non-positive) dual joins the provider's price, so the pricing table is the
    best for the capped LP too.
    """

    n = oracle.problem.n_providers
    fixed: dict[int, float] = {}
    rounds: list[LotteryRound] = []
    known = set(portfolio)
    while len(fixed) < len(reachable):
        round_started = time.perf_counter()
        unfixed = [i for i in reachable if i not in fixed]
        lp, row_of, cap_row_of = _round_lp(reachable, fixed, unfixed, offsets, caps, portfolio)
        # the same round (new tables included) in the simplex method, levels a hair lower
        simplex = functools.partial(
            _round_lp, reachable, fixed, unfixed, offsets, caps, portfolio, LEVEL_SLACK, "simplex"
        )
        outcome, lp, row_of, cap_row_of = _solve_round(lp, row_of, cap_row_of, simplex)
        added = 0
        while True:
            if outcome.status is not Status.OPTIMAL:
                raise SolverError(Problem("lottery_lp_no_optimum", {"stage": "leximin"}))
            duals = np.zeros(n)
            for i, row in row_of.items():
                duals[i] = max(outcome.row_duals[row], 0.0)
            prices = duals.copy()
            for i, row in cap_row_of.items():
                prices[i] += min(outcome.row_duals[row], 0.0)
            bound = -outcome.row_duals[0]  # the LP's value of the best table for these duals
            if deadline is not None and time.perf_counter() > deadline:
                level = -outcome.objective
                for i in unfixed:
                    fixed[i] = level
                rounds.append(
                    LotteryRound(level, len(unfixed), added, time.perf_counter() - round_started)
                )
                return fixed, rounds, False
            found = _improving_table(oracle, prices, bound, known, deadline)
            if found is None:
                break
            table = found
            known.add(table)
            portfolio.append(table)
            _add_table(lp, row_of, table, cap_row_of)
            added += 1
            outcome, lp, row_of, cap_row_of = _solve_round(lp, row_of, cap_row_of, simplex)
        level = -outcome.objective
        newly = [i for i in unfixed if duals[i] > FIX_THRESHOLD]
        if not newly:  # numerically flat duals: fix the strongest, which is always safe
            newly = [max(unfixed, key=lambda i: duals[i])]
        if maximin:
            newly = unfixed  # one round only; the others' level is a lower bound
        for i in newly:
            fixed[i] = level
        rounds.append(LotteryRound(level, len(newly), added, time.perf_counter() - round_started))
    return fixed, rounds, True


def _solve_round(
    lp: LinearProgram,
    row_of: dict[int, int],
    cap_row_of: dict[int, int],
    simplex: Callable[[], tuple[LinearProgram, dict[int, int], dict[int, int]]],
) -> tuple[Any, LinearProgram, dict[int, int], dict[int, int]]:
    """A round LP's outcome, with the LP (and its row maps) it came from: the simplex method's
    when the interior point method fails.

    The interior point method without crossover can call a degenerate round LP infeasible:
    when its level rows sit exactly on the optimum of the last round (seen once, after another
    starting table), and right after a new table's column was added, which cannot make an LP
    infeasible (seen on a 50-provider golden case with the tables HiGHS's own search gave).
    The round is then built again by ``simplex`` (the same round, new tables included) and
    solved by the simplex method, with the levels a hair lower; its duals are less central, so
    a round may fix fewer providers (the flat-duals rule still fixes one). Later solves of the
    round stay with the simplex method.
    """
    if lp.method != "ipm":
        return lp.solve(), lp, row_of, cap_row_of
    outcome = _solve_or_none(lp)
    if outcome is not None:
        return outcome, lp, row_of, cap_row_of
    rebuilt, row_of, cap_row_of = simplex()
    return rebuilt.solve(), rebuilt, row_of, cap_row_of


def _solve_or_none(lp: LinearProgram) -> Any:
    """The LP's outcome, or None when the solver found no optimum (infeasible or stuck)."""
    try:
        outcome = lp.solve()
    except SolverError:
        return None
    return outcome if outcome.status is Status.OPTIMAL else None


def _round_lp(
    reachable: list[int],
    fixed: dict[int, float],
    unfixed: list[int],
    offsets: np.ndarray,
    caps: dict[int, float] | None,
    portfolio: list[frozenset[int]],
    slack: float = 0.0,
    method: str = "ipm",
) -> tuple[LinearProgram, dict[int, int], dict[int, int]]:
    """The restricted LP of one leximin round over ``portfolio``: maximise the lowest level
    ``z`` of the unfixed providers, every fixed one at least its level (less ``slack``)."""
    from tafelselectie.backends.highs_lp import LinearProgram

    lp = LinearProgram(method)
    # Rows: 0 is "sum of probabilities = 1"; then one per reachable provider.
    row_of: dict[int, int] = {}
    lp.add_row([], [], 1.0, 1.0)
    for i in reachable:
        if i in fixed:
            row_of[i] = lp.add_row([], [], fixed[i] - offsets[i] - slack, None)
        else:
            row_of[i] = lp.add_row([], [], -offsets[i], None)
    cap_row_of = {i: lp.add_row([], [], None, c) for i, c in (caps or {}).items()}
    z = lp.add_column(-1.0, None, None, [row_of[i] for i in unfixed], [-1.0] * len(unfixed))
    if z != 0:  # the objective reads column 0 as "the lowest level"
        raise InternalError("the lottery LP's level column is not its first column")
    for table in portfolio:
        _add_table(lp, row_of, table, cap_row_of)
    return lp, row_of, cap_row_of


def _add_table(
    lp: LinearProgram,
    row_of: dict[int, int],
    table: frozenset[int],
    cap_row_of: dict[int, int] | None = None,
    cost: float = 0.0,
) -> None:
    """A table as an LP column: 1 in "sum = 1" and in the rows of each of its members."""
    rows = [0] + [row_of[i] for i in sorted(table) if i in row_of]
    rows += [cap_row_of[i] for i in sorted(table) if cap_row_of and i in cap_row_of]
    lp.add_column(cost, 0.0, None, rows, [1.0] * len(rows))


def _final_distribution(
    portfolio: list[frozenset[int]],
    reachable: list[int],
    levels: dict[int, float],
    offsets: np.ndarray,
    caps: dict[int, float] | None = None,
) -> tuple[np.ndarray, float]:
    """A vertex distribution over the portfolio that meets every level with the smallest
    shortfall ``e``: minimise ``e`` subject to ``p_i + e >= level_i - offset_i`` (and every
    cap ``p_i <= cap_i``)."""
    from tafelselectie.backends.highs_lp import LinearProgram

    lp = LinearProgram("simplex")
    row_of: dict[int, int] = {}
    lp.add_row([], [], 1.0, 1.0)
    for i in reachable:
        row_of[i] = lp.add_row([], [], levels[i] - offsets[i], None)
    cap_row_of = {i: lp.add_row([], [], None, c) for i, c in (caps or {}).items()}
    lp.add_column(1.0, 0.0, None, [row_of[i] for i in reachable], [1.0] * len(reachable))
    for table in portfolio:
        _add_table(lp, row_of, table, cap_row_of)
    outcome = lp.solve()
    if outcome.status is not Status.OPTIMAL:
        raise SolverError(Problem("lottery_lp_no_optimum", {"stage": "final"}))
    weights = np.clip(outcome.values[1:], 0.0, None)
    weights[weights < 1e-12] = 0.0
    # Twelve decimals: far below any meaningful difference, and the published portfolio reads
    # 0.25 rather than 0.24999999999999623.
    weights = np.round(weights / weights.sum(), 12)
    shortfall = max(float(outcome.values[0]), 0.0)
    return weights, shortfall
