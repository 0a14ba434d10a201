from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"

# The default profile (every `make test`, CI) is derandomised: each test draws the same examples
# on every run and machine, and no example database carries failures from one run into the next,
# so a run cannot fail by chance. Deadlines are off: the machines are shared, and a slow example
# is not a wrong one. `HYPOTHESIS_PROFILE=thorough` explores with fresh random examples.
settings.register_profile(
    "default",
    deadline=None,
    max_examples=60,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def data_dir() -> Path:
    return DATA


def _backend_params() -> list[object]:
    from tafelselectie.backends import SOLVER_BACKENDS, available_backends

    available = available_backends()
    params = []
    for name in SOLVER_BACKENDS:
        marks = [getattr(pytest.mark, name)]
        if name not in available:
            marks.append(pytest.mark.skip(reason=f"backend {name} is not installed"))
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.fixture(params=_backend_params())
def backend(request: pytest.FixtureRequest) -> str:
    """Every backend in turn: the conformance suite runs each test against each backend."""
    return str(request.param)
