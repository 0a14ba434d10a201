"""The frozen result of a selection and its views: DataFrames and JSON (spec 5)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from tafelselectie.backends.base import Status
from tafelselectie.solve.model import StageRecord
from tafelselectie.solve.problem import SCORE_SCALE, CoverageProblem

if TYPE_CHECKING:
    import pandas as pd

    from tafelselectie.criteria import Criteria


@dataclass(frozen=True, eq=False)
class SelectionResult:
    """The table chosen for a problem.

    ``status`` is :attr:`Status.OPTIMAL` only when every stage was proven; a table found before
    the time limit stopped a proof is :attr:`Status.FEASIBLE` and is not called minimal.
    """

    problem: CoverageProblem
    chosen: tuple[int, ...]  # provider indices into problem.ids
    status: Status
    backend: str  # the backend that solved it (``auto`` resolved)
    minimum_seats: int
    minimum_cost: int = 0
    stages: tuple[StageRecord, ...] = ()
    solves: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    requested_backend: str = ""
    # provenance: the criteria the problem was built from (None when select() was given a
    # CoverageProblem; problem.provenance still names them)
    criteria: Criteria | None = None

    @property
    def selected(self) -> tuple[str, ...]:
        """The ids at the table, ascending (plain string order)."""
        return tuple(sorted(self.problem.ids[i] for i in self.chosen))

    @property
    def seats(self) -> int:
        return len(self.chosen)

    @property
    def expertise_score(self) -> float:
        """The table's expertise score in the criteria's units (the scaled integers / 1000)."""
        return int(self.problem.scores[list(self.chosen)].sum()) / SCORE_SCALE

    @property
    def is_minimal(self) -> bool:
        return self.status is Status.OPTIMAL

    def _mask(self) -> np.ndarray:
        mask = np.zeros(self.problem.n_providers, dtype=bool)
        mask[list(self.chosen)] = True
        return mask

    def cells_of(self, provider: int) -> list[str]:
        row = self.problem.incidence[provider]
        return [self.problem.cells[j].key for j in np.flatnonzero(row)]

    def to_frame(self) -> pd.DataFrame:
        """One row per selected provider: id, name, expertise score, its values per dimension and
        the cells it covers (a list of cell keys)."""
        import pandas as pd

        problem = self.problem
        rows = []
        for i in sorted(self.chosen, key=lambda i: problem.ids[i]):
            row: dict[str, Any] = {"id": problem.ids[i], "naam": problem.names[i]}
            for dimension, per_provider in problem.provider_values.items():
                row[dimension] = list(per_provider[i])
            row["expertise_score"] = int(problem.scores[i]) / SCORE_SCALE
            cells = self.cells_of(i)
            row["n_cells"] = len(cells)
            row["cells"] = cells
            row["included"] = i in problem.include
            rows.append(row)
        columns = ["id", "naam", *problem.provider_values, "expertise_score", "n_cells", "cells"]
        columns.append("included")
        return pd.DataFrame(rows, columns=columns)

    def coverage(self) -> list[dict[str, Any]]:
        """Per cell: its bounds, how many eligible providers have it, how many seats cover it."""
        problem = self.problem
        mask = self._mask()
        out = []
        for j, cell in enumerate(problem.cells):
            column = problem.incidence[:, j]
            covering = [problem.ids[i] for i in np.flatnonzero(column & mask)]
            out.append(
                {
                    "cell": cell.key,
                    "kind": cell.kind,
                    "min": cell.min,
                    "max": cell.max,
                    "eligible": int(column.sum()),
                    "seats": len(covering),
                    "selected": sorted(covering),
                }
            )
        return out

    def shares(self) -> list[dict[str, Any]]:
        """Each volume-share bound (spec 6.5): its column, the value of ``per`` (or None), the
        bounds, the pool total and the table's sum (exact decimals as JSON numbers)."""
        chosen = set(self.chosen)
        out = []
        for bound in self.problem.shares:
            held = bound.held(chosen)
            out.append(
                {
                    "column": bound.column,
                    "per": bound.value,
                    "dimension": bound.per,
                    "min": None if bound.min is None else float(bound.min),
                    "max": None if bound.max is None else float(bound.max),
                    "total": json_number(bound.total),
                    "sum": json_number(held),
                    "share": float(held / bound.total),
                }
            )
        return out

    def coverage_frame(self) -> pd.DataFrame:
        """Cells x how many seats cover them, indexed by cell key."""
        import pandas as pd

        frame = pd.DataFrame(
            self.coverage(),
            columns=["cell", "kind", "min", "max", "eligible", "seats", "selected"],
        )
        frame["max"] = frame["max"].astype("Int64")
        return frame.set_index("cell")

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of spec 5, with the audit details after the required keys."""
        problem = self.problem
        provenance = problem.provenance
        return {
            "status": self.status.value,
            "seats": self.seats,
            "selected": list(self.selected),
            "expertise_score": self.expertise_score,
            "peildatum": problem.peildatum.isoformat() if problem.peildatum else None,
            "backend": self.backend,
            "requested_backend": self.requested_backend or self.backend,
            "name": provenance.name,
            "minimum_seats": self.minimum_seats,
            "minimum_cost": self.minimum_cost,
            "cost": int(problem.costs[list(self.chosen)].sum()),
            "tie_break": {
                "order": provenance.tie_break.order,
                "seed": provenance.tie_break.seed,
            },
            "pool": {
                "source": problem.pool_source,
                "eligible": problem.n_providers,
                "excluded": list(problem.excluded),
            },
            "providers": [
                {"id": problem.ids[i], "naam": problem.names[i], "cells": self.cells_of(i)}
                for i in sorted(self.chosen, key=lambda i: problem.ids[i])
            ],
            "coverage": self.coverage(),
            "shares": self.shares(),
            "stages": [
                {
                    "stage": s.name,
                    "status": s.status.value,
                    "value": s.value,
                    "seconds": round(s.seconds, 4),
                    "solves": s.solves,
                }
                | ({"bound": s.bound} if s.bound is not None else {})
                | ({"backend": s.backend} if s.backend is not None else {})
                for s in self.stages
            ],
            "solves": self.solves,
            "warnings": [w.render("en") for w in problem.warnings],
            "rotation": {
                "history": list(problem.history),
                "blocked": [problem.ids[i] for i in problem.blocked],
                "continuity": (
                    {
                        "min": problem.keep_min,
                        "stayed": sorted(problem.ids[i] for i in problem.keep if i in self.chosen),
                    }
                    if problem.keep_min
                    else None
                ),
                "fairness": problem.fairness,
            },
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "versions": self.versions,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def json_number(value: Fraction) -> int | float:
    """An exact decimal as a JSON number: whole numbers as integers, others as the shortest
    decimal (amounts in a pool have finitely many decimals, and so do their sums)."""
    if value.denominator == 1:
        return int(value)
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def infeasible_dict(
    problem: CoverageProblem | None,
    backend: str,
    reasons: list[dict[str, Any]],
    peildatum: str | None,
) -> dict[str, Any]:
    """The JSON object for a problem without a table (status ``infeasible``)."""
    return {
        "status": Status.INFEASIBLE.value,
        "seats": None,
        "selected": [],
        "expertise_score": None,
        "peildatum": peildatum,
        "backend": backend,
        "name": problem.provenance.name if problem is not None else "",
        "explanation": reasons,
        "warnings": [w.render("en") for w in problem.warnings] if problem is not None else [],
    }
