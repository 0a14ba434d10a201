"""The requirement kinds of a table, each defined once (spec section 4).

A *requirement* is one instance of a kind: cell ``j``, the seat bounds, included provider ``i``,
one_per group ``g``, blocked provider ``i`` (rotation), or continuity (rotation). Each kind says
in one place

* which instances a problem has (:meth:`RequirementKind.instances`),
* its rows in the model (:meth:`RequirementKind.add_rows`),
* its slack form for the smallest relaxation (:meth:`RequirementKind.slacks`) and how a
  suggested change is applied (:meth:`RequirementKind.relax`),
* its plain-language description (:meth:`RequirementKind.describe`), and
* an independent check by counting (:meth:`RequirementKind.violations`).

The model, the conflict diagnosis, the relaxation, the validity checker and the test oracle all
iterate over :data:`KINDS`; a new kind added here reaches each of them (and the oracle refuses to
run until it knows the kind too).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from tafelselectie.backends.base import SolverModel
from tafelselectie.errors import Problem
from tafelselectie.solve.problem import CoverageProblem


class Requirement(NamedTuple):
    """One requirement: its kind's name and the index of the instance (cell, provider, group)."""

    kind: str
    instance: int


@dataclass(frozen=True)
class Slack:
    """One bound of a requirement with room to break it, for the smallest relaxation.

    The row is ``sum coefficients * x (+ step * s) >= bound`` for ``sense == "min"`` and
    ``sum coefficients * x (- step * s) <= bound`` for ``"max"``, with ``0 <= s <= capacity``. A
    slack of ``k`` becomes the suggestion ``change`` on ``target``: the bound moved by ``k`` steps
    when ``proposes`` (lower a minimum, raise a maximum), otherwise dropped as a whole.
    """

    variables: tuple[int, ...]
    coefficients: tuple[int, ...]
    sense: str  # "min" | "max"
    bound: int
    capacity: int
    weight: int
    change: str
    target: str
    proposes: bool = True
    step: int = 1  # how much of the row one unit of slack buys

    @property
    def current(self) -> int | float | None:
        return self.bound if self.proposes else None

    def proposed(self, amount: int) -> int | float | None:
        if not self.proposes:
            return None
        return self.bound - amount if self.sense == "min" else self.bound + amount


@dataclass(frozen=True)
class ShareSlack(Slack):
    """A share's bound, suggested as a share again: "lower the share of omzet from 0.6 to 0.52".

    One unit of slack is one percentage point of the total (``step``: a hundredth of the total in
    the row's integer steps, rounded up), so a share's weight in the relaxation compares with a
    seat's. The proposal is rounded to whole hundredths away from the bound (down for a minimum,
    up for a maximum): a number a person writes, and still a table is possible."""

    share: float = 0.0  # the bound as written in the criteria
    units: int = 1  # the share's total in the row's integer steps

    @property
    def current(self) -> float:
        return self.share

    def proposed(self, amount: int) -> float:
        if self.sense == "min":
            moved = Fraction(self.bound - amount * self.step, self.units)
            return max(math.floor(moved * 100) / 100, 0.0)
        moved = Fraction(self.bound + amount * self.step, self.units)
        return min(math.ceil(moved * 100) / 100, 1.0)


# Weights of one unit of each kind of relaxation: changing a count by one is the unit; allowing
# a second provider of a concern is a policy change, dropping a provider the municipality chose
# to include (or letting a provider sit another term) more so. The weights only rank
# suggestions; every suggestion returned is needed.
WEIGHT_BOUND = 1
WEIGHT_ONE_PER = 2
WEIGHT_INCLUDE = 3


def _fmt(bound: int | None) -> str:
    return "-" if bound is None else str(bound)


def _ones(variables: Sequence[int]) -> tuple[int, ...]:
    return (1,) * len(variables)


def seat_bounds(problem: CoverageProblem) -> tuple[int, int | None]:
    """The lowest and highest number of seats a table may have (``seats.exact`` is both)."""
    if problem.seats_exact is not None:
        return problem.seats_exact, problem.seats_exact
    return problem.seats_min, problem.seats_max


