"""A race of solvers on one stage (backends.race.race) and the stop it needs from each
backend (backends.base.StoppableModel): CBC's process killed, CP-SAT's search ended.

The race is tested with scripted models, whose solves end only when told, so every order of
events is forced rather than hoped for; the stop of each real backend on a model no solver
proves within its limit."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tafelselectie.backends import available_backends, get_backend
from tafelselectie.backends.base import SolveOutcome, Status, StoppableModel, stop_until_ended
from tafelselectie.backends.race import race
from tests.test_backends import _market_split


class Scripted:
    """A model whose solve returns ``outcome`` at once, or (``blocks``) waits until it is
    stopped and then returns ``unknown``. ``honours_early_stops=False`` ignores a stop that
    comes before its solve has started, as CBC's does before PuLP has started the process."""

    def __init__(
        self,
        outcome: SolveOutcome | None = None,
        *,
        blocks: bool = False,
        fails: bool = False,
        honours_early_stops: bool = True,
        after: threading.Event | None = None,
    ) -> None:
        self.outcome = outcome
        self.blocks = blocks
        self.fails = fails
        self.honours_early_stops = honours_early_stops
        self.after = after  # returns its outcome only once this is set
        self.calls = 0
        self.limits: list[float | None] = []
        self.running = threading.Event()
        self.stopped = threading.Event()

    def solve(self, time_limit: float | None) -> SolveOutcome:
        self.calls += 1
        self.limits.append(time_limit)
        if not self.honours_early_stops:
            self.stopped.clear()
        self.running.set()
        if self.fails:
            if self.after is not None:
                assert self.after.wait(timeout=120.0)
            raise RuntimeError("the solver broke")
        if self.blocks:
            # a stop, or (as a solver would) the end of the time limit
            self.stopped.wait(timeout=time_limit if time_limit is not None else 120.0)
            if self.outcome is not None and not self.stopped.is_set():
                return self.outcome
            return SolveOutcome(Status.UNKNOWN, None, None, 0.0)
        assert self.outcome is not None
        if self.after is not None:
            assert self.after.wait(timeout=120.0)
        return self.outcome

    def stop(self) -> None:
        self.stopped.set()


def entrant(model: Scripted, start_after: float = 0.0) -> tuple[Any, float]:
    """An entrant of a race: the function that gives the model, and when it starts."""
    return (lambda: model, start_after)


def table(objective: float, status: Status = Status.OPTIMAL, bound: float | None = None) -> Any:
    return SolveOutcome(status, np.array([1, 0, 1]), objective, 0.5, bound)


def test_the_models_of_cbc_and_cpsat_can_be_stopped_and_highs_not() -> None:
    for name in ("cpsat", "cbc", "highs"):
        if name not in available_backends():
            continue
        model = get_backend(name).create()
        assert isinstance(model, StoppableModel) is (name != "highs"), name


@pytest.mark.parametrize("winner", [0, 1])
def test_the_first_proof_wins_and_stops_the_other(winner: int) -> None:
    """The entrant that proves ends the race, whichever it is; the other, which would search
    until stopped, is stopped (without the stop the race would not return at all). The proof
    comes only once the other runs."""
    searches = Scripted(blocks=True)
    proves = Scripted(table(7.0), after=searches.running)
    entrants: list[tuple[Any, float]] = [entrant(searches, 0.0), entrant(proves, 0.0)]
    if winner == 0:
        entrants.reverse()
    outcome, index = race(entrants, 60.0, maximise=False)
    assert index == winner
    assert outcome.status is Status.OPTIMAL and outcome.objective == 7.0
    assert searches.stopped.is_set()


def test_an_entrant_that_starts_later_is_not_started_after_a_proof() -> None:
    """The second entrant starts after 60 s unless a proof comes first: the first proves at
    once, so the second never solves (had it started, its solve would have counted a call)."""
    first = Scripted(table(3.0))
    second = Scripted(table(3.0))
    outcome, index = race([entrant(first, 0.0), entrant(second, 60.0)], None, maximise=True)
    assert (index, outcome.objective) == (0, 3.0)
    assert second.calls == 0


