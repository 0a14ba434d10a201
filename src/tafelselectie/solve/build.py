"""Pool x criteria -> the coverage problem (spec section 3): reading every column the criteria
name, checking its values, and making the cells, bounds, shares and the numpy incidence.
:mod:`tafelselectie.solve.problem` holds what it makes."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tafelselectie.criteria import (
    Criteria,
    Dimension,
    load_criteria,
)
from tafelselectie.errors import CriteriaError, PoolError, Problem, present
from tafelselectie.io.pool import ActivePool, Pool, read_pool, resolve
from tafelselectie.io.values import (
    format_number,
    normalise,
    parse_exact,
    parse_number,
    split_cell,
    without_grouping,
)

if TYPE_CHECKING:
    import pandas as pd

from tafelselectie.solve.problem import (
    MAX_EXACT_UNITS,
    SCORE_SCALE,
    CoverageCell,
    CoverageProblem,
    OnePerGroup,
    Provenance,
    ShareBound,
    priority_order,
)


def build_problem(
    pool: Pool | ActivePool | str | Path | pd.DataFrame,
    criteria: Criteria | str | Path | dict[str, Any],
) -> CoverageProblem:
    """Turn a pool and criteria into the coverage problem.

    Raises :class:`CriteriaError` when the criteria do not fit the pool (a missing column, an
    include/exclude id not in the pool) and :class:`PoolError` for bad values in used columns.
    """
    if not isinstance(criteria, Criteria):
        criteria = load_criteria(criteria)
    if isinstance(pool, ActivePool):
        active = pool
    else:
        table = pool if isinstance(pool, Pool) else read_pool(pool)
        active = resolve(table, criteria.pool, criteria.peildatum)
    return _Builder(active, criteria).build()


class _Builder:
    def __init__(self, active: ActivePool, criteria: Criteria) -> None:
        self.active = active
        self.criteria = criteria
        self.pool_problems: list[Problem] = []
        self.criteria_problems: list[Problem] = []
        self.band_cuts: dict[str, tuple[float, ...]] = {}

    def fail_if_problems(self) -> None:
        if self.criteria_problems:
            raise CriteriaError(self.criteria_problems + self.pool_problems)
        if self.pool_problems:
            raise PoolError(self.pool_problems)

    def column(self, name: str, key: str) -> int | None:
        index = self.active.pool.column_index(name)
        if index is None:
            self.criteria_problems.append(
                Problem(
                    "pool_missing_column",
                    {"available": ", ".join(self.active.pool.columns)},
                    source=self.criteria.source,
                    column=name,
                    key=key,
                )
            )
        return index

    def build(self) -> CoverageProblem:
        criteria = self.criteria
        active = self.active
        constraints = criteria.constraints
        position = {identifier: i for i, identifier in enumerate(active.ids)}
        for key, listed in (("include", constraints.include), ("exclude", constraints.exclude)):
            for identifier in listed:
                if identifier not in position:
                    self.criteria_problems.append(self.unknown_id(identifier, key))
        excluded = set(constraints.exclude)
        eligible = [i for i, identifier in enumerate(active.ids) if identifier not in excluded]
        excluded_rows = [i for i, identifier in enumerate(active.ids) if identifier in excluded]

        dimension_columns = {
            d.name: self.column(d.column, f"dimension[{d.name}].column")
            for d in criteria.dimensions
        }
        expertise_column = None
        if criteria.expertise is not None:
            expertise_column = self.column(criteria.expertise.column, "expertise.column")
        one_per_columns = [
            (name, self.column(name, "constraints.one_per")) for name in constraints.one_per
        ]
        cost_column = None
        if criteria.pool.cost_column is not None:
            cost_column = self.column(criteria.pool.cost_column, "pool.cost_column")
        share_columns = [
            self.column(share.column, f"share[{k}].column")
            for k, share in enumerate(criteria.shares, start=1)
        ]
        self.fail_if_problems()

        warnings: list[Problem] = []
        # Per dimension: each eligible provider's normalised values, cell values, spellings.
        values_of: dict[str, list[frozenset[str]]] = {}
        excluded_values_of: dict[str, list[frozenset[str]]] = {}
        cell_values: dict[str, list[str]] = {}
        spelling: dict[str, dict[str, str]] = {}
        for dimension in criteria.dimensions:
            column = present(dimension_columns[dimension.name], f"column of {dimension.name}")
            if dimension.is_banded:
                per_provider, per_excluded = self.banded(dimension, column, eligible, excluded_rows)
                spelling[dimension.name] = dict(
                    zip(dimension.band_labels(), dimension.band_spellings(), strict=True)
                )
            else:
                per_provider, names = self.categorical(dimension, column, eligible)
                per_excluded, excluded_names = self.categorical(dimension, column, excluded_rows)
                for value, text in zip(
                    dimension.values or (), dimension.value_spellings, strict=False
                ):
                    names.setdefault(value, text)
                for value, text in excluded_names.items():
                    names.setdefault(value, text)
                spelling[dimension.name] = names
            values_of[dimension.name] = per_provider
            excluded_values_of[dimension.name] = per_excluded
            cell_values[dimension.name] = self.cell_values(dimension, per_provider)
            warnings += self.unused_overrides(dimension, cell_values[dimension.name])
            for value in cell_values[dimension.name]:
                spelling[dimension.name].setdefault(value, value)
        self.fail_if_problems()

        n = len(eligible)
        cells: list[CoverageCell] = []
        columns: list[np.ndarray] = []
        excluded_cells: dict[str, tuple[str, ...]] = {}

        def label(name: str, value: str) -> str:
            return f"{name}={spelling[name].get(value, value)}"

        for dimension in criteria.dimensions:
            name = dimension.name
            for value in cell_values[name]:
                low, high = dimension.bounds_for(value)
                key = label(name, value)
                cells.append(CoverageCell(key, "dimension", ((name, value),), low, high))
                columns.append(np.fromiter((value in v for v in values_of[name]), bool, n))
                excluded_cells[key] = tuple(
                    active.ids[r]
                    for r, v in zip(excluded_rows, excluded_values_of[name], strict=True)
                    if value in v
                )
        used_keys = {c.key for c in cells}
        for joint in criteria.joints:
            joint_dimensions = joint.dimensions
            allowed = [set(cell_values[name]) for name in joint_dimensions]
            members: dict[tuple[str, ...], list[int]] = {}
            for i in range(n):
                options = [
                    sorted(values_of[name][i] & allowed[k])
                    for k, name in enumerate(joint_dimensions)
                ]
                for combination in itertools.product(*options):
                    members.setdefault(combination, []).append(i)
            for combination in itertools.product(*(cell_values[name] for name in joint_dimensions)):
                if combination not in members:
                    continue
                key = " & ".join(
                    label(name, v) for name, v in zip(joint_dimensions, combination, strict=True)
                )
                while key in used_keys:
                    key += "'"
                used_keys.add(key)
                column_vector = np.zeros(n, dtype=bool)
                column_vector[members[combination]] = True
                parts = tuple(zip(joint_dimensions, combination, strict=True))
                cells.append(
                    CoverageCell(key, "joint", parts, joint.min_per_value, joint.max_per_value)
                )
                columns.append(column_vector)

        incidence = np.column_stack(columns) if columns else np.zeros((n, 0), dtype=bool)
        ids = tuple(active.ids[i] for i in eligible)
        scores = self.scores(expertise_column, eligible)
        costs = self.costs(cost_column, eligible)
        self.fail_if_problems()
        self.check_exact_range(scores, costs, cost_column)
        groups = self.groups(one_per_columns, eligible)
        shares = self.shares(share_columns, eligible, values_of, cell_values, label)
        self.fail_if_problems()
        include_set = set(constraints.include)
        include = tuple(i for i, identifier in enumerate(ids) if identifier in include_set)
        seats = criteria.seats
        extra = criteria.expertise.extra_seats if criteria.expertise is not None else 0
        provider_values = {
            dimension.name: tuple(
                tuple(spelling[dimension.name].get(v, v) for v in sorted(values))
                for values in values_of[dimension.name]
            )
            for dimension in criteria.dimensions
        }
        return CoverageProblem(
            ids=ids,
            names=self.names(eligible, ids),
            cells=tuple(cells),
            incidence=incidence,
            scores=scores,
            costs=costs,
            seats_min=seats.min,
            seats_max=seats.max,
            seats_exact=seats.exact,
            extra_seats=extra if seats.exact is None else 0,
            include=include,
            groups=groups,
            priority=priority_order(ids, criteria.tie_break.order, criteria.tie_break.seed),
            excluded=tuple(sorted(excluded)),
            peildatum=criteria.peildatum,
            provenance=Provenance.of(criteria),
            provider_values=provider_values,
            excluded_cells=excluded_cells,
            pool_source=active.source,
            pool_sha256=active.pool.sha256,
            band_cuts=dict(self.band_cuts),
            warnings=tuple(warnings),
            shares=shares,
        )

    def shares(
        self,
        columns: list[int | None],
        eligible: list[int],
        values_of: dict[str, list[frozenset[str]]],
        cell_values: dict[str, list[str]],
        label: Any,
    ) -> tuple[ShareBound, ...]:
        """The bounds of every ``[[share]]`` (spec section 6): one over the pool, or one per value
        of ``per`` that has a cell; a total of 0 imposes nothing and makes no bound."""
        out: list[ShareBound] = []
        for share, column in zip(self.criteria.shares, columns, strict=True):
            index = present(column, f"column of share {share.column}")
            amounts = self.amounts(index, eligible)
            if amounts is None:
                continue
            bounds = (share.min, share.max)
            column_name = self.active.pool.columns[index]
            if share.per is None:
                everyone = list(range(len(eligible)))
                if sum(amounts) > 0:
                    out.append(
                        ShareBound.make(
                            column_name, column_name, None, None, bounds, everyone, amounts
                        )
                    )
                continue
            for value in cell_values[share.per]:
                members = [i for i, v in enumerate(values_of[share.per]) if value in v]
                part = [amounts[i] for i in members]
                if sum(part) > 0:
                    key = f"{column_name} | {label(share.per, value)}"
                    spelled = label(share.per, value).split("=", 1)[1]
                    out.append(
                        ShareBound.make(key, column_name, share.per, spelled, bounds, members, part)
                    )
        return tuple(out)

    def amounts(self, column: int, eligible: list[int]) -> list[Fraction] | None:
        """Every eligible provider's exact amount in ``column`` (spec 6.1): a number ``>= 0``;
        anything else is a problem naming the row and column (None when there is one)."""
        cells = self.active.cells(column)
        column_name = self.active.pool.columns[column]
        out: list[Fraction] = []
        before = len(self.pool_problems)
        for i in eligible:
            cell = cells[i]
            amount = parse_exact(cell)
            if amount is not None and amount >= 0:
                out.append(amount)
                continue
            params: dict[str, object]
            if cell is None:
                code, params = "pool_missing_share", {}
            elif isinstance(cell, tuple):
                code, params = "pool_list_cell", {"value": list(cell)}
            elif amount is None:
                code, params = bad_number(cell)
            else:
                code, params = "pool_negative_share", {"value": cell}
            row = self.active.row_number(i)
            self.pool_problems.append(
                Problem(code, params, source=self.active.source, row=row, column=column_name)
            )
        return None if len(self.pool_problems) > before else out

    def unknown_id(self, identifier: str, key: str) -> Problem:
        if identifier in self.active.ids_in_file:
            peildatum = self.active.peildatum.isoformat() if self.active.peildatum else "-"
            return Problem(
                "criteria_id_after_peildatum",
                {"id": identifier, "peildatum": peildatum},
                source=self.criteria.source,
                key=f"constraints.{key}",
            )
        return Problem(
            "criteria_id_not_in_pool",
            {"id": identifier},
            source=self.criteria.source,
            key=f"constraints.{key}",
        )

    def categorical(
        self, dimension: Dimension, column: int, rows: list[int]
    ) -> tuple[list[frozenset[str]], dict[str, str]]:
        """Each provider's normalised values, and the first spelling of each in id order."""
        cells = self.active.cells(column)
        separator = self.criteria.pool.list_separator
        names: dict[str, str] = {}
        out: list[frozenset[str]] = []
        for i in rows:
            values = set()
            for item in split_cell(cells[i], separator):
                value = normalise(item)
                names.setdefault(value, item)
                values.add(value)
            out.append(frozenset(values))
        if dimension.values is not None:
            listed = set(dimension.values)
            out = [v & listed for v in out]
        return out, names

    def banded(
        self, dimension: Dimension, column: int, eligible: list[int], excluded: list[int]
    ) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
        """Each provider's band (spec 2.2); quantile cuts over the eligible providers only."""
        cells = self.active.cells(column)
        column_name = self.active.pool.columns[column]
        numbers: dict[int, float] = {}
        for i in eligible + excluded:
            cell = cells[i]
            number = parse_number(cell)
            if number is not None:
                numbers[i] = number
                continue
            if i in excluded:
                continue  # excluded providers are out of the pool: their data is not checked
            row = self.active.row_number(i)
            params: dict[str, object]
            if cell is None:
                code, params = "pool_missing_number", {"dimension": dimension.name}
            elif isinstance(cell, tuple):
                code, params = "pool_list_cell", {"value": list(cell)}
            else:
                code, params = bad_number(cell)
            self.pool_problems.append(
                Problem(code, params, source=self.active.source, row=row, column=column_name)
            )
        if self.pool_problems:
            return [], []
        labels = dimension.band_labels()
        if dimension.bands is not None:
            bands = dimension.bands
            self.band_cuts[dimension.name] = tuple(
                float(b.below) for b in bands if b.below is not None
            )

            def band_of(x: float) -> str:
                for band in bands:
                    if band.below is None or band.below > x:
                        return band.label
                return bands[-1].label

        else:
            quantiles = present(dimension.quantiles, f"quantiles of {dimension.name}")
            values = np.array([numbers[i] for i in eligible], dtype=float)
            cuts = (
                np.quantile(values, np.array(quantiles))
                if len(values)
                else np.array([], dtype=float)
            )

            self.band_cuts[dimension.name] = tuple(float(c) for c in cuts)

            def band_of(x: float) -> str:
                return labels[int(np.sum(cuts <= x))]

        listed = set(dimension.values) if dimension.values is not None else None

        def bands_for(rows: list[int]) -> list[frozenset[str]]:
            out: list[frozenset[str]] = []
            for i in rows:
                if i not in numbers:
                    out.append(frozenset())
                    continue
                value = band_of(numbers[i])
                out.append(frozenset({value}) if listed is None or value in listed else frozenset())
            return out

        return bands_for(eligible), bands_for(excluded)

    @staticmethod
    def cell_values(dimension: Dimension, per_provider: list[frozenset[str]]) -> list[str]:
        """Spec 3.1: the listed values, else every value of the eligible providers.

        A listed value no eligible provider has is a cell without members (spec 3.3: infeasible).
        Per-value overrides do not make cells; :meth:`unused_overrides` reports those that match
        no cell.
        """
        if dimension.values is not None:
            return list(dimension.values)
        present = set().union(*per_provider) if per_provider else set()
        if dimension.is_banded:
            return [label for label in dimension.band_labels() if label in present]
        return sorted(present)

    def unused_overrides(self, dimension: Dimension, cells: list[str]) -> list[Problem]:
        out = []
        for kind, overrides in (("min", dimension.min_overrides), ("max", dimension.max_overrides)):
            for value, _ in overrides:
                if value not in cells:
                    out.append(
                        Problem(
                            "warning_override_unused",
                            {"value": value, "dimension": dimension.name},
                            source=self.criteria.source,
                            key=f"dimension[{dimension.name}].{kind}.{value}",
                        )
                    )
        return out

    def scores(self, column: int | None, eligible: list[int]) -> np.ndarray:
        scores = np.zeros(len(eligible), dtype=np.int64)
        expertise = self.criteria.expertise
        if expertise is None or column is None:
            return scores
        weights = {tag: round(weight * SCORE_SCALE) for tag, weight in expertise.weights}
        cells = self.active.cells(column)
        separator = self.criteria.pool.list_separator
        for k, i in enumerate(eligible):
            tags = {normalise(item) for item in split_cell(cells[i], separator)}
            scores[k] = sum(weights.get(tag, 0) for tag in tags)
        return scores

    def check_exact_range(
        self, scores: np.ndarray, costs: np.ndarray, cost_column: int | None
    ) -> None:
        """Refuse scores or costs that no backend compares exactly (:data:`MAX_EXACT_UNITS`)."""
        step = math.gcd(*(int(v) for v in scores)) if len(scores) else 0
        if step:
            units = sum(abs(int(v)) for v in scores) // step
            if units > MAX_EXACT_UNITS:
                self.criteria_problems.append(
                    Problem(
                        "criteria_scores_not_exact",
                        {
                            "units": units,
                            "step": format_number(step / SCORE_SCALE),
                            "maximum": MAX_EXACT_UNITS,
                        },
                        source=self.criteria.source,
                        key="expertise.weights",
                    )
                )
        total = sum(int(v) for v in costs)
        if cost_column is not None and total > MAX_EXACT_UNITS:
            self.pool_problems.append(
                Problem(
                    "pool_costs_not_exact",
                    {"total": total, "maximum": MAX_EXACT_UNITS},
                    source=self.active.source,
                    column=self.active.pool.columns[cost_column],
                )
            )
        self.fail_if_problems()

    def costs(self, column: int | None, eligible: list[int]) -> np.ndarray:
        """Provider costs from the cost column: whole numbers of 0 or more (default 1 each)."""
        costs = np.ones(len(eligible), dtype=np.int64)
        if column is None:
            return costs
        cells = self.active.cells(column)
        name = self.active.pool.columns[column]
        for k, i in enumerate(eligible):
            number = parse_number(cells[i])
            if (
                number is None
                or number < 0
                or not float(number).is_integer()
                or number > MAX_EXACT_UNITS
            ):
                cell = cells[i]
                params: dict[str, object] = {"value": cell if isinstance(cell, str) else ""}
                code = "pool_bad_cost"
                if isinstance(cell, str) and without_grouping(cell) is not None:
                    code, params = bad_number(cell)
                self.pool_problems.append(
                    Problem(
                        code,
                        params,
                        source=self.active.source,
                        row=self.active.row_number(i),
                        column=name,
                    )
                )
                continue
            costs[k] = int(number)
        return costs

    def groups(
        self, columns: list[tuple[str, int | None]], eligible: list[int]
    ) -> tuple[OnePerGroup, ...]:
        separator = self.criteria.pool.list_separator
        out: list[OnePerGroup] = []
        for name, maybe_column in columns:
            column = present(maybe_column, f"column {name}")
            cells = self.active.cells(column)
            members: dict[str, list[int]] = {}
            spelling: dict[str, str] = {}
            for k, i in enumerate(eligible):
                for item in split_cell(cells[i], separator):
                    value = normalise(item)
                    spelling.setdefault(value, item)
                    if k not in members.setdefault(value, []):
                        members[value].append(k)
            for value in sorted(members):
                if len(members[value]) > 1:
                    out.append(OnePerGroup(name, spelling[value], tuple(members[value])))
        return tuple(out)

    def names(self, eligible: list[int], ids: tuple[str, ...]) -> tuple[str, ...]:
        column = self.active.pool.column_index(self.criteria.pool.name_column)
        if column is None:
            return ids
        cells = self.active.cells(column)
        out = []
        for k, i in enumerate(eligible):
            cell = cells[i]
            text = " ".join(cell.split()) if isinstance(cell, str) else ""
            out.append(text or ids[k])
        return tuple(out)


def bad_number(cell: str) -> tuple[str, dict[str, object]]:
    """The problem of a pool cell that is not a number: with the number as it would read
    without thousands separators, when that is what it has (never read that way: a guess)."""
    plain = without_grouping(cell)
    if plain is not None:
        return "pool_grouped_number", {"value": cell, "plain": plain}
    return "pool_bad_number", {"value": cell}