class RequirementKind:
    """One kind of requirement; subclasses define each part once."""

    name: str = ""
    changes: tuple[str, ...] = ()  # the suggestion kinds its slacks make

    def instances(self, problem: CoverageProblem) -> list[int]:
        raise NotImplementedError

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        raise NotImplementedError

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        raise NotImplementedError

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        raise NotImplementedError

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        raise NotImplementedError

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        """What the chosen providers (indices) break of this instance, as readable lines. Plain
        Python counting, no solver and no numpy arithmetic: the checker of every result."""
        raise NotImplementedError


class CellKind(RequirementKind):
    """``min_c <= seats in cell c <= max_c``; a cell whose bounds every table meets is left out."""

    name = "cell"
    changes = ("lower_min", "raise_max")

    def instances(self, problem: CoverageProblem) -> list[int]:
        counts = problem.incidence.sum(axis=0) if problem.n_providers else np.zeros(0, np.int64)
        return [
            j
            for j, cell in enumerate(problem.cells)
            if cell.min > 0 or (cell.max is not None and cell.max < int(counts[j]))
        ]

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        cell = problem.cells[index]
        members = problem.members(index)
        model.add_constraint(members, np.ones(len(members), np.int64), cell.min, cell.max)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        cell = problem.cells[index]
        members = tuple(int(i) for i in problem.members(index))
        out = []
        if cell.min > 0:
            out.append(
                Slack(
                    members,
                    _ones(members),
                    "min",
                    cell.min,
                    cell.min,
                    WEIGHT_BOUND,
                    "lower_min",
                    cell.key,
                )
            )
        if cell.max is not None and cell.max < len(members):
            out.append(
                Slack(
                    members,
                    _ones(members),
                    "max",
                    cell.max,
                    len(members),
                    WEIGHT_BOUND,
                    "raise_max",
                    cell.key,
                )
            )
        return out

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        cells = list(problem.cells)
        j = next(j for j, cell in enumerate(cells) if cell.key == target)
        if change == "lower_min":
            cells[j] = replace(cells[j], min=int(proposed or 0))
        else:
            cells[j] = replace(cells[j], max=None if proposed is None else int(proposed))
        return replace(problem, cells=tuple(cells))

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        cell = problem.cells[index]
        return Problem("req_cell", {"cell": cell.key, "min": cell.min, "max": _fmt(cell.max)})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        cell = problem.cells[index]
        column = problem.incidence[:, index].tolist()
        count = sum(1 for i in chosen if column[i])
        out = []
        if count < cell.min:
            out.append(f"{cell.key}: {count} seats, at least {cell.min} required")
        if cell.max is not None and count > cell.max:
            out.append(f"{cell.key}: {count} seats, at most {cell.max} allowed")
        return out


class SeatsKind(RequirementKind):
    """``seats.min <= sum x <= seats.max``, or ``sum x = seats.exact``."""

    name = "seats"
    changes = ("raise_seats_max", "lower_seats_min")

    def instances(self, problem: CoverageProblem) -> list[int]:
        return [0]

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        lower, upper = seat_bounds(problem)
        if lower > 0 or upper is not None:
            n = problem.n_providers
            model.add_constraint(np.arange(n), np.ones(n, np.int64), lower or None, upper)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        lower, upper = seat_bounds(problem)
        everyone = tuple(range(problem.n_providers))
        out = []
        if upper is not None:
            out.append(
                Slack(
                    everyone,
                    _ones(everyone),
                    "max",
                    upper,
                    problem.n_providers,
                    WEIGHT_BOUND,
                    "raise_seats_max",
                    "seats",
                )
            )
        if lower > 0:
            out.append(
                Slack(
                    everyone,
                    _ones(everyone),
                    "min",
                    lower,
                    lower,
                    WEIGHT_BOUND,
                    "lower_seats_min",
                    "seats",
                )
            )
        return out

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        exact = problem.seats_exact
        if change == "raise_seats_max":
            low = exact if exact is not None else problem.seats_min
            high = None if proposed is None else int(proposed)
            return replace(problem, seats_exact=None, seats_min=low, seats_max=high)
        high = exact if exact is not None else problem.seats_max
        return replace(problem, seats_exact=None, seats_max=high, seats_min=int(proposed or 0))

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        low, high = seat_bounds(problem)
        return Problem("req_seats", {"min": low, "max": _fmt(high)})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        seats = len(chosen)
        out = []
        if problem.seats_exact is not None and seats != problem.seats_exact:
            out.append(f"{seats} seats, exactly {problem.seats_exact} required")
        if seats < problem.seats_min:
            out.append(f"{seats} seats, at least {problem.seats_min} required")
        if problem.seats_max is not None and seats > problem.seats_max:
            out.append(f"{seats} seats, at most {problem.seats_max} allowed")
        return out


