"""An independent validity checker: plain Python, no solver, no numpy arithmetic.

It answers one question, "is this set of ids a table for this problem?", by counting, so that
every result of every backend can be checked against the definition in spec section 4.
"""

from __future__ import annotations

from collections.abc import Iterable

from tafelselectie.solve.problem import CoverageProblem


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
    indices = {position[c] for c in chosen if c in position}
    seats = len(indices)
    if problem.seats_exact is not None and seats != problem.seats_exact:
        out.append(f"{seats} seats, exactly {problem.seats_exact} required")
    if seats < problem.seats_min:
        out.append(f"{seats} seats, at least {problem.seats_min} required")
    if problem.seats_max is not None and seats > problem.seats_max:
        out.append(f"{seats} seats, at most {problem.seats_max} allowed")
    rows = problem.incidence.tolist()
    for j, cell in enumerate(problem.cells):
        count = sum(1 for i in indices if rows[i][j])
        if count < cell.min:
            out.append(f"{cell.key}: {count} seats, at least {cell.min} required")
        if cell.max is not None and count > cell.max:
            out.append(f"{cell.key}: {count} seats, at most {cell.max} allowed")
    for i in problem.include:
        if i not in indices:
            out.append(f"included provider {problem.ids[i]} is missing")
    for group in problem.groups:
        inside = [problem.ids[i] for i in group.members if i in indices]
        if len(inside) > 1:
            out.append(f"one_per {group.column}={group.value}: {', '.join(inside)}")
    for i in problem.blocked:
        if i in indices:
            out.append(f"{problem.ids[i]} sat at the last {problem.blocked_terms} tables")
    if problem.keep_min > 0:
        staying = sum(1 for i in problem.keep if i in indices)
        if staying < problem.keep_min:
            out.append(f"{staying} members of the previous table stay, {problem.keep_min} required")
    return out


def is_table(problem: CoverageProblem, selected: Iterable[str]) -> bool:
    return not table_violations(problem, selected)
