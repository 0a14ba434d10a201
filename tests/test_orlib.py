"""OR-Library reader and cost-weighted covering against known optima."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from tafelselectie import PoolError
from tafelselectie.backends import get_backend
from tafelselectie.solve.check import table_violations
from tafelselectie.solve.model import solve_problem
from tafelselectie.solve.orlib import read_scp

INSTANCES = Path(__file__).resolve().parents[2] / "shared" / "data" / "external" / "orlib-scp"
needs_instances = pytest.mark.skipif(
    not (INSTANCES / "scp41.txt").exists(),
    reason=f"OR-Library instances not found in {INSTANCES}",
)

# 3 rows, 4 columns. Row 1: columns 1, 2; row 2: columns 2, 3; row 3: columns 3, 4.
ROWWISE = "3 4\n 5 3 4 1\n2 1 2\n2 2 3\n2 3 4\n"
COLUMNWISE = "3 4\n5 1 1\n3 2 1 2\n4 2 2 3\n1 1 3\n"


def test_rowwise_and_columnwise_read_the_same(tmp_path: Path) -> None:
    rows = tmp_path / "tiny.txt"
    rows.write_text(ROWWISE)
    columns = tmp_path / "railtiny.txt.gz"
    columns.write_bytes(gzip.compress(COLUMNWISE.encode()))
    a, b = read_scp(rows), read_scp(columns)
    assert a.costs.tolist() == b.costs.tolist() == [5, 3, 4, 1]
    assert np.array_equal(a.incidence, b.incidence)
    assert a.ids == ("C1", "C2", "C3", "C4")
    assert [c.min for c in a.cells] == [1, 1, 1]


def test_cost_weighted_minimum_and_canonical_table(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(ROWWISE)
    problem = read_scp(path)
    solution = solve_problem(problem, get_backend(backend))
    chosen = [problem.ids[i] for i in solution.chosen]
    # {C2, C4} costs 4 and covers every row; no cheaper cover exists
    assert solution.minimum_cost == 4 and chosen == ["C2", "C4"]
    assert table_violations(problem, chosen) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("3 4\n5 3 4\n", "cut short"),
        ("2 2\n1 1\n1 1\n1 1\n9\n", "left over"),
        ("2 2\n1 1\n1 1\n0\n", "covered by no column"),
        ("x y\n", "not an OR-Library"),
        ("", "not an OR-Library"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(PoolError) as info:
        read_scp(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


@needs_instances
@pytest.mark.parametrize(("name", "optimum"), [("scp41", 429), ("scp61", 138), ("scpe1", 5)])
def test_known_optima(backend: str, name: str, optimum: int) -> None:
    problem = read_scp(INSTANCES / f"{name}.txt")
    solution = solve_problem(problem, get_backend(backend), stop_after_minimum=True)
    assert solution.minimum_cost == optimum
    chosen = [problem.ids[i] for i in solution.chosen]
    assert table_violations(problem, chosen) == []
    assert int(problem.costs[list(solution.chosen)].sum()) == optimum


@needs_instances
def test_nonzeros_match_the_instance_table() -> None:
    assert int(read_scp(INSTANCES / "scp41.txt").incidence.sum()) == 4009
    assert int(read_scp(INSTANCES / "scpa1.txt").incidence.sum()) == 18091
