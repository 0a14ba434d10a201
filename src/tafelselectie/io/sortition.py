"""Conversion from the citizens' assembly selection format (Flanigan et al., the Sortition
Foundation's tools) to a pool and criteria of ours.

Their format is two CSV files:

* ``categories.csv``: ``category,feature,min,max`` (more columns, such as ``min_flex``, are
  ignored): every person has one feature per category, and the panel must have between ``min``
  and ``max`` people with each feature.
* ``respondents.csv``: one row per person, a column per category. An ``id`` column (any case) is
  used when present; a row without an id gets its row number as the spreadsheet shows it (the
  header is row 1, so the first person is ``2``), the same number our error messages use.

We write ``pool.csv`` (``id`` plus one column per category) and ``criteria.toml``: one dimension
per category with ``min_per_value = 0``, the quotas as per-value ``min``/``max`` overrides, its
values listed, and ``seats.exact = K``. Values are compared as our pools compare them (trimmed,
case-insensitive).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from tafelselectie.errors import Problem, SortitionError
from tafelselectie.io.values import normalise


@dataclass(frozen=True)
class Quota:
    category: str
    feature: str
    min: int
    max: int


@dataclass(frozen=True)
class Converted:
    pool: Path
    criteria: Path
    people: int
    categories: int


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SortitionError([Problem("file_missing", source=name)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SortitionError(
            [Problem("file_unreadable", {"reason": str(exc)}, source=name)]
        ) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise SortitionError([Problem("file_empty", source=name)])
    header = [cell.strip() for cell in rows[0]]
    return header, rows[1:]


def read_categories(path: str | Path) -> list[Quota]:
    path = Path(path)
    name = str(path)
    header, rows = _read_csv(path)
    lowered = [h.casefold() for h in header]
    problems: list[Problem] = []
    for column in ("category", "feature", "min", "max"):
        if column not in lowered:
            problems.append(Problem("sortition_column", {"name": column}, source=name))
    if problems:
        raise SortitionError(problems)
    at = {column: lowered.index(column) for column in ("category", "feature", "min", "max")}
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[k].strip() if k < len(row) else "") for c, k in at.items()}
        if not cells["category"] or not cells["feature"]:
            missing = "category" if not cells["category"] else "feature"
            problems.append(Problem("sortition_empty", source=name, row=line, column=missing))
            continue
        bounds: list[int] = []
        for column in ("min", "max"):
            try:
                value = int(cells[column])
                if value < 0:
                    raise ValueError
                bounds.append(value)
            except ValueError:
                problems.append(
                    Problem(
                        "sortition_count",
                        {"value": cells[column]},
                        source=name,
                        row=line,
                        column=column,
                    )
                )
        key = (normalise(cells["category"]), normalise(cells["feature"]))
        if key in seen:
            problems.append(
                Problem(
                    "sortition_duplicate",
                    {"category": cells["category"], "feature": cells["feature"]},
                    source=name,
                    row=line,
                )
            )
            continue
        seen.add(key)
        if len(bounds) == 2:
            if bounds[0] > bounds[1]:
                problems.append(
                    Problem(
                        "criteria_min_gt_max",
                        {"min": bounds[0], "max": bounds[1]},
                        source=name,
                        row=line,
                    )
                )
                continue
            quotas.append(Quota(cells["category"], cells["feature"], bounds[0], bounds[1]))
    if not quotas and not problems:
        problems.append(Problem("file_empty", source=name))
    if problems:
        raise SortitionError(problems)
    return quotas


def convert_sortition(
    categories: str | Path, respondents: str | Path, size: int, out: str | Path
) -> Converted:
    """Write ``pool.csv`` and ``criteria.toml`` for a panel of ``size`` into ``out``."""
    if size < 1:
        raise SortitionError([Problem("criteria_positive", {"value": size}, key="--size")])
    quotas = read_categories(categories)
    order: list[str] = []
    by_category: dict[str, list[Quota]] = {}
    spelling: dict[str, str] = {}
    for quota in quotas:
        key = normalise(quota.category)
        if key not in by_category:
            order.append(key)
            by_category[key] = []
            spelling[key] = quota.category
        by_category[key].append(quota)
    path = Path(respondents)
    name = str(path)
    header, rows = _read_csv(path)
    lowered = [normalise(h) for h in header]
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for key in order:
        if key not in lowered:
            problems.append(Problem("sortition_column", {"name": spelling[key]}, source=name))
        else:
            columns[key] = lowered.index(key)
    id_at = lowered.index("id") if "id" in lowered else None
    if problems:
        raise SortitionError(problems)
    people: list[tuple[str, list[str]]] = []
    seen_ids: dict[str, int] = {}
    features = {key: {normalise(q.feature) for q in by_category[key]} for key in order}
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(cell.strip() for cell in row):
            continue
        raw_id = row[id_at].strip() if id_at is not None and id_at < len(row) else ""
        identifier = raw_id or str(line)
        if identifier in seen_ids:
            problems.append(
                Problem(
                    "pool_duplicate_id",
                    {"id": identifier, "other_row": seen_ids[identifier]},
                    source=name,
                    row=line,
                )
            )
            continue
        seen_ids[identifier] = line
        values: list[str] = []
        for key in order:
            k = columns[key]
            value = row[k].strip() if k < len(row) else ""
            if normalise(value) not in features[key]:
                problems.append(
                    Problem(
                        "sortition_feature",
                        {"value": value, "category": spelling[key]},
                        source=name,
                        row=line,
                        column=header[k],
                    )
                )
            values.append(value)
        people.append((identifier, values))
    if problems:
        raise SortitionError(problems)

    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    pool_path = target / "pool.csv"
    with pool_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *(spelling[key] for key in order)])
        for identifier, values in people:
            writer.writerow([identifier, *values])
    criteria_path = target / "criteria.toml"
    criteria_path.write_text(
        _criteria_toml(order, spelling, by_category, size, Path(categories).name), encoding="utf-8"
    )
    return Converted(pool_path, criteria_path, len(people), len(order))


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML for these characters)."""
    return json.dumps(text, ensure_ascii=False)


def _criteria_toml(
    order: list[str],
    spelling: dict[str, str],
    by_category: dict[str, list[Quota]],
    size: int,
    source: str,
) -> str:
    lines = [
        f"# Converted from the citizens' assembly format ({source}) by tafelselectie.",
        "format_version = 1",
        f"name = {_q(f'Panel of {size} ({source})')}",
        "",
        "[pool]",
        'id_column = "id"',
        "",
        "[seats]",
        f"exact = {size}",
    ]
    for key in order:
        quotas = by_category[key]
        lines += [
            "",
            "[[dimension]]",
            f"name = {_q(spelling[key])}",
            f"column = {_q(spelling[key])}",
            "min_per_value = 0",
            "values = [" + ", ".join(_q(q.feature) for q in quotas) + "]",
            "[dimension.min]",
            *(f"{_q(q.feature)} = {q.min}" for q in quotas),
            "[dimension.max]",
            *(f"{_q(q.feature)} = {q.max}" for q in quotas),
        ]
    return "\n".join(lines) + "\n"