class IncludeKind(RequirementKind):
    """``x_i = 1`` for a provider the criteria include."""

    name = "include"
    changes = ("drop_include",)

    def instances(self, problem: CoverageProblem) -> list[int]:
        return list(problem.include)

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        model.fix(index, 1)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        return [
            Slack(
                (index,),
                (1,),
                "min",
                1,
                1,
                WEIGHT_INCLUDE,
                "drop_include",
                problem.ids[index],
                proposes=False,
            )
        ]

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        include = tuple(i for i in problem.include if problem.ids[i] != target)
        return replace(problem, include=include)

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        return Problem("req_include", {"id": problem.ids[index]})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        return [] if index in chosen else [f"included provider {problem.ids[index]} is missing"]


class OnePerKind(RequirementKind):
    """``sum_{i in g} x_i <= 1`` for every value ``g`` of a one_per column."""

    name = "one_per"
    changes = ("allow_one_per",)

    def instances(self, problem: CoverageProblem) -> list[int]:
        return list(range(len(problem.groups)))

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        members = problem.groups[index].members
        model.add_constraint(members, _ones(members), None, 1)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        group = problem.groups[index]
        members = tuple(group.members)
        return [
            Slack(
                members,
                _ones(members),
                "max",
                1,
                len(members) - 1,
                WEIGHT_ONE_PER,
                "allow_one_per",
                f"{group.column}={group.value}",
            )
        ]

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        groups = tuple(g for g in problem.groups if f"{g.column}={g.value}" != target)
        return replace(problem, groups=groups)

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        group = problem.groups[index]
        return Problem("req_one_per", {"column": group.column, "value": group.value})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        group = problem.groups[index]
        inside = [problem.ids[i] for i in group.members if i in chosen]
        if len(inside) > 1:
            return [f"one_per {group.column}={group.value}: {', '.join(inside)}"]
        return []


class BlockedKind(RequirementKind):
    """Rotation: ``x_i = 0`` for a provider that sat at each of the last N tables."""

    name = "blocked"
    changes = ("allow_term",)

    def instances(self, problem: CoverageProblem) -> list[int]:
        return list(problem.blocked)

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        model.fix(index, 0)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        return [
            Slack(
                (index,),
                (1,),
                "max",
                0,
                1,
                WEIGHT_INCLUDE,
                "allow_term",
                problem.ids[index],
                proposes=False,
            )
        ]

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        blocked = tuple(i for i in problem.blocked if problem.ids[i] != target)
        return replace(problem, blocked=blocked)

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        return Problem("req_blocked", {"id": problem.ids[index], "terms": problem.blocked_terms})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        if index in chosen:
            return [f"{problem.ids[index]} sat at the last {problem.blocked_terms} tables"]
        return []


class ContinuityKind(RequirementKind):
    """Rotation: at least ``keep_min`` members of the previous table stay."""

    name = "continuity"
    changes = ("lower_continuity",)

    def instances(self, problem: CoverageProblem) -> list[int]:
        return [0] if problem.keep_min > 0 else []

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        model.add_constraint(problem.keep, _ones(problem.keep), problem.keep_min, None)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        keep = tuple(problem.keep)
        return [
            Slack(
                keep,
                _ones(keep),
                "min",
                problem.keep_min,
                problem.keep_min,
                WEIGHT_BOUND,
                "lower_continuity",
                "continuity",
            )
        ]

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        return replace(problem, keep_min=int(proposed or 0))

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        return Problem("req_continuity", {"min": problem.keep_min})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        staying = sum(1 for i in problem.keep if i in chosen)
        if staying < problem.keep_min:
            return [f"{staying} members of the previous table stay, {problem.keep_min} required"]
        return []