def test_a_later_entrant_starts_when_the_first_has_not_proven() -> None:
    """The first searches without a proof; after its 0.01 s the second starts beside it with
    the time that is left, proves, and stops the first."""
    first = Scripted(blocks=True)
    second = Scripted(table(4.0))
    outcome, index = race([entrant(first, 0.0), entrant(second, 0.01)], 60.0, maximise=False)
    assert (index, outcome.status) == (1, Status.OPTIMAL)
    assert second.calls == 1
    limit = second.limits[0]
    assert limit is not None and limit <= 60.0
    assert first.stopped.is_set()


@pytest.mark.parametrize("late_first", [False, True])
def test_a_stop_before_the_solve_has_started_is_repeated(late_first: bool) -> None:
    """An entrant that ignores stops that come before its solve (CBC's process does not run
    yet) is stopped all the same: the race repeats the stop until the entrant's solve ends,
    whether it runs on a thread of its own or (the first entrant) on the caller's."""
    late = Scripted(blocks=True, honours_early_stops=False)
    proves = Scripted(table(2.0))
    entrants = [entrant(proves, 0.0), entrant(late, 0.0)]
    if late_first:
        entrants.reverse()
    outcome, index = race(entrants, 60.0, maximise=False)
    assert (index, outcome.objective) == (int(late_first), 2.0)
    # the late entrant either never started or was stopped while it ran; either way it ended
    assert late.calls == 0 or late.stopped.is_set()


def test_stop_until_ended_repeats_the_stop_until_every_solve_has_ended() -> None:
    """Solves that ignore a stop sent before they start (CBC's process not yet running) are
    stopped all the same, and the call returns only once every one has ended. The solves start
    only after the first stops were sent (an event the first round of stops sets), so the
    first round is missed by construction, not by timing."""
    changed = threading.Condition()
    models = [Scripted(blocks=True, honours_early_stops=False) for _ in range(3)]
    running: dict[int, Scripted] = dict(enumerate(models))
    first_round_sent = threading.Event()

    def solve(index: int) -> None:
        assert first_round_sent.wait(timeout=120.0)
        models[index].solve(120.0)
        with changed:
            del running[index]
            changed.notify_all()

    def pending() -> list[Scripted] | None:
        if not running:
            return None
        if any(model.stopped.is_set() for model in running.values()):
            first_round_sent.set()  # a stop has gone out before any solve started
        return list(running.values())

    threads = [threading.Thread(target=solve, args=(i,), daemon=True) for i in range(3)]
    for thread in threads:
        thread.start()
    stop_until_ended(changed, pending)
    assert not running  # returned only after every solve ended
    assert all(model.calls == 1 and model.stopped.is_set() for model in models)
    for thread in threads:
        thread.join(timeout=120.0)


@pytest.mark.parametrize("maximise", [False, True])
def test_without_a_proof_the_best_table_and_the_tightest_bound(maximise: bool) -> None:
    """Both stopped by the time limit: the better table (lower when minimising, higher when
    maximising), the tightest of the bounds, ``feasible``; of equal tables, the first
    entrant's."""
    sign = -1 if maximise else 1
    worse = Scripted(table(sign * 3.0, Status.FEASIBLE, bound=sign * 1.0))
    better = Scripted(table(sign * 2.0, Status.FEASIBLE, bound=sign * 1.5))
    outcome, index = race([entrant(worse, 0.0), entrant(better, 0.0)], 1.0, maximise=maximise)
    assert index == 1
    assert outcome.status is Status.FEASIBLE
    assert outcome.objective == sign * 2.0
    assert outcome.bound == sign * 1.5
    same = Scripted(table(sign * 2.0, Status.FEASIBLE))
    _, first = race([entrant(same, 0.0), entrant(better, 0.0)], 1.0, maximise=maximise)
    assert first == 0


def test_no_table_in_time_is_unknown() -> None:
    """Both stopped by the limit without a table: ``unknown``, never a proof."""
    a = Scripted(blocks=True)
    b = Scripted(blocks=True)
    outcome, _ = race([entrant(a, 0.0), entrant(b, 0.0)], 0.05, maximise=False)
    assert outcome.status is Status.UNKNOWN and outcome.values is None


def test_no_entrant_starts_after_the_time_limit() -> None:
    """The first searches until the limit of 0.05 s (then it has a table, unproven); the
    second would start after 60 s, which is past the limit, so it never starts."""
    first = Scripted(table(5.0, Status.FEASIBLE), blocks=True)
    second = Scripted(table(5.0))
    outcome, index = race([entrant(first, 0.0), entrant(second, 60.0)], 0.05, maximise=False)
    assert (index, outcome.status, outcome.objective) == (0, Status.FEASIBLE, 5.0)
    assert second.calls == 0


