"""Beasley's OR-Library set-covering instances as coverage problems.

Format (whitespace-separated integers; line breaks carry no meaning):

* row-wise (``scp*``): ``m n``, then ``n`` column costs, then for each of the ``m`` rows: ``k``
  and the ``k`` (1-based) columns covering it;
* column-wise (``rail*``): ``m n``, then for each column: its cost, ``k`` and the ``k`` (1-based)
  rows it covers.

Rows become cells with minimum 1, columns become providers with a cost, so stage 1 of the model
minimises the total cost: exactly the weighted set-covering problem whose optima OR-Library lists.
Provider ids are ``C`` plus the zero-padded column number, so id order is column order.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from tafelselectie.errors import PoolError, Problem
from tafelselectie.solve.problem import CoverageCell, CoverageProblem, Provenance, priority_order


def read_scp(path: str | Path, *, columnwise: bool | None = None) -> CoverageProblem:
    """Read an OR-Library set-covering file (``.gz`` allowed).

    ``columnwise`` defaults to True for files whose name starts with ``rail``. Raises
    :class:`PoolError` naming the file and the token where the data stops making sense.
    """
    path = Path(path)
    name = path.name.removesuffix(".gz")
    if columnwise is None:
        columnwise = name.startswith("rail")
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except FileNotFoundError:
        raise PoolError([Problem("file_missing", source=str(path))]) from None
    except (OSError, EOFError) as exc:
        raise PoolError(
            [Problem("file_unreadable", {"reason": str(exc)}, source=str(path))]
        ) from None
    try:
        return _build(np.array(raw.split(), dtype=np.int64), columnwise, name)
    except (IndexError, ValueError) as exc:
        reason = f"not an OR-Library set-covering file ({exc})"
        raise PoolError(
            [Problem("file_unreadable", {"reason": reason}, source=str(path))]
        ) from None


def _build(numbers: np.ndarray, columnwise: bool, name: str) -> CoverageProblem:
    m, n = int(numbers[0]), int(numbers[1])
    if m <= 0 or n <= 0:
        raise ValueError("row and column counts must be positive")
    incidence = np.zeros((n, m), dtype=bool)
    position = 2
    if columnwise:
        costs = np.zeros(n, dtype=np.int64)
        for column in range(n):
            costs[column] = numbers[position]
            k = int(numbers[position + 1])
            rows = numbers[position + 2 : position + 2 + k] - 1
            if len(rows) != k:
                raise ValueError(f"column {column + 1} is cut short")
            incidence[column, rows] = True
            position += 2 + k
    else:
        costs = numbers[position : position + n].copy()
        if len(costs) != n:
            raise ValueError("the cost line is cut short")
        position += n
        for row in range(m):
            k = int(numbers[position])
            columns = numbers[position + 1 : position + 1 + k] - 1
            if len(columns) != k:
                raise ValueError(f"row {row + 1} is cut short")
            incidence[columns, row] = True
            position += 1 + k
    if position != len(numbers):
        raise ValueError(f"{len(numbers) - position} numbers left over")
    if np.any(incidence.sum(axis=0) == 0):
        raise ValueError("a row is covered by no column")
    if np.any(costs < 0):
        raise ValueError("negative cost")
    width = len(str(n))
    ids = tuple(f"C{j + 1:0{width}d}" for j in range(n))
    cells = tuple(
        CoverageCell(f"row={i + 1}", "dimension", (("row", str(i + 1)),), 1, None) for i in range(m)
    )
    return CoverageProblem(
        ids=ids,
        names=ids,
        cells=cells,
        incidence=incidence,
        scores=np.zeros(n, dtype=np.int64),
        costs=costs,
        seats_min=0,
        seats_max=None,
        seats_exact=None,
        extra_seats=0,
        include=(),
        groups=(),
        priority=priority_order(ids, "id", None),
        excluded=(),
        peildatum=None,
        provenance=Provenance(name=name, source=name),
        provider_values={},
        excluded_cells={},
        pool_source=name,
    )
