"""One conformance suite for every backend: same canonical table, honest statuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tafelselectie import (
    BackendUnavailableError,
    InfeasibleError,
    Status,
    available_backends,
    build_problem,
    select,
)
from tafelselectie.backends import get_backend
from tafelselectie.solve.model import solve_problem
from tests.helpers import checked_select

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def example_problem() -> object:
    return build_problem(DATA / "regio-voorbeeld.csv", DATA / "criteria-2026.toml")


@pytest.fixture(scope="module")
def reference(example_problem: object) -> tuple[str, ...]:
    return select(example_problem, backend="cpsat").selected  # type: ignore[arg-type]


def test_example_region_same_table(
    backend: str, example_problem: object, reference: tuple[str, ...]
) -> None:
    result = checked_select(example_problem, backend=backend)
    assert result.selected == reference
    assert result.status is Status.OPTIMAL
    assert result.backend == backend


def test_small_example_same_table(backend: str) -> None:
    expected = checked_select(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml").selected
    result = checked_select(
        DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml", backend=backend
    )
    assert result.selected == expected


def test_infeasible_stays_infeasible(backend: str) -> None:
    criteria = {
        "dimension": [{"name": "d", "column": "doelgroepen", "min_per_value": 1}],
        "seats": {"max": 1},
    }
    with pytest.raises(InfeasibleError) as info:
        select(DATA / "klein-voorbeeld.csv", criteria, backend=backend)
    assert "seats (min 0, max 1)" in str(info.value)


def test_time_limited_answer_is_never_called_optimal(backend: str, example_problem: object) -> None:
    # A real, tiny time limit: whatever happens, a table without proof is not `optimal`.
    from tafelselectie import NoSolutionError, table_violations

    try:
        solution = solve_problem(example_problem, get_backend(backend), time_limit=0.01)  # type: ignore[arg-type]
    except NoSolutionError:
        return
    chosen = [example_problem.ids[i] for i in solution.chosen]  # type: ignore[attr-defined]
    assert table_violations(example_problem, chosen) == []  # type: ignore[arg-type]
    if solution.status is Status.OPTIMAL:
        assert all(s.status is Status.OPTIMAL for s in solution.stages)


def test_unknown_backend_lists_the_available_ones() -> None:
    with pytest.raises(BackendUnavailableError) as info:
        get_backend("gurobi")
    for name in available_backends():
        assert name in str(info.value)


@pytest.mark.parametrize("order", ["ortools-first", "highspy-first"])
def test_ortools_and_highspy_import_together(order: str) -> None:
    pytest.importorskip("highspy", reason="highspy is not installed")
    imports = ["import ortools.sat.python.cp_model", "import highspy", "import pulp"]
    if order == "highspy-first":
        imports.reverse()
    code = "; ".join(imports) + "; import highspy; highspy.Highs(); print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_solver_libraries_are_imported_lazily() -> None:
    code = (
        "import sys, tafelselectie\n"
        "from tafelselectie.cli.app import build_cli\n"
        "build_cli('nl')\n"
        "names = ('ortools', 'pulp', 'highspy', 'pandas', 'numpy')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("preset", [None, "64"])
def test_a_command_settles_its_libraries_before_they_load(preset: str | None) -> None:
    """The command sets OpenBLAS's threads and pydantic's plugin lookup in its own process before
    numpy and pydantic load (they read them then), and keeps a value the user set."""
    code = (
        "import os, sys\n"
        "from tafelselectie.cli import main\n"
        "loaded = [m for m in ('numpy', 'pydantic') if m in sys.modules]\n"
        f"code = main(['select', {str(DATA / 'klein-voorbeeld.csv')!r}, '--criteria', "
        f"{str(DATA / 'klein-voorbeeld.toml')!r}])\n"
        "print(loaded, code, os.environ['OPENBLAS_NUM_THREADS'],"
        " os.environ['PYDANTIC_DISABLE_PLUGINS'])\n"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENBLAS_NUM_THREADS", "PYDANTIC_DISABLE_PLUGINS")
    }
    if preset is not None:
        environment["OPENBLAS_NUM_THREADS"] = preset
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    expected = f"[] 0 {preset or '1'} __all__"
    assert done.stdout.strip().splitlines()[-1] == expected, done.stderr


def test_select_with_cpsat_does_not_import_pandas() -> None:
    """The command that chooses a table needs no pandas: CP-SAT's modelling layer (which imports
    it, 0.3 s) is bypassed by writing its protocol buffer and calling its solve wrapper."""
    code = (
        "import sys, tafelselectie as ts\n"
        f"r = ts.select({str(DATA / 'klein-voorbeeld.csv')!r}, "
        f"{str(DATA / 'klein-voorbeeld.toml')!r}, backend='cpsat')\n"
        "print(r.status.value, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "optimal False", done.stderr


def test_auto_chooses_by_shape_and_reports_the_backend_used() -> None:
    from tafelselectie.backends.auto import choose

    small = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    assert choose(small)[0] == "cpsat"
    result = checked_select(small, backend="auto")
    assert result.backend in available_backends() and result.backend != "auto"
    assert result.to_dict()["requested_backend"] == "auto"


def test_auto_prefers_cbc_for_many_providers_covering_many_cells() -> None:
    import numpy as np

    from tafelselectie.backends.auto import choose

    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    dense = np.ones((3000, 20), dtype=bool)
    assert choose(problem) == ("cpsat", "cbc", "highs")
    wide = type(problem)(**{**problem.__dict__, "incidence": dense, "ids": ("x",) * 3000})
    assert choose(wide)[0] == "cbc"


def test_crossing_bounds_make_a_model_infeasible_not_invalid(backend: str) -> None:
    """A share's integer bounds can cross (ceil of the minimum above floor of the maximum):
    every backend must then say infeasible, which the diagnosis explains."""
    from tafelselectie.backends import get_backend
    from tafelselectie.backends.base import Status

    model = get_backend(backend).create()
    model.add_binaries(2)
    model.add_constraint([0, 1], [1, 1], 2, 1)
    model.set_objective([0, 1], [1, 1], maximise=False)
    assert model.solve(10.0).status is Status.INFEASIBLE


def test_the_canonical_answer_runs_small_problems_without_cpsat_presolve() -> None:
    """backends.auto.for_canonical_answer: below SMALL_WITHOUT_PRESOLVE provider-cell pairs,
    CP-SAT runs without presolve (measured faster); a caller's own setting is kept; other
    backends and larger problems are left as they are."""
    import numpy as np

    from tafelselectie.backends.auto import SMALL_WITHOUT_PRESOLVE, for_canonical_answer
    from tafelselectie.backends.cpsat import CpSatBackend

    small = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    tuned = for_canonical_answer(CpSatBackend(), small)
    assert isinstance(tuned, CpSatBackend)
    assert tuned.parameters["cp_model_presolve"] is False
    assert tuned.parameters["linearization_level"] == 2  # the other defaults stay
    kept = for_canonical_answer(CpSatBackend(cp_model_presolve=True), small)
    assert kept.parameters["cp_model_presolve"] is True
    rows = SMALL_WITHOUT_PRESOLVE // 10 + 1
    large = type(small)(
        **{**small.__dict__, "incidence": np.ones((rows, 11), dtype=bool), "ids": ("x",) * rows}
    )
    assert "cp_model_presolve" not in for_canonical_answer(CpSatBackend(), large).parameters
    if "cbc" in available_backends():
        cbc = get_backend("cbc")
        assert for_canonical_answer(cbc, small) is cbc


def test_the_cpsat_helper_has_what_the_backend_uses_in_the_pinned_versions() -> None:
    """backends/cpsat.py builds and solves through ``cp_model_helper`` alone; OR-Tools 9.12-9.14
    lack these names there (only ``SolveWrapper``), so pyproject.toml allows 9.15 only."""
    import tomllib
    from importlib.metadata import version

    from ortools.sat.python import cp_model_helper

    for name in ("CpModelProto", "SatParameters", "SolveWrapper", "CpSolverStatus"):
        assert hasattr(cp_model_helper, name), name
    pyproject = tomllib.loads((DATA.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("ortools")]
    assert pins == ["ortools>=9.15,<9.16"]
    assert version("ortools").startswith("9.15.")


def test_only_auto_hands_stages_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """`select(backend="auto")` may hand stages 2 and 3 from CP-SAT to CBC (solve.selection.
    handovers_for); a backend asked for by name runs every stage itself, whatever it costs."""
    import tafelselectie.solve.selection as selection

    calls = spy_on_solve(monkeypatch)
    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    selection.select(problem, backend="cpsat")
    selection.select(problem, backend="auto")
    assert calls[0]["handovers"] == {}
    if "cbc" in available_backends():
        handovers = calls[1]["handovers"]
        # stage 1 joins a race only on two cores (test_handovers_race_on_two_cores_...)
        assert set(handovers) - {"seats"} == {"expertise", "seats_again"}
        # after a slow stage 1, stage 2 goes to CBC at once; stage 3 always gets its second
        assert handovers["expertise"].at_once_after == selection.HANDOVER_SECONDS
        assert handovers["seats_again"].at_once_after is None


@pytest.mark.parametrize("cores", [1, 2])
def test_handovers_race_on_two_cores_and_wait_on_one(
    monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """solve.selection.handovers_for: with two cores CP-SAT keeps searching beside CBC (a
    race, backends.race.race), in stages 2 and 3 and, where it runs on one worker, stage
    1; with one (a sweep's worker process) the two would share a core, so CP-SAT stops and CBC
    takes over stages 2 and 3, as before races existed."""
    import tafelselectie.backends.auto as auto
    from tafelselectie.solve.selection import HANDOVER_SECONDS, handovers_for

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    monkeypatch.setattr(auto, "_cores_per_process", cores)
    small = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    handovers = handovers_for(get_backend("cpsat"), small)
    races = {stage: h.race for stage, h in handovers.items()}
    if cores == 1:  # no race, and stage 1 has no table to hand over
        assert races == {"expertise": False, "seats_again": False}
    else:  # stage 1 on one CP-SAT worker: CBC joins it after the second
        assert races == {"expertise": True, "seats_again": True, "seats": True}
        assert handovers["seats"].after == HANDOVER_SECONDS
    for handover in handovers.values():  # CBC's own settings in the stages it races
        assert getattr(handover.backend, "options", None) == ()
    # where stage 1 runs on two CP-SAT workers, the two cores are taken: no race of stage 1
    monkeypatch.setattr(auto, "SMALL_WITHOUT_PRESOLVE", 0)
    if cores > 1:
        assert "seats" not in handovers_for(get_backend("cpsat"), small)


def test_cbc_options_reach_its_command_line() -> None:
    """backends.pulp.CbcBackend(options=...): CBC's own settings go to PuLP, which writes each
    as ``-name value`` on CBC's command line; the default backend adds none."""
    from tafelselectie.backends.pulp import CbcBackend

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    configured = CbcBackend(options=("strongBranching 0", "heuristics off"))
    assert configured.solver(10.0, warm_start=False).options == [
        "strongBranching 0",
        "heuristics off",
    ]
    assert get_backend("cbc").solver(10.0, warm_start=False).options == []


def test_a_handover_at_once_after_a_slow_stage_one() -> None:
    """solve.stage_models.Handover.given: a stage 1 slower than ``at_once_after`` makes the
    handover immediate (``after`` 0); a faster one, or no ``at_once_after``, leaves it."""
    from tafelselectie.solve.stage_models import Handover

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    cbc = get_backend("cbc")
    rule = Handover(1.0, cbc, at_once_after=1.0)
    assert rule.given(1.5).after == 0.0
    assert rule.given(1.5).backend is cbc
    assert rule.given(0.5) == rule
    assert Handover(1.0, cbc).given(100.0).after == 1.0


def spy_on_solve(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The keyword arguments of every solve_or_diagnose call that `select` makes, in order."""
    import tafelselectie.solve.selection as selection

    calls: list[dict[str, Any]] = []
    original = selection.solve_or_diagnose

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(selection, "solve_or_diagnose", spy)
    return calls


def test_auto_splits_the_stages_for_many_providers_with_many_cells() -> None:
    """backends.auto: from MANY_PROVIDERS providers and MANY_CELLS cells, stage 1 runs in the
    backend `choose` names with a handover to HiGHS, stages 2-3 in CP-SAT and the tie-break in
    the backend `choose` names, with its settings for this shape; every other shape runs every
    stage in one backend."""
    import numpy as np

    from tafelselectie.backends.auto import (
        MANY_CELLS,
        MANY_CELLS_STAGE_ONE_SECONDS,
        MANY_CELLS_TIE_BREAK_OPTIONS,
        MANY_PROVIDERS,
        TIE_BREAK_MANY_CELLS,
        choose,
        stage_one_handover,
        stage_plan,
        tie_break_backend,
    )

    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    assert stage_plan(problem) == {} and stage_one_handover(problem) is None
    cells = [problem.cells[0]] * MANY_CELLS

    def shaped(providers: int, n_cells: int) -> Any:
        incidence = np.ones((providers, n_cells), dtype=bool)
        return type(problem)(
            **{
                **problem.__dict__,
                "incidence": incidence,
                "ids": ("x",) * providers,
                "cells": tuple(cells[:n_cells]),
            }
        )

    wide = shaped(MANY_PROVIDERS, MANY_CELLS)
    assert choose(wide)[0] == TIE_BREAK_MANY_CELLS
    assert stage_plan(wide) == {"expertise": "cpsat", "seats_again": "cpsat"}
    assert stage_one_handover(wide) == ("highs", MANY_CELLS_STAGE_ONE_SECONDS)
    # the tie-break in CBC with its settings for this shape; a CBC the caller configured, or
    # another backend, keeps its own
    from tafelselectie.backends.pulp import CbcBackend

    tie_break = tie_break_backend(CbcBackend(), wide)
    assert isinstance(tie_break, CbcBackend)
    assert tie_break.options == MANY_CELLS_TIE_BREAK_OPTIONS
    assert tie_break_backend(CbcBackend(options=("cuts off",)), wide) is None
    # one short of either threshold: the single-backend rules (CBC for dense covers)
    for providers, n_cells in ((MANY_PROVIDERS - 1, MANY_CELLS), (MANY_PROVIDERS, MANY_CELLS - 1)):
        narrow = shaped(providers, n_cells)
        assert stage_plan(narrow) == {} and stage_one_handover(narrow) is None
        assert choose(narrow)[0] in {"cbc", "cpsat"}
        assert tie_break_backend(CbcBackend(), narrow) is None


def test_select_under_auto_runs_the_stage_plan_and_keeps_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the thresholds lowered so the small example has the shape, `select(backend="auto")`
    runs stage 1 in CBC (handed to HiGHS when CBC has not proven it in time: with that time
    at 0, HiGHS proves it) and stages 2-3 in CP-SAT, records where each stage ran, and returns
    the canonical table (the one CP-SAT alone gives); a backend asked for by name still runs
    every stage itself."""
    import tafelselectie.backends.auto as auto
    import tafelselectie.solve.selection as selection

    needed = {"cpsat", "highs", "cbc"}
    if not needed <= set(available_backends()):
        pytest.skip(f"needs the backends {sorted(needed)}; installed: {available_backends()}")
    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    alone = checked_select(problem, backend="cpsat")
    assert selection.handovers_for(get_backend("cbc"), problem) == {}
    monkeypatch.setattr(auto, "MANY_PROVIDERS", 1)
    monkeypatch.setattr(auto, "MANY_CELLS", 1)
    for seconds, stage_one in ((3600.0, "cbc"), (0.0, "highs")):
        monkeypatch.setattr(auto, "MANY_CELLS_STAGE_ONE_SECONDS", seconds)
        handovers = selection.handovers_for(get_backend("cbc"), problem)
        assert handovers["seats"].after == seconds and not handovers["seats"].race
        assert set(handovers) == {"seats"}
        calls = spy_on_solve(monkeypatch)
        split = checked_select(problem, backend="auto")
        assert split.selected == alone.selected
        assert split.status is Status.OPTIMAL
        assert split.backend == auto.TIE_BREAK_MANY_CELLS
        # the tie-break ran in CBC with the shape's settings (and gave the same table)
        tie_break = calls[-1]["stage_backends"]["tie_break"]
        assert tie_break.options == auto.MANY_CELLS_TIE_BREAK_OPTIONS
        ran = {stage["stage"]: stage.get("backend") for stage in split.to_dict()["stages"]}
        expected = {"seats": stage_one, "expertise": "cpsat", "seats_again": "cpsat"}
        for stage, name in expected.items():
            # a stage in the main backend records no backend of its own
            assert ran[stage] == (None if name == split.backend else name), ran
    named = checked_select(problem, backend="cpsat")
    assert all(stage.get("backend") is None for stage in named.to_dict()["stages"])


@pytest.mark.parametrize("maximise", [False, True])
def test_highs_reports_its_proven_bound_in_the_model_sense(maximise: bool) -> None:
    """The HiGHS backend passes on HiGHS's MIP dual bound (so a time-limited stage 1 in HiGHS
    reports its gap, as CP-SAT's does), in the model's own sense: on a proven solve it equals
    the objective (a sign error would give -3 for the maximum 3)."""
    if "highs" not in available_backends():
        pytest.skip(f"needs the highs backend; installed: {available_backends()}")
    model = get_backend("highs").create()
    model.add_binaries(3)
    for pair in ([0, 1], [1, 2], [0, 2]):
        model.add_constraint(pair, [1, 1], 1, None)
    model.set_objective([0, 1, 2], [1, 1, 1], maximise=maximise)
    outcome = model.solve(10.0)
    assert outcome.status is Status.OPTIMAL
    assert outcome.objective == (3.0 if maximise else 2.0)
    assert outcome.bound is not None
    # a proof within the absolute gap of 0.5 (backends/highs.py): the bound is that close
    assert abs(outcome.bound - outcome.objective) < 0.5


def _market_split(
    model: Any, offset: int = 0, maximise: bool = False
) -> tuple[int, int, int, int, list[int]]:
    """A market split with even coefficients and odd targets: every table misses each of the
    five targets by at least 1, which the LP bound of 0 cannot see, so no branch and bound
    proves it within seconds. Minimises the misses plus ``offset`` (a binary fixed at 1 with
    that cost, so the LP bound is ``offset``); ``maximise`` maximises the negative instead.
    Returns the first x, the first under and over variable, the x count and the targets."""
    import numpy as np

    rng = np.random.default_rng(7)
    rows, n = 5, 40
    weights = 2 * rng.integers(0, 50, size=(rows, n))
    targets = [int(w.sum()) // 2 | 1 for w in weights]  # odd: never met by even sums
    x = model.add_binaries(n)
    under = model.add_integers(rows, 10_000)
    over = model.add_integers(rows, 10_000)
    for r in range(rows):
        columns = [*range(x, x + n), under + r, over + r]
        model.add_constraint(columns, [*weights[r], 1, -1], targets[r], targets[r])
    misses = [*range(under, under + rows), *range(over, over + rows)]
    costs = [1] * len(misses)
    if offset:
        fixed = model.add_binaries(1)
        model.fix(fixed, 1)
        misses.append(fixed)
        costs.append(offset)
    sign = -1 if maximise else 1
    model.set_objective(misses, [sign * c for c in costs], maximise=maximise)
    return x, under, over, n, targets


@pytest.mark.parametrize("maximise", [False, True])
def test_a_stopped_solve_reports_its_bound_in_the_model_sense(backend: str, maximise: bool) -> None:
    """Every backend passes on the bound of a search stopped by its time limit (CBC's from
    its output: PuLP does not), in the model's own sense and with the cost of fixed variables
    in it. The model's LP bound is 7 (a fixed binary of cost 7; the misses' LP bound is 0) and
    its optimum at least 12, so a stopped search has a bound of at least 7 and at most its
    table's value; the maximisation of the negative has a bound of at most -7. A bound read with
    the wrong sign, or without the fixed cost, fails one of the two."""
    model = get_backend(backend).create()
    _market_split(model, offset=7, maximise=maximise)
    outcome = model.solve(1.0)
    assert outcome.status in (Status.FEASIBLE, Status.UNKNOWN), "must outlast its 1 s limit"
    assert outcome.bound is not None
    if maximise:
        assert outcome.bound <= -7 + 1e-6
        if outcome.objective is not None:
            assert outcome.objective <= outcome.bound + 1e-6
    else:
        assert outcome.bound >= 7 - 1e-6
        if outcome.objective is not None:
            assert outcome.bound <= outcome.objective + 1e-6


@pytest.mark.parametrize("after_the_limit", [True, False])
def test_cbc_dying_after_its_limit_proves_nothing(
    monkeypatch: pytest.MonkeyPatch, after_the_limit: bool
) -> None:
    """CBC 2.10.3 now and then dies (SIGSEGV) when a limit of a millisecond ends while it reads
    its MIP start; PuLP then raises "Error while trying to execute". After the limit that is a
    stop without a table (unknown), which the stages handle like any stop; before it, it is a
    solver failure, reported as one."""
    import time

    import pulp

    from tafelselectie.errors import SolverError

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")
    limit = 0.05 if after_the_limit else 60.0

    def dies(self: Any, solver: Any = None, **options: Any) -> None:
        if after_the_limit:
            time.sleep(0.06)  # past the limit of 0.05 s
        raise pulp.PulpSolverError("Pulp: Error while trying to execute")

    monkeypatch.setattr(pulp.LpProblem, "solve", dies)
    model = get_backend("cbc").create()
    model.add_binaries(2)
    model.add_constraint([0, 1], [1, 1], 1, None)
    model.set_objective([0, 1], [1, 1], maximise=False)
    if after_the_limit:
        outcome = model.solve(limit)
        assert outcome.status is Status.UNKNOWN
        assert outcome.values is None and outcome.bound is None
    else:
        with pytest.raises(SolverError):
            model.solve(limit)


def test_cbc_bound_is_read_from_the_end_of_its_output() -> None:
    """backends.pulp.cbc_bound: the last "Lower bound" or "Upper bound" line of CBC's output
    (measured on CBC 2.10.3), none for a proof, none for CBC's infinity."""
    from tafelselectie.backends.pulp import cbc_bound

    stopped = (
        "Cbc0005I Partial search - best objective 10 (best possible 8), took 46550 iterations\n"
        "Result - Stopped on time limit\n\nObjective value:                10.00000000\n"
        "Lower bound:                    8.000\nGap:                            0.25\n"
    )
    assert cbc_bound(stopped) == 8.0
    assert cbc_bound(stopped.replace("Lower bound:  ", "Upper bound:  ")) == 8.0
    assert cbc_bound("Result - Optimal solution found\n\nObjective value:  4.00000000\n") is None
    assert cbc_bound("Result - Stopped on time limit\n\nLower bound:   1e+50\n") is None
    assert cbc_bound("Lower bound:   -1.5\n") == -1.5


@pytest.mark.highs
def test_a_highs_time_limit_is_each_solves_own() -> None:
    """Every solve of a growing HiGHS model gets its own time limit, no more and no less
    (backends/highs.py; HiGHS once counted ``time_limit`` over all runs of the object,
    ERGO-Code/HiGHS#1477). The model is a market split with even coefficients and odd targets:
    every table misses each target by at least 1, which the LP bound of 0 cannot see, so no
    branch and bound proves it within seconds and each solve runs into its limit.

    * First 1 s, then 0.25 s: the second solve stops at its own 0.25 s. Counted from the
      object's first run it would stop at once; with the first limit left in place it would
      run 1 s, given the time so far on top 1.25 s. The bound 0.75 s leaves 0.5 s for HiGHS to
      notice its limit.
    * Then every variable is fixed: the trivial rest is proven within its own 0.5 s (counted
      over all runs, 1.25 s would already be spent)."""
    if "highs" not in available_backends():
        pytest.skip(f"needs the highs backend; installed: {available_backends()}")
    model = get_backend("highs").create()
    x, under, over, n, targets = _market_split(model)
    rows = len(targets)
    # stopped by the limit either way: with a table found (feasible) or before one (unknown)
    stopped = (Status.FEASIBLE, Status.UNKNOWN)
    first = model.solve(1.0)
    assert first.status in stopped, "the market split must outlast its 1 s limit"
    again = model.solve(0.25)
    assert again.status in stopped
    assert again.seconds < 0.75
    for i in range(n):
        model.fix(x + i, 0)
    for r in range(rows):
        model.fix(under + r, targets[r])
        model.fix(over + r, 0)
    second = model.solve(0.5)
    assert second.status is Status.OPTIMAL
    assert second.objective == sum(targets)


def test_stage_one_of_a_large_problem_runs_on_two_cpsat_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """backends.auto.stage_one_backend: above SMALL_WITHOUT_PRESOLVE provider-cell pairs, on a
    machine with two or more cores, stage 1 of `select` under `auto` runs on two CP-SAT workers
    (the LP worker and a reduced-cost search); not on a small problem, not for another backend,
    not when the caller chose workers or subsolvers, not on one core."""
    import numpy as np

    import tafelselectie.backends.auto as auto
    from tafelselectie.backends.cpsat import CpSatBackend
    from tafelselectie.solve.selection import stage_backends_for

    small = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    rows = auto.SMALL_WITHOUT_PRESOLVE // 10 + 1
    large = type(small)(
        **{**small.__dict__, "incidence": np.ones((rows, 11), dtype=bool), "ids": ("x",) * rows}
    )
    monkeypatch.setattr(auto, "_machine_cores", lambda: 2)
    stage_one = auto.stage_one_backend(CpSatBackend(random_seed=3), large)
    assert isinstance(stage_one, CpSatBackend)
    assert stage_one.parameters["num_workers"] == 2
    assert stage_one.parameters["subsolvers"] == ["max_lp", "reduced_costs"]
    assert stage_one.parameters["random_seed"] == 3  # the caller's other settings stay
    assert stage_one.parameters["linearization_level"] == 2
    plan = stage_backends_for(large, CpSatBackend(random_seed=3))
    assert set(plan) == {"seats", "tie_break"}
    assert plan["seats"].parameters == stage_one.parameters
    # the tie-break: a race of one-worker searches with the caller's seed and the next
    tie_break = plan["tie_break"]
    assert isinstance(tie_break, CpSatBackend)
    assert tie_break.parameters["num_workers"] == 1
    assert tie_break.race == ({"random_seed": 3}, {"random_seed": 4})
    for chosen, problem in (
        (CpSatBackend(), small),
        (CpSatBackend(num_workers=1), large),
        (CpSatBackend(subsolvers=["max_lp"]), large),
    ):
        assert auto.stage_one_backend(chosen, problem) is None
        assert auto.tie_break_backend(chosen, problem) is None
    if "cbc" in available_backends():
        assert auto.stage_one_backend(get_backend("cbc"), large) is None
        assert auto.tie_break_backend(get_backend("cbc"), large) is None
    monkeypatch.setattr(auto, "_machine_cores", lambda: 1)
    assert auto.stage_one_backend(CpSatBackend(), large) is None
    assert auto.tie_break_backend(CpSatBackend(), large) is None
    assert stage_backends_for(large, CpSatBackend()) == {}


@pytest.mark.parametrize("threshold", ["SMALL_WITHOUT_PRESOLVE", "MIDDLE_RACE_FROM"])
def test_select_with_two_searches_keeps_the_answer(
    monkeypatch: pytest.MonkeyPatch, threshold: str
) -> None:
    """With a size threshold lowered so the small example counts as large (stage 1 on two
    CP-SAT workers, the tie-break a race of two seeds) or as middle-sized (stages 1-3 in CP-SAT
    without cuts, CBC joining, the tie-break their race), `select` under `auto` gives the table
    CP-SAT on one worker gives (the canonical answer, whatever the path). The repeated
    parameter ``subsolvers`` and the race's settings reach the solver: a wrong name would make
    CP-SAT reject them."""
    import tafelselectie.backends.auto as auto

    problem = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    alone = checked_select(problem, backend="cpsat")
    monkeypatch.setattr(auto, threshold, 0)
    monkeypatch.setattr(auto, "_machine_cores", lambda: 2)
    calls = spy_on_solve(monkeypatch)
    two = checked_select(problem, backend="auto")
    assert two.backend == "cpsat"
    plan = calls[0]["stage_backends"]
    if threshold == "SMALL_WITHOUT_PRESOLVE":
        assert plan["seats"].parameters["num_workers"] == 2
        assert plan["tie_break"].race == ({"random_seed": 0}, {"random_seed": 1})
    else:
        tie_break = plan["tie_break"]
        if "cbc" in available_backends():  # CP-SAT without cuts against CBC's settings
            assert tie_break.name == "cpsat+cbc"
            assert tie_break.first.parameters["cut_level"] == 0
            assert tie_break.second.options == auto.MIDDLE_CBC_OPTIONS
            assert plan["seats"].parameters == tie_break.first.parameters
        else:
            assert "seats" not in plan
            assert tie_break.race == (
                {"cut_level": 0, "random_seed": 0},
                {"cut_level": 0, "random_seed": 1},
            )
    assert two.selected == alone.selected
    assert two.status is Status.OPTIMAL


def _odd_sum_of_even_weights(backend: Any) -> Any:
    """Even weights that must add up to an odd number: infeasible. CP-SAT's presolve sees it at
    once (the weights' common divisor); without presolve and without the LP, its search does not
    finish within minutes (measured: still unknown after 10 s)."""
    import numpy as np

    rng = np.random.default_rng(3)
    model = backend.create()
    x = model.add_binaries(60)
    weights = 2 * rng.integers(1, 50, size=60)
    target = int(weights.sum()) // 2 | 1
    model.add_constraint(range(x, x + 60), weights.tolist(), target, target)
    model.set_objective(range(x, x + 60), [1] * 60, maximise=False)
    return model


@pytest.mark.parametrize("first", [True, False])
def test_the_first_proof_of_a_race_stops_the_other_searches(first: bool) -> None:
    """backends.cpsat: a solve with ``race`` runs one search per entry side by side; the one
    that proves its answer ends the race, whichever entry it is. Here one entry proves the
    model infeasible at once and the other would search until its 60 s limit: without the stop
    the race would take those 60 s, so a race that ends within 30 s was stopped (30 s leaves
    the proof, 0.1 s measured, room on a slow machine)."""
    from tafelselectie.backends.cpsat import CpSatBackend

    blind = {"linearization_level": 0, "cp_model_presolve": False}
    race = [{}, blind] if first else [blind, {}]
    outcome = _odd_sum_of_even_weights(CpSatBackend(race=race)).solve(60.0)
    assert outcome.status is Status.INFEASIBLE
    assert outcome.seconds < 30.0


def test_a_race_stopped_by_its_limit_proves_nothing() -> None:
    """When every search of a race stops at the time limit, the race has proven nothing: no
    table and no infeasibility (the model is infeasible, but no search showed it)."""
    from tafelselectie.backends.cpsat import CpSatBackend

    blind = {"linearization_level": 0, "cp_model_presolve": False}
    race = [blind, {**blind, "random_seed": 1}]
    outcome = _odd_sum_of_even_weights(CpSatBackend(race=race)).solve(0.5)
    assert outcome.status is Status.UNKNOWN
    assert outcome.values is None


@pytest.mark.parametrize("maximise", [False, True])
def test_a_race_without_a_proof_keeps_the_best_table_and_the_tightest_bound(
    maximise: bool,
) -> None:
    """backends.race._best_of: of searches that were all stopped, the best table (lowest when
    minimising, highest when maximising) with the tightest of their proven bounds, and the
    race's own seconds."""
    import numpy as np

    from tafelselectie.backends.base import SolveOutcome
    from tafelselectie.backends.race import _best_of

    sign = -1 if maximise else 1
    worse = SolveOutcome(Status.FEASIBLE, np.array([1, 1, 1]), sign * 3.0, 1.0, sign * 1.0)
    better = SolveOutcome(Status.FEASIBLE, np.array([1, 1, 0]), sign * 2.0, 1.2, sign * 0.5)
    nothing = SolveOutcome(Status.UNKNOWN, None, None, 0.9, sign * 1.5)
    best, index = _best_of([worse, nothing, better], maximise, 1.3)
    assert index == 2
    assert best.status is Status.FEASIBLE
    assert best.objective == sign * 2.0
    assert best.values is not None and best.values.tolist() == [1, 1, 0]
    assert best.bound == sign * 1.5  # the tightest: the highest lower or the lowest upper bound
    assert best.seconds == 1.3
    empty, _ = _best_of([nothing], maximise, 1.0)
    assert empty.status is Status.UNKNOWN and empty.values is None and empty.bound == sign * 1.5
    # a model without an objective: a table found by any search is kept, never lost
    plain = SolveOutcome(Status.FEASIBLE, np.array([0, 1, 1]), None, 0.8, None)
    kept, _ = _best_of([nothing, plain], maximise, 1.0)
    assert kept.status is Status.FEASIBLE
    assert kept.values is not None and kept.values.tolist() == [0, 1, 1]


def test_cpsat_parameters_the_solver_refuses_get_a_clear_error() -> None:
    """A CP-SAT parameter that does not exist is a UsageError naming the key (not an
    AttributeError from OR-Tools); a value CP-SAT refuses when it solves (a misspelt subsolver)
    is a SolverError that passes on CP-SAT's own reason."""
    from tafelselectie.backends.cpsat import CpSatBackend
    from tafelselectie.errors import SolverError, UsageError

    def tiny(backend: CpSatBackend) -> Any:
        model = backend.create()
        model.add_binaries(2)
        model.add_constraint([0, 1], [1, 1], 1, None)
        model.set_objective([0, 1], [1, 1], maximise=False)
        return model

    with pytest.raises(UsageError) as unknown:
        tiny(CpSatBackend(num_wrokers=2)).solve(5.0)
    assert unknown.value.problems[0].key == "num_wrokers"
    assert "num_wrokers" in str(unknown.value)
    # the same for a parameter of one entry of a race, before any search starts
    with pytest.raises(UsageError) as in_race:
        tiny(CpSatBackend(race=[{}, {"random_sead": 1}])).solve(5.0)
    assert in_race.value.problems[0].key == "random_sead"
    with pytest.raises(SolverError) as refused:
        tiny(CpSatBackend(num_workers=2, subsolvers=["max_lpp"])).solve(5.0)
    assert "max_lpp" in str(refused.value)


def test_each_backend_reports_the_installed_version_of_its_solver() -> None:
    """The JSON's versions name what is installed (the audit of a result depends on it)."""
    from importlib.metadata import version

    for name in available_backends():
        for package, reported in get_backend(name).versions().items():
            assert reported == version(package), (name, package)


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity"), reason="CPU affinity is a Linux (and BSD) feature"
)
def test_usable_cores_follow_the_process_affinity(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process pinned to one core (``taskset -c 0``, a container's cpuset) has one usable
    core, whatever the machine has: no race and no second worker there."""
    import tafelselectie.backends.auto as auto

    monkeypatch.setattr(auto, "_cores_per_process", None)
    monkeypatch.setattr(auto.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(auto.os, "sched_getaffinity", lambda pid: {0})
    assert auto.usable_cores() == 1
    monkeypatch.setattr(auto.os, "sched_getaffinity", lambda pid: {0, 3})
    assert auto.usable_cores() == 2


def of_pairs(pairs: int) -> Any:
    """The example's problem with ``pairs`` provider-cell pairs (an all-ones incidence of ten
    cells): what the size rules of backends.auto read, nothing to solve."""
    import numpy as np

    small = build_problem(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")
    rows = pairs // 10
    incidence = np.ones((rows, 10), dtype=bool)
    return type(small)(**{**small.__dict__, "incidence": incidence, "ids": ("x",) * rows})


def test_the_tie_break_of_a_middle_sized_problem_races_two_seeds_without_cuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """backends.auto.tie_break_backend: from MIDDLE_RACE_FROM to SMALL_WITHOUT_PRESOLVE pairs,
    on two cores, the tie-break races a search without cutting planes against CBC with its
    settings, or (CBC not installed) two such searches, with the caller's seed and the next;
    below that range nothing, above it the seeds race of large problems
    (with cuts); a caller's choice of workers, subsolvers or cut level, or one core, keeps the
    caller's own setting."""
    import tafelselectie.backends.auto as auto
    from tafelselectie.backends.cpsat import CpSatBackend

    monkeypatch.setattr(auto, "_machine_cores", lambda: 2)
    middle = of_pairs(auto.MIDDLE_RACE_FROM)
    # without CBC: two cuts-off CP-SAT seeds
    monkeypatch.setattr(auto, "_installed", lambda: ("cpsat", "highs"))
    chosen = auto.tie_break_backend(CpSatBackend(random_seed=5), middle)
    assert isinstance(chosen, CpSatBackend)
    assert chosen.race == (
        {"cut_level": 0, "random_seed": 5},
        {"cut_level": 0, "random_seed": 6},
    )
    assert chosen.parameters["num_workers"] == 1
    # with CBC: one cuts-off CP-SAT search (the caller's seed) against CBC with its settings,
    # which joins after MIDDLE_CBC_AFTER seconds
    from tafelselectie.backends.pulp import CbcBackend
    from tafelselectie.backends.race import RacingBackend

    monkeypatch.setattr(auto, "_installed", lambda: ("cpsat", "cbc", "highs"))
    raced = auto.tie_break_backend(CpSatBackend(random_seed=5), middle)
    assert isinstance(raced, RacingBackend)
    assert isinstance(raced.first, CpSatBackend) and raced.first.race == ()
    assert raced.first.parameters["cut_level"] == 0
    assert raced.first.parameters["random_seed"] == 5
    assert raced.first.parameters["num_workers"] == 1
    assert isinstance(raced.second, CbcBackend)
    assert raced.second.options == auto.MIDDLE_CBC_OPTIONS
    assert raced.after == auto.MIDDLE_CBC_AFTER
    assert auto.tie_break_backend(CpSatBackend(), of_pairs(auto.MIDDLE_RACE_FROM - 10)) is None
    above = auto.tie_break_backend(CpSatBackend(), of_pairs(auto.SMALL_WITHOUT_PRESOLVE + 10))
    assert isinstance(above, CpSatBackend)
    assert above.race == ({"random_seed": 0}, {"random_seed": 1})  # the large problems' race
    for own in ({"num_workers": 1}, {"subsolvers": ["max_lp"]}, {"cut_level": 1}):
        assert auto.tie_break_backend(CpSatBackend(**own), middle) is None, own
    monkeypatch.setattr(auto, "_machine_cores", lambda: 1)
    assert auto.tie_break_backend(CpSatBackend(), middle) is None


def test_every_stage_of_a_middle_sized_problem_runs_in_the_middle_race(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """backends.auto.middle_race_backend through solve.selection: on a problem of a middle
    size with CBC installed and two cores, stages 1-3 run in the race's CP-SAT search without
    cuts (one object: one model, each stage adding its rows), and the CBC that joins them has
    the race's settings; the tie-break runs in the race itself. Without CBC, on one core, or
    outside that size, the stages keep their earlier plan."""
    import tafelselectie.backends.auto as auto
    from tafelselectie.backends.cpsat import CpSatBackend
    from tafelselectie.backends.race import RacingBackend
    from tafelselectie.solve.selection import HANDOVER_SECONDS, handovers_for, stage_backends_for

    if "cbc" not in available_backends():
        pytest.skip(f"needs the cbc backend; installed: {available_backends()}")

    monkeypatch.setattr(auto, "_machine_cores", lambda: 2)
    middle = of_pairs(auto.MIDDLE_RACE_FROM)
    solver = CpSatBackend(cp_model_presolve=False, random_seed=5)
    plan = stage_backends_for(middle, solver)
    raced = plan["tie_break"]
    assert isinstance(raced, RacingBackend)
    assert set(plan) == {"seats", "expertise", "seats_again", "tie_break"}
    cuts_off = plan["seats"]
    assert plan["expertise"] is cuts_off and plan["seats_again"] is cuts_off
    assert isinstance(cuts_off, CpSatBackend) and cuts_off.race == ()
    assert cuts_off.parameters["cut_level"] == 0
    assert cuts_off.parameters["random_seed"] == 5
    assert cuts_off.parameters["cp_model_presolve"] is False
    assert raced.first.parameters == cuts_off.parameters
    assert getattr(raced.second, "options", None) == auto.MIDDLE_CBC_OPTIONS
    handovers = handovers_for(solver, middle)
    assert set(handovers) == {"seats", "expertise", "seats_again"}
    for handover in handovers.values():
        assert handover.race and handover.after == HANDOVER_SECONDS
        assert getattr(handover.backend, "options", None) == auto.MIDDLE_CBC_OPTIONS
    assert handovers["expertise"].at_once_after == HANDOVER_SECONDS
    # below the range: CBC joins stages 1-3 as before, the tie-break runs in CP-SAT itself
    below = of_pairs(auto.MIDDLE_RACE_FROM - 10)
    assert stage_backends_for(below, solver) == {}
    assert set(handovers_for(solver, below)) == {"seats", "expertise", "seats_again"}
    # without CBC: only the tie-break races (two CP-SAT seeds), no handover to make
    monkeypatch.setattr(auto, "_installed", lambda: ("cpsat", "highs"))
    plan = stage_backends_for(middle, solver)
    assert set(plan) == {"tie_break"} and isinstance(plan["tie_break"], CpSatBackend)
    monkeypatch.setattr(auto, "_installed", lambda: ("cpsat", "cbc", "highs"))
    monkeypatch.setattr(auto, "_machine_cores", lambda: 1)  # one core: no race at all
    assert stage_backends_for(middle, solver) == {}
    assert auto.middle_race_backend(solver, middle) is None