def test_a_failing_entrant_ends_the_race_with_its_error() -> None:
    """A solver error is not a loss to be ignored: it ends the race (the other is stopped)
    and reaches the caller."""
    searches = Scripted(blocks=True)
    broken = Scripted(fails=True, after=searches.running)
    with pytest.raises(RuntimeError, match="broke"):
        race([entrant(searches, 0.0), entrant(broken, 0.0)], 60.0, maximise=False)
    assert searches.stopped.is_set()


@pytest.mark.parametrize("backend", ["cbc", "cpsat"])
def test_a_backend_stops_a_running_solve_and_solves_again(backend: str) -> None:
    """The stop of a real solver: a market split (no solver proves it within its limit,
    test_backends._market_split) solved with a limit of 120 s in one thread, stopped from
    another after 1 s. Without the stop it would end at 120 s, so an end within 60 s was the
    stop's. CBC's stopped solve is ``unknown`` (its process was killed: nothing is read), where
    a solve that ran to its limit would have a table (it finds one at once); CBC's files of the
    stopped solve are gone, and the model still answers (without an objective, at once)."""
    import psutil

    if backend not in available_backends():
        pytest.skip(f"needs the {backend} backend; installed: {available_backends()}")
    model = get_backend(backend).create()
    _market_split(model)
    assert isinstance(model, StoppableModel)
    outcomes: list[SolveOutcome] = []
    thread = threading.Thread(target=lambda: outcomes.append(model.solve(120.0)))
    thread.start()
    thread.join(1.0)
    files = getattr(model, "_running", None)  # CBC's directory of this solve
    while thread.is_alive():
        model.stop()
        thread.join(0.05)
    (outcome,) = outcomes
    assert outcome.seconds < 60.0
    assert outcome.status is not Status.OPTIMAL
    if backend == "cbc":
        assert outcome.status is Status.UNKNOWN and outcome.values is None
        assert files is not None and not Path(files).exists()
        running = [" ".join(p.cmdline()) for p in psutil.Process().children(recursive=True)]
        assert not [line for line in running if str(files) in line]
    # the same model, asked only for some table (every table is optimal then): it answers
    model.set_objective([], [], maximise=False)
    again = model.solve(60.0)
    assert again.status is Status.OPTIMAL and again.values is not None


def test_a_model_that_is_not_needed_is_not_made() -> None:
    """An entrant's model is made when it starts: one that a proof makes unnecessary is never
    made (a CBC model would import PuLP and build the whole model for nothing)."""
    made: list[Scripted] = []

    def make() -> Scripted:
        made.append(Scripted(table(1.0)))
        return made[-1]

    outcome, index = race([entrant(Scripted(table(1.0))), (make, 60.0)], None, maximise=False)
    assert (index, outcome.status) == (0, Status.OPTIMAL)
    assert made == []