class ShareKind(RequirementKind):
    """A volume share (spec section 6): ``min * total <= sum of the members' amounts <= max *
    total``, written in the integer steps of :class:`~tafelselectie.solve.problem.ShareBound`."""

    name = "share"
    changes = ("lower_share_min", "raise_share_max")

    def instances(self, problem: CoverageProblem) -> list[int]:
        return list(range(len(problem.shares)))

    def add_rows(self, problem: CoverageProblem, index: int, model: SolverModel) -> None:
        bound = problem.shares[index]
        if bound.lower is not None or bound.upper is not None:
            model.add_constraint(bound.members, bound.weights, bound.lower, bound.upper)

    def slacks(self, problem: CoverageProblem, index: int) -> list[Slack]:
        bound = problem.shares[index]
        units = sum(bound.weights)
        step = -(-units // 100)  # one percentage point, rounded up
        common = (bound.members, bound.weights)
        out: list[Slack] = []
        if bound.min is not None and bound.lower is not None and bound.lower > 0:
            capacity = -(-bound.lower // step)
            out.append(
                ShareSlack(*common, "min", bound.lower, capacity, WEIGHT_BOUND, "lower_share_min",
                           bound.key, step=step, share=float(bound.min), units=units)
            )  # fmt: skip
        if bound.max is not None and bound.upper is not None and bound.upper < units:
            capacity = -(-(units - bound.upper) // step)
            out.append(
                ShareSlack(*common, "max", bound.upper, capacity, WEIGHT_BOUND, "raise_share_max",
                           bound.key, step=step, share=float(bound.max), units=units)
            )  # fmt: skip
        return out

    def relax(
        self, problem: CoverageProblem, change: str, target: str, proposed: int | float | None
    ) -> CoverageProblem:
        from tafelselectie.io.values import exact_fraction

        new = None if proposed is None else exact_fraction(proposed)
        shares = tuple(
            b
            if b.key != target
            else b.with_bounds(new, b.max)
            if change == "lower_share_min"
            else b.with_bounds(b.min, new)
            for b in problem.shares
        )
        return replace(problem, shares=shares)

    def describe(self, problem: CoverageProblem, index: int) -> Problem:
        bound = problem.shares[index]
        low = "-" if bound.min is None else _share_text(bound.min)
        high = "-" if bound.max is None else _share_text(bound.max)
        return Problem("req_share", {"share": bound.key, "min": low, "max": high})

    def violations(self, problem: CoverageProblem, index: int, chosen: frozenset[int]) -> list[str]:
        bound = problem.shares[index]
        held = bound.held(chosen)
        out = []
        if bound.min is not None and held < bound.min * bound.total:
            out.append(f"{bound.key}: {held} of {bound.total}, at least {bound.min} required")
        if bound.max is not None and held > bound.max * bound.total:
            out.append(f"{bound.key}: {held} of {bound.total}, at most {bound.max} allowed")
        return out


def _share_text(share: Fraction) -> str:
    """A share as people write it: 0.5, 0.125 (exact decimals stay exact)."""
    from decimal import Decimal

    return str(Decimal(share.numerator) / Decimal(share.denominator))


# The order is the order of the diagnosis's deletion filter, of the relaxation's variables and
# of the checker's lines.
KINDS: tuple[RequirementKind, ...] = (
    CellKind(),
    SeatsKind(),
    IncludeKind(),
    OnePerKind(),
    BlockedKind(),
    ContinuityKind(),
    ShareKind(),
)
BY_NAME: dict[str, RequirementKind] = {kind.name: kind for kind in KINDS}
BY_CHANGE: dict[str, RequirementKind] = {change: kind for kind in KINDS for change in kind.changes}


def all_requirements(problem: CoverageProblem) -> list[Requirement]:
    """Every requirement of a table, each of which can be left out when diagnosing."""
    return [Requirement(kind.name, i) for kind in KINDS for i in kind.instances(problem)]


def add_requirements(
    problem: CoverageProblem, model: SolverModel, requirements: Sequence[Requirement]
) -> None:
    for kind, index in requirements:
        BY_NAME[kind].add_rows(problem, index, model)


def describe_requirement(problem: CoverageProblem, kind: str, index: int) -> Problem:
    return BY_NAME[kind].describe(problem, index)


def requirement_violations(problem: CoverageProblem, chosen: frozenset[int]) -> list[str]:
    """What ``chosen`` (provider indices) breaks, kind by kind; empty for a valid table."""
    return [
        line
        for kind in KINDS
        for index in kind.instances(problem)
        for line in kind.violations(problem, index, chosen)
    ]
