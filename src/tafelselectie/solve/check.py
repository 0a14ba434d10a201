"""An independent validity checker: plain Python, no solver, no numpy arithmetic.

It answers one question, "is this set of ids a table for this problem?", by counting, so that
every result of every backend can be checked against the definition in spec section 4. Each
requirement kind counts its own rows (:meth:`~tafelselectie.solve.requirements.RequirementKind.
violations`); this module adds what is true of any table: no id twice, every id eligible.
"""

from __future__ import annotations

from collections.abc import Iterable

from tafelselectie.solve.problem import CoverageProblem
from tafelselectie.solve.requirements import requirement_violations


def table_violations(problem: CoverageProblem, selected: Iterable[str]) -> list[str]:
    """Every requirement the selection breaks, as readable lines; empty for a valid table."""
    chosen = list(selected)
    out: list[str] = []
    position = {identifier: i for i, identifier in enumerate(problem.ids)}
    if len(set(chosen)) != len(chosen):
        out.append("an id is selected twice")
    unknown = [c for c in chosen if c not in position]
    for identifier in unknown:
        out.append(f"{identifier!r} is not an eligible provider")
    indices = frozenset(position[c] for c in chosen if c in position)
    return out + requirement_violations(problem, indices)


def is_table(problem: CoverageProblem, selected: Iterable[str]) -> bool:
    return not table_violations(problem, selected)