@pytest.mark.slow
@pytest.mark.parametrize("time_limit", [0.5, 3.0])
def test_select_stopped_by_its_limit_during_a_race_leaves_a_valid_table_and_nothing_running(
    time_limit: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`select` under `auto` on a region of the hard shape (benchmarks' hard-1000, whose stage 1
    takes CP-SAT 5.5-7.4 s and CBC longer on the machine of benchmarks/RESULTS.md), with a limit
    that ends stage 1: at 0.5 s before CBC has joined it, at 3 s while CBC runs beside CP-SAT
    (it joins after solve.selection.HANDOVER_SECONDS, 1 s, after the strengthening's tenths of
    a second; so only a machine five times faster, whose CP-SAT proves stage 1 within that
    second, would keep CBC out). The table is valid, an unproven stage 1 says so and has a
    bound no higher than the table's seats, and no CBC process or file of this run is left."""
    import tempfile

    import psutil
    from benchmarks.selection import case_problem

    from tafelselectie.solve.selection import HANDOVER_SECONDS
    from tests.helpers import checked_select

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    assert HANDOVER_SECONDS < 3.0
    # this test's own temporary directory: other processes' CBC files are not its business
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made: list[str] = []
    mkdtemp = tempfile.mkdtemp

    def recorded(*args: Any, **kwargs: Any) -> str:
        made.append(mkdtemp(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", recorded)
    problem = case_problem("hard-1000")
    result = checked_select(problem, backend="auto", time_limit=time_limit)
    seats = result.stages[0]
    assert seats.name == "seats"
    if seats.status is not Status.OPTIMAL:
        assert result.status is Status.FEASIBLE
        assert seats.bound is not None and seats.bound <= result.minimum_seats
    if time_limit > HANDOVER_SECONDS:  # CBC joined stage 1 (and solved in this directory)
        assert [m for m in made if Path(m).parent == tmp_path]
    assert list(tmp_path.glob("tafelselectie-cbc-*")) == []
    children = [" ".join(p.cmdline()) for p in psutil.Process().children(recursive=True)]
    assert not [line for line in children if "tafelselectie-cbc-" in line]


class _Recording:
    """A model that records every change and, when solved, answers ``outcome`` (or blocks until
    stopped, as Scripted does)."""

    def __init__(self, outcome: SolveOutcome | None = None, blocks: bool = False) -> None:
        self.changes: list[tuple[Any, ...]] = []
        self.count = 0
        self.scripted = Scripted(outcome, blocks=blocks)

    def add_binaries(self, count: int) -> int:
        self.changes.append(("add_binaries", count))
        first, self.count = self.count, self.count + count
        return first

    def add_integers(self, count: int, upper: int) -> int:
        self.changes.append(("add_integers", count, upper))
        first, self.count = self.count, self.count + count
        return first

    def add_constraint(self, indices: Any, coefficients: Any, lower: Any, upper: Any) -> None:
        self.changes.append(("add_constraint", list(indices), list(coefficients), lower, upper))

    def fix(self, index: int, value: int) -> None:
        self.changes.append(("fix", index, value))

    def set_objective(self, indices: Any, coefficients: Any, maximise: bool) -> None:
        self.changes.append(("set_objective", list(indices), list(coefficients), maximise))

    def set_hint(self, values: Any) -> None:
        self.changes.append(("set_hint", list(values)))

    def solve(self, time_limit: float | None) -> SolveOutcome:
        return self.scripted.solve(time_limit)

    def stop(self) -> None:
        self.scripted.stop()


class _RecordingBackend:
    stoppable = True
    tie_break_formulation = "chain"

    def __init__(self, name: str, outcome: SolveOutcome | None, blocks: bool = False) -> None:
        self.name = name
        self.outcome = outcome
        self.blocks = blocks
        self.made: list[_Recording] = []

    def create(self) -> _Recording:
        self.made.append(_Recording(self.outcome, self.blocks))
        return self.made[-1]

    def versions(self) -> dict[str, str]:
        return {self.name: "1"}


def test_a_raced_model_gives_the_second_model_every_change_in_order() -> None:
    """backends.race.RacedModel: the second model is made only when it joins a race, gets every
    change made until then (arrays copied: the caller may reuse its own), then each change as
    it comes; the first proof is the answer. Here the first search never proves and the second
    proves at once, so the outcome is the second's."""
    from tafelselectie.backends.race import RacingBackend

    first = _RecordingBackend("one", None, blocks=True)
    second = _RecordingBackend("two", table(3.0))
    racing = RacingBackend(first, second, 0.0)
    model = racing.create()
    indices = np.array([0, 1, 2])
    assert model.add_binaries(3) == 0
    model.add_constraint(indices, [1, 1, 1], 1, None)
    indices[0] = 2  # the caller reuses its array: the kept change must not follow
    model.set_objective([0, 1, 2], [1, 1, 1], maximise=False)
    model.set_hint(np.array([1, 1, 1]))
    assert second.made == []  # nothing made before a race needs it
    outcome = model.solve(60.0)
    assert outcome.objective == 3.0 and outcome.status is Status.OPTIMAL
    assert len(second.made) == 1
    assert second.made[0].changes == first.made[0].changes
    assert second.made[0].changes[1] == ("add_constraint", [0, 1, 2], [1, 1, 1], 1, None)
    # the loser was stopped, or (the second's proof came before the first had started) never
    # started: either way it does not run on
    loser = first.made[0].scripted
    assert loser.calls == 0 or loser.stopped.is_set()
    model.fix(1, 0)  # after the second exists, a change goes to both at once
    assert model.add_binaries(2) == 3
    assert second.made[0].changes == first.made[0].changes
    assert racing.name == "one+two" and racing.versions() == {"one": "1", "two": "1"}


def test_raced_models_must_ask_alike_and_number_alike() -> None:
    """A race of backends whose tie-break formulations differ, or whose models number their
    variables differently, is an InternalError, not a wrong answer."""
    from tafelselectie.backends.race import RacingBackend
    from tafelselectie.errors import InternalError

    first = _RecordingBackend("one", table(3.0))
    other = _RecordingBackend("two", table(3.0))
    other.tie_break_formulation = "rank"
    with pytest.raises(InternalError):
        RacingBackend(first, other, 0.0)
    second = _RecordingBackend("two", table(3.0))
    model = RacingBackend(first, second, 0.0).create()
    model.add_binaries(2)
    model.solve(60.0)  # the second is made (the first proves at once, but it may start)
    model._made_second()  # made now in any case
    second.made[0].count += 1  # the second model now numbers one further
    with pytest.raises(InternalError):
        model.add_binaries(1)


def test_each_side_of_a_raced_stage_model_is_built_by_its_own_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """solve.stage_models.StageModels with a RacingBackend (the middle race of backends.auto):
    the partition cuts go to CBC's side only, as they do to a model of CBC alone, and not to
    CP-SAT's (strengthen.WITHOUT_PARTITION_CUTS); CBC's side, made when it first joins, holds
    the rows the stages added before the raced model existed once, and those added later once
    (replayed), exactly as many rows as CBC's model built outright."""
    import tafelselectie.solve.stage_models as stage_models
    from tafelselectie.backends.cpsat import CpSatBackend
    from tafelselectie.backends.pulp import CbcBackend
    from tafelselectie.backends.race import RacingBackend
    from tafelselectie.solve.stage_models import Clock, StageModels
    from tafelselectie.solve.strengthen import partition_cuts, strengthen
    from tests.test_strengthen import _band_instance

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    problem = _band_instance()  # its small band needs two providers: a partition cut
    cpsat = CpSatBackend()
    found = strengthen(problem, cpsat)
    expected = partition_cuts(problem, CbcBackend(), found.forced)
    assert expected  # else this test would not see cuts go astray
    given: list[tuple[str, int]] = []
    real = stage_models.strengthen_model

    def spied(model: Any, found: Any, cuts: Any) -> None:
        given.append((type(model).__name__, len(cuts)))
        real(model, found, cuts)

    monkeypatch.setattr(stage_models, "strengthen_model", spied)
    everyone = np.arange(problem.n_providers)
    ones = np.ones(problem.n_providers, dtype=np.int64)

    def stage_models_with(backend: Any) -> Any:
        models = StageModels(problem, cpsat, found, {}, Clock(None))
        models.add_row(everyone, ones, None, 4)  # before the stage's model exists
        model = models.get(backend)
        models.add_row(everyone, ones, 2, None)  # after: replayed to a late second side
        return model

    raced = stage_models_with(RacingBackend(CpSatBackend(cut_level=0), CbcBackend(), 0.0))
    assert given == [("CpSatModel", 0)]  # CBC's side is not made before it joins
    second = raced._made_second()
    assert given[1:] == [("PulpModel", len(expected))]
    alone = stage_models_with(CbcBackend())
    assert given[2:] == [("PulpModel", len(expected))]
    assert second._problem.numConstraints() == alone._problem.numConstraints()


def test_a_stage_race_whose_second_model_cannot_be_stopped_is_an_internal_error() -> None:
    """solve.stage_models: a handover backend that says its models stop (``stoppable``) but
    makes one that cannot is a bug, raised as InternalError (the error tree's), and the first
    search is stopped, not left running. The first never proves, so the second is always made
    (no order of events lets the race end before it)."""
    from tafelselectie.errors import InternalError
    from tafelselectie.solve.stage_models import Handover, _race_with

    class Unstoppable:  # a model with no stop
        def set_hint(self, values: Any) -> None:
            pass

        def set_objective(self, indices: Any, coefficients: Any, maximise: bool) -> None:
            pass

    class Models:
        def get(self, backend: Any) -> Unstoppable:
            return Unstoppable()

    claims = _RecordingBackend("claims", None)  # stoppable = True
    first = Scripted(blocks=True)
    with pytest.raises(InternalError):
        _race_with(
            Models(),  # type: ignore[arg-type]
            first,
            Handover(0.0, claims, race=True),  # type: ignore[arg-type]
            60.0,
            np.ones(3, dtype=np.int64),
            False,
            None,
        )
    assert first.stopped.is_set()
