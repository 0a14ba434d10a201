"""Statuses are ours: a table without a full proof is `feasible`, never called minimal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tafelselectie import NoSolutionError, Status, build_problem, table_violations
from tafelselectie.backends.base import SolveOutcome
from tafelselectie.backends.cpsat import CpSatBackend
from tafelselectie.cli.app import main
from tafelselectie.solve.model import solve_problem

pytestmark = pytest.mark.cpsat  # (the last test runs on every backend)


class Downgrading:
    """CP-SAT, but the n-th solve reports what a time limit would: FEASIBLE or UNKNOWN."""

    name = "cpsat"

    def __init__(self, at_solve: int, status: Status) -> None:
        self.inner = CpSatBackend()
        self.at_solve = at_solve
        self.status = status
        self.count = 0

    def versions(self) -> dict[str, str]:
        return self.inner.versions()

    def create(self) -> Any:
        outer = self
        model = self.inner.create()

        class Wrapped:
            def __getattr__(self, name: str) -> Any:
                return getattr(model, name)

            def solve(self, time_limit: float | None) -> SolveOutcome:
                outer.count += 1
                return outer.solved(model, time_limit)

        return Wrapped()

    def solved(self, model: Any, time_limit: float | None) -> SolveOutcome:
        """The solve of ``model``; the ``at_solve``-th one downgraded to ``status``."""
        outcome: SolveOutcome = model.solve(time_limit)
        if self.count != self.at_solve:
            return outcome
        if self.status is Status.UNKNOWN:
            return SolveOutcome(Status.UNKNOWN, None, None, outcome.seconds)
        # a time limit leaves a gap: the bound is 1.5 below the objective found
        bound = None if outcome.objective is None else outcome.objective - 1.5
        return SolveOutcome(self.status, outcome.values, outcome.objective, outcome.seconds, bound)


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def problem() -> Any:
    return build_problem(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml")


@pytest.mark.parametrize("at_solve", [1, 2, 3, 5])
def test_any_unproven_stage_makes_the_result_feasible(problem: Any, at_solve: int) -> None:
    solution = solve_problem(problem, Downgrading(at_solve, Status.FEASIBLE))
    assert solution.status is Status.FEASIBLE
    selected = [problem.ids[i] for i in solution.chosen]
    assert table_violations(problem, selected) == []


def test_an_unproven_minimum_reports_its_proven_bound(problem: Any) -> None:
    from tafelselectie import select

    solution = solve_problem(problem, Downgrading(1, Status.FEASIBLE))
    seats = solution.stages[0]
    assert seats.status is Status.FEASIBLE
    # integer seats: a bound of 3.5 proves at least 4 (the minimum found was 5)
    assert seats.value == 5 and seats.bound == 4
    assert all(stage.bound is None for stage in solution.stages[1:])
    proven = select(problem, backend="cpsat").to_dict()
    assert all("bound" not in stage for stage in proven["stages"])


def test_all_proven_is_optimal(problem: Any) -> None:
    solution = solve_problem(problem, Downgrading(10**6, Status.FEASIBLE))
    assert solution.status is Status.OPTIMAL


def test_no_table_in_time_raises(problem: Any) -> None:
    with pytest.raises(NoSolutionError):
        solve_problem(problem, Downgrading(1, Status.UNKNOWN))


def test_time_limit_in_the_tie_break_keeps_a_valid_table(problem: Any) -> None:
    solution = solve_problem(problem, Downgrading(4, Status.UNKNOWN))
    assert solution.status is Status.FEASIBLE
    assert table_violations(problem, [problem.ids[i] for i in solution.chosen]) == []


def test_tie_break_takes_about_one_solve_per_seat(problem: Any) -> None:
    solution = solve_problem(problem, CpSatBackend())
    tie_break = next(s for s in solution.stages if s.name == "tie_break")
    assert tie_break.solves <= len(solution.chosen) + 1
    assert tie_break.solves < problem.n_providers / 10


def test_cli_exit_3_when_no_table_in_time(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import tafelselectie.solve.selection as selection

    monkeypatch.setattr(selection, "get_backend", lambda *args: Downgrading(1, Status.UNKNOWN))
    data = DATA
    code = main(
        [
            "select",
            str(data / "klein-voorbeeld.csv"),
            "-c",
            str(data / "klein-voorbeeld.toml"),
            "--time-limit",
            "0.5",
        ]
    )
    captured = capsys.readouterr()
    assert code == 3 and captured.out == "" and len(captured.err.splitlines()) == 1


def test_real_time_limit_never_reports_optimal_without_proof(problem: Any) -> None:
    # Whatever the machine's speed: no table (NoSolutionError), or a valid one, honestly labelled.
    try:
        solution = solve_problem(problem, CpSatBackend(), time_limit=0.05)
    except NoSolutionError:
        return
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert table_violations(problem, [problem.ids[i] for i in solution.chosen]) == []
    assert np.all(np.diff(solution.chosen) > 0)


@pytest.mark.parametrize("limit", [0.001, 0.05])
def test_a_stop_is_never_read_as_infeasible(backend: str, limit: float) -> None:
    """A feasible region under a time limit too short for any proof: a valid table (feasible or
    optimal) or NoSolutionError, never InfeasibleError, on every backend. (CBC writes "Integer
    infeasible" also when its limit ends the search; only a solve that ended before the limit
    proves anything.)"""
    from tafelselectie import InfeasibleError, generate_region, select

    pool = generate_region(600, 5)
    criteria = {
        "dimension": [
            {"name": "resultaatgebied", "column": "resultaatgebieden"},
            {"name": "doelgroep", "column": "doelgroepen"},
            {"name": "locatie", "column": "locaties"},
        ],
        "joint": [{"dimensions": ["resultaatgebied", "doelgroep"]}],
    }
    try:
        result = select(pool, criteria, backend=backend, time_limit=limit)
    except NoSolutionError:
        return
    except InfeasibleError as exc:  # pragma: no cover - the failure this test guards against
        pytest.fail(f"{backend} turned a stop into infeasibility: {exc}")
    assert table_violations(result.problem, result.selected) == []


class SlowFirstSolve(Downgrading):
    """CP-SAT whose first solve returns a proven table only after its whole time limit has
    passed (it solves without a limit, so load cannot make it come back empty)."""

    def solved(self, model: Any, time_limit: float | None) -> SolveOutcome:
        import time

        if self.count != 1 or time_limit is None:
            return super().solved(model, time_limit)
        outcome: SolveOutcome = model.solve(None)
        time.sleep(time_limit)  # from here on the solve's deadline has passed
        return outcome


def test_no_later_stage_starts_after_the_time_limit(problem: Any) -> None:
    """A stage after the deadline starts no solver (CBC writes its model first and would run
    past the limit): the first stage's table stands, reported as feasible. The first solve
    sleeps its whole time limit, which is at least what was left of the solve's deadline."""
    backend = SlowFirstSolve(0, Status.FEASIBLE)  # at_solve 0: nothing downgraded
    solution = solve_problem(problem, backend, time_limit=0.2)
    assert backend.count == 1
    assert solution.status is Status.FEASIBLE
    assert table_violations(problem, [problem.ids[i] for i in solution.chosen]) == []
