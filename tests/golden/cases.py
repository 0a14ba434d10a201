"""The golden corpus: about twenty instances the project makes itself, written once as files.

Each case is a folder under ``tests/golden/cases/`` with ``pool.csv``, ``criteria.toml`` and, where
the case has one, ``history.json`` (an earlier table). The files are kept in git, so a later change
of ``generate_region`` cannot change a case: the corpus pins answers to inputs that stay put.
``python -m tests.golden.regenerate --inputs`` writes missing case folders from the recipes below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
DATA = HERE.parents[1] / "data"

DIMENSIONS = """
[[dimension]]
name = "resultaatgebied"
column = "resultaatgebieden"

[[dimension]]
name = "doelgroep"
column = "doelgroepen"
"""
OMVANG_BANDS = """
[[dimension]]
name = "omvang"
column = "omzet"
bands = [{ label = "klein", below = 1_000_000 }, { label = "middel", below = 10_000_000 },
         { label = "groot" }]
"""
LOCATIE = """
[[dimension]]
name = "locatie"
column = "locaties"
"""
EXPERTISE = """
[expertise]
weights = { dementie = 3, lvb = 2.5, ervaringsdeskundigheid = 2, trauma = 1.5 }
"""


@dataclass(frozen=True)
class Recipe:
    """How a case's files are made: a generated pool (size, seed, peildatum history) or copied
    files, the criteria text, and optionally a function that writes ``history.json``."""

    name: str
    criteria: str
    providers: int = 0
    seed: int = 0
    history_rows: bool = False
    copy_pool: str | None = None
    extra_columns: Callable[[int], dict[str, str]] | None = None
    history: Callable[[Path], None] | None = None
    lottery: bool = True


def _previous_table(directory: Path, criteria_text: str, peildatum: str) -> None:
    """history.json: the canonical table of the same pool under ``criteria_text``."""
    import tomllib

    from tafelselectie import select
    from tafelselectie.criteria import load_criteria

    criteria = load_criteria(tomllib.loads(criteria_text))
    result = select(directory / "pool.csv", criteria, backend="cpsat")
    payload = {"peildatum": peildatum, "selected": list(result.selected), "status": "optimal"}
    (directory / "history.json").write_text(json.dumps(payload, indent=1) + "\n")


def _cost(index: int) -> dict[str, str]:
    return {"kosten": str(1 + (index * 7) % 4)}


RECIPES: tuple[Recipe, ...] = (
    Recipe("klein-voorbeeld", "", copy_pool="klein-voorbeeld"),
    Recipe("regio-voorbeeld", "", copy_pool="regio-voorbeeld", lottery=False),
    Recipe("marginal-40", "format_version = 1\n" + DIMENSIONS, 40, 1),
    Recipe("locations-60", "format_version = 1\n" + DIMENSIONS + LOCATIE, 60, 2),
    Recipe(
        "joint-rg-dg-60",
        "format_version = 1\n"
        + DIMENSIONS
        + '[[joint]]\ndimensions = ["resultaatgebied", "doelgroep"]\n',
        60,
        3,
    ),
    Recipe(
        "joint-rg-omvang-80",
        "format_version = 1\n"
        + DIMENSIONS
        + OMVANG_BANDS
        + '[[joint]]\ndimensions = ["resultaatgebied", "omvang"]\n',
        80,
        4,
    ),
    Recipe(
        "quantiles-70",
        "format_version = 1\n"
        + DIMENSIONS
        + '[[dimension]]\nname = "omvang"\ncolumn = "clienten"\nquantiles = [0.5, 0.9]\n'
        + 'labels = ["klein", "middel", "groot"]\n',
        70,
        5,
    ),
    Recipe(
        "cost-50",
        'format_version = 1\n[pool]\ncost_column = "kosten"\n' + DIMENSIONS,
        50,
        6,
        extra_columns=_cost,
    ),
    Recipe("exact-40", "format_version = 1\n[seats]\nexact = 6\n" + DIMENSIONS, 40, 7),
    Recipe(
        "expertise-extra-70",
        "format_version = 1\n" + DIMENSIONS + EXPERTISE + "extra_seats = 2\n",
        70,
        8,
    ),
    Recipe(
        "one-per-60",
        'format_version = 1\n[constraints]\none_per = ["concern"]\n' + DIMENSIONS + LOCATIE,
        60,
        9,
    ),
    Recipe(
        "peildatum-50",
        "format_version = 1\npeildatum = 2026-01-01\n" + DIMENSIONS + OMVANG_BANDS,
        50,
        10,
        history_rows=True,
    ),
    Recipe(
        "seeded-60",
        'format_version = 1\n[tie_break]\norder = "seeded"\nseed = 20260115\n' + DIMENSIONS,
        60,
        11,
    ),
    Recipe(
        "include-exclude-50",
        'format_version = 1\n[constraints]\ninclude = ["P007"]\nexclude = ["P001", "P002"]\n'
        + DIMENSIONS,
        50,
        12,
    ),
    Recipe(
        "bounds-60",
        "format_version = 1\n[seats]\nmax = 12\n"
        + DIMENSIONS.replace(
            'column = "doelgroepen"\n', 'column = "doelgroepen"\nmin_per_value = 2\n'
        )
        + "[dimension.min]\njeugd = 3\n",
        60,
        13,
    ),
    Recipe(
        "infeasible-30",
        "format_version = 1\n[seats]\nmax = 2\n" + DIMENSIONS,
        30,
        14,
        lottery=False,
    ),
    Recipe(
        "rotation-terms-60",
        "format_version = 1\npeildatum = 2026-01-01\n[rotation]\nmax_consecutive_terms = 1\n"
        + DIMENSIONS,
        60,
        15,
        history=lambda d: _previous_table(d, "format_version = 1\n" + DIMENSIONS, "2025-01-01"),
    ),
    Recipe(
        "rotation-fairness-60",
        "format_version = 1\npeildatum = 2026-01-01\n[rotation]\nfairness = true\n"
        "min_continuity = 1\n" + DIMENSIONS,
        60,
        16,
        history=lambda d: _previous_table(d, "format_version = 1\n" + DIMENSIONS, "2025-01-01"),
    ),
    Recipe(
        "expertise-exact-40",
        "format_version = 1\n[seats]\nexact = 5\n" + DIMENSIONS + EXPERTISE,
        40,
        17,
    ),
    Recipe("sortition-small", "", lottery=True),
    # a cap on the lottery's probabilities: uncapped, locations-60's highest is 7/9
    Recipe(
        "lottery-cap-60",
        "format_version = 1\n[lottery]\nmax_probability = 0.5\n" + DIMENSIONS + LOCATIE,
        60,
        2,
    ),
    # volume shares (spec section 6)
    Recipe(
        "share-60",
        "format_version = 1\n" + DIMENSIONS + '[[share]]\ncolumn = "omzet"\nmin = 0.5\n',
        60,
        18,
    ),
    Recipe(
        "share-per-60",
        "format_version = 1\n"
        + DIMENSIONS
        + '[[share]]\ncolumn = "omzet"\nmin = 0.4\nper = "resultaatgebied"\n'
        + '[[share]]\ncolumn = "clienten"\nmax = 0.9\n',
        60,
        19,
    ),
    Recipe(
        "share-infeasible-40",
        "format_version = 1\n" + DIMENSIONS + '[[share]]\ncolumn = "omzet"\nmax = 0.02\n',
        40,
        20,
        lottery=False,
    ),
)


def case_names() -> list[str]:
    return [recipe.name for recipe in RECIPES]


def write_inputs(recipe: Recipe) -> Path:
    """Write the case folder of ``recipe`` (only what is missing); returns the folder."""
    directory = CASES_DIR / recipe.name
    directory.mkdir(parents=True, exist_ok=True)
    pool = directory / "pool.csv"
    criteria = directory / "criteria.toml"
    if recipe.name == "sortition-small":
        _write_sortition(directory)
    elif recipe.copy_pool is not None:
        if not pool.exists():
            source = DATA / f"{recipe.copy_pool}.csv"
            pool.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        if not criteria.exists():
            name = "criteria-2026" if recipe.copy_pool == "regio-voorbeeld" else recipe.copy_pool
            text = (DATA / f"{name}.toml").read_text(encoding="utf-8")
            criteria.write_text(text, encoding="utf-8")
    else:
        if not pool.exists():
            from tafelselectie.io.generate import generate_region, to_csv_text

            frame = generate_region(recipe.providers, recipe.seed, history=recipe.history_rows)
            if recipe.extra_columns is not None:
                for column in recipe.extra_columns(0):
                    frame[column] = [recipe.extra_columns(k)[column] for k in range(len(frame))]
            pool.write_text(to_csv_text(frame), encoding="utf-8")
        if not criteria.exists():
            criteria.write_text(recipe.criteria.lstrip(), encoding="utf-8")
    if recipe.history is not None and not (directory / "history.json").exists():
        recipe.history(directory)
    return directory


def _write_sortition(directory: Path) -> None:
    """A small citizens' assembly case in that file format, made here and converted by
    ``convert_sortition`` (the project's own converter), 24 people for a panel of 6."""
    if (directory / "pool.csv").exists():
        return
    from tafelselectie import convert_sortition

    raw = directory / "sortition"
    raw.mkdir(exist_ok=True)
    (raw / "categories.csv").write_text(
        "category,feature,min,max\n"
        "gender,female,3,3\ngender,male,3,3\n"
        "age,young,1,3\nage,middle,1,3\nage,old,1,3\n"
        "region,north,2,4\nregion,south,2,4\n",
        encoding="utf-8",
    )
    lines = ["id,gender,age,region"]
    genders, ages, regions = ("female", "male"), ("young", "middle", "old"), ("north", "south")
    for k in range(24):
        lines.append(
            f"R{k + 1:02d},{genders[k % 2]},{ages[(k * 5) % 3]},{regions[(k * 7 // 3) % 2]}"
        )
    (raw / "respondents.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    convert_sortition(raw / "categories.csv", raw / "respondents.csv", 6, directory)
