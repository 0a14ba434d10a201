"""Sweeps on any executor: the local process pool and a Dask LocalCluster give the same answers;
errors and infeasible outcomes come back as themselves; progress goes through its protocol."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

import pytest

import tafelselectie as ts
from tafelselectie.analysis.sweep import NoProgress, as_progress, dask_executor, run_tasks
from tafelselectie.errors import (
    BackendUnavailableError,
    CriteriaError,
    InfeasibleError,
    MissingExtraError,
    UsageError,
)
from tests.conftest import DATA

POOL = str(DATA / "regio-voorbeeld.csv")
CRITERIA = str(DATA / "criteria-2026.toml")
VARIATIONS: dict[str, Any] = {
    "hoogstens 6": {"seats": {"max": 6}},
    "te klein": {"seats": {"max": 4}},  # infeasible: the cells need at least 5 seats
    "fout": {"seats": {"max": "zes"}},  # bad criteria
    "twee per doelgroep": {"dimension": {"doelgroep": {"min_per_value": 2}}},
    "clienten": {"dimension": {"omvang": {"column": "clienten"}}},
}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Executor]:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    with dask_executor() as executor:  # a LocalCluster: two worker processes
        yield executor


def _comparable(comparison: Any) -> Any:
    return comparison.frame.drop(columns="seconds")


@pytest.mark.concurrency
@pytest.mark.slow
def test_dask_cluster_gives_the_same_frame_as_the_local_pool(cluster: Executor) -> None:
    local = ts.compare_scenarios(POOL, CRITERIA, VARIATIONS, processes=2, progress=False)
    remote = ts.compare_scenarios(POOL, CRITERIA, VARIATIONS, executor=cluster, progress=False)
    assert _comparable(remote).equals(_comparable(local))
    assert remote.membership().equals(local.membership())
    statuses = dict(remote.frame["status"])
    assert statuses["te klein"] == "infeasible" and statuses["fout"] == "error"
    assert statuses["basis"] == "optimal"
    # the local cluster's two workers solve on one core each, like the local pool's
    assert run_tasks(_usable_cores, [(), ()], executor=cluster) == [1, 1]


@pytest.mark.concurrency
@pytest.mark.slow
def test_errors_come_back_as_themselves_from_the_cluster(cluster: Executor) -> None:
    comparison = ts.compare_scenarios(POOL, CRITERIA, VARIATIONS, executor=cluster, progress=False)
    infeasible = comparison.outcome("te klein").error
    assert type(infeasible) is InfeasibleError
    assert infeasible.suggestions and infeasible.suggestions[0].target == "seats"
    bad = comparison.outcome("fout").error
    assert type(bad) is CriteriaError
    assert any(problem.key == "seats.max" for problem in bad.problems)
    # a failure that is no outcome is raised here, as itself, with its data
    with pytest.raises(BackendUnavailableError) as caught:
        ts.compare_scenarios(POOL, CRITERIA, {}, executor=cluster, backend="geen", progress=False)
    assert caught.value.name == "geen"


@pytest.mark.concurrency
@pytest.mark.slow
def test_rotation_simulation_on_the_cluster_equals_the_one_in_process(cluster: Executor) -> None:
    small_pool, small_criteria = DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml"
    here = ts.simulate_rotation(small_pool, small_criteria, years=3)
    there = ts.simulate_rotation(small_pool, small_criteria, years=3, executor=cluster)
    assert [(y.mode, y.year, y.selected, y.status) for y in there.years] == [
        (y.mode, y.year, y.selected, y.status) for y in here.years
    ]
    assert there.summary().equals(here.summary())


class Recorder:
    """A Progress that writes down what it is told."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def start(self, total: int, description: str) -> None:
        self.calls.append(("start", total, description))

    def advance(self) -> None:
        self.calls.append("advance")

    def finish(self) -> None:
        self.calls.append("finish")


def _square(value: int) -> int:
    return value * value


def _usable_cores() -> int:
    from tafelselectie.backends.auto import usable_cores

    return usable_cores()


@pytest.mark.concurrency
def test_the_workers_of_a_local_pool_solve_on_one_core_each() -> None:
    """backends.auto.one_core_per_process: in the local pool of a sweep each worker's solves
    use one core (no two-worker stage 1, no raced tie-break: the pool keeps the cores busy);
    the process that runs the sweep keeps the machine's."""
    from tafelselectie.backends.auto import _machine_cores

    assert run_tasks(_usable_cores, [(), (), ()], processes=2) == [1, 1, 1]
    assert _usable_cores() == _machine_cores()


def _fail_on_three(value: int) -> int:
    if value == 3:
        raise UsageError([])
    return value


@pytest.mark.parametrize("processes", [1, 2])
def test_progress_protocol_hears_every_task(processes: int) -> None:
    recorder = Recorder()
    results = run_tasks(
        _square, [(k,) for k in range(5)], processes=processes, progress=recorder, description="x"
    )
    assert results == [0, 1, 4, 9, 16]  # in the order of the tasks, wherever they ran
    assert recorder.calls == [("start", 5, "x"), *["advance"] * 5, "finish"]


def test_scenarios_tell_a_given_progress_object() -> None:
    recorder = Recorder()
    ts.compare_scenarios(POOL, CRITERIA, {"hoogstens 6": {"seats": {"max": 6}}}, progress=recorder)
    assert recorder.calls == [("start", 2, "scenario's"), "advance", "advance", "finish"]


def test_no_bar_when_no_one_listens(capsys: pytest.CaptureFixture[str]) -> None:
    # under pytest standard error is captured, not a terminal, and there is no Jupyter kernel
    assert isinstance(as_progress(None), NoProgress)
    ts.compare_scenarios(POOL, CRITERIA, {}, count_cap=0)
    assert capsys.readouterr().err == ""
    assert not isinstance(as_progress(True), NoProgress)


def test_a_failing_task_is_raised_as_itself_and_finishes_the_progress() -> None:
    recorder = Recorder()
    with pytest.raises(UsageError):
        run_tasks(_fail_on_three, [(k,) for k in range(5)], processes=2, progress=recorder)
    assert recorder.calls[-1] == "finish"


def test_executor_and_processes_together_are_refused() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as executor, pytest.raises(UsageError) as caught:
        run_tasks(_square, [(1,)], executor=executor, processes=2)
    assert caught.value.problems[0].key == "processes"
    for bad in (0, -1, 1.5, True):
        with pytest.raises(UsageError):
            run_tasks(_square, [(1,)], processes=bad)  # type: ignore[arg-type]


def test_any_executor_works_a_thread_pool_too() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as executor:
        there = ts.compare_scenarios(POOL, CRITERIA, VARIATIONS, executor=executor, progress=False)
    here = ts.compare_scenarios(POOL, CRITERIA, VARIATIONS, progress=False)
    assert _comparable(there).equals(_comparable(here))


def test_missing_dask_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a, **k: None if name == "distributed" else real(name, *a, **k),
    )
    with pytest.raises(MissingExtraError) as caught, dask_executor():
        pass
    assert "pip install 'tafelselectie[dask]'" in str(caught.value)
