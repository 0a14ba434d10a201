"""A seeded generator of synthetic regions: pools of any size with a realistic shape.

Nothing here describes a real organisation: names are made of invented syllables and every
figure is drawn at random. The shape follows what regions look like: revenue is heavy-tailed
(a handful of providers hold more than half of the market), large providers serve many
municipalities, target groups and result areas, small ones one or two; toegang is offered by
few providers, maatwerk by most; some providers belong to a concern.

The example files in ``data/`` were made by :func:`write_examples`; the tests check that the
generator still makes them byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tafelselectie.errors import Problem, UsageError, present

if TYPE_CHECKING:
    import pandas as pd

ZIPF = 1.0
BREADTH_POWER = 5
AREA_BOOST = 0.3
GROUP_BOOST = 0.3
LOC_SHARE = 0.8

RESULTAATGEBIEDEN = ("toegang", "algemene voorzieningen", "maatwerk")
_AREA_P = (0.12, 0.35, 0.85)

DOELGROEPEN = (
    "jeugd",
    "ouderen",
    "lvb",
    "ggz",
    "verslaving",
    "dak- en thuislozen",
    "mantelzorgers",
    "lichamelijke beperking",
    "zintuiglijke beperking",
    "niet-aangeboren hersenletsel",
    "huiselijk geweld",
    "statushouders",
)
_GROUP_P = (0.35, 0.4, 0.22, 0.25, 0.07, 0.06, 0.12, 0.18, 0.05, 0.06, 0.08, 0.07)

EXPERTISE = (
    "dementie",
    "autisme",
    "trauma",
    "ervaringsdeskundigheid",
    "meertaligheid",
    "lvb",
    "schuldhulp",
    "e-health",
)
_EXPERTISE_P = (0.12, 0.1, 0.08, 0.1, 0.06, 0.08, 0.07, 0.09)

_LOCATION_SYLLABLES = (
    (
        "Aal",
        "Beek",
        "Dorp",
        "Eiken",
        "Hoog",
        "Kaai",
        "Linde",
        "Meer",
        "Zand",
        "Wilg",
        "Ven",
        "Riet",
        "Moer",
        "Heide",
        "Vlas",
        "Gors",
        "Esch",
        "Brem",
        "Tuin",
        "Kolk",
    ),
    ("wijk", "stede", "veld", "dam", "mere", "hoven", "wolde", "horst", "loo", "broek"),
)
_NAME_SYLLABLES = (
    (
        "Vel",
        "Dran",
        "Mor",
        "Ast",
        "Kel",
        "Bri",
        "Sol",
        "Tor",
        "Fen",
        "Gal",
        "Lum",
        "Nor",
        "Ost",
        "Pra",
        "Quin",
        "Ros",
        "Sav",
        "Tam",
        "Ul",
        "Var",
        "Wes",
        "Ys",
        "Zel",
        "Har",
    ),
    ("mora", "anda", "este", "ivo", "onne", "aro", "ide", "uma", "ento", "ira", "olde", "ance"),
    (
        "Zorg",
        "Welzijn",
        "Begeleiding",
        "Thuiszorg",
        "Jeugdhulp",
        "Dagbesteding",
        "Wonen",
        "Support",
        "Huis",
        "Groep",
    ),
)


def location_names(count: int) -> list[str]:
    """``count`` invented municipality names, always the same for the same count."""
    first, second = _LOCATION_SYLLABLES
    names = [a + b for b in second for a in first]
    if count > len(names):
        raise UsageError(
            Problem("usage_locations", {"value": count, "maximum": len(names)}, key="locations")
        )
    step = 7  # co-prime with len(names): spreads the names over the syllable grid
    return [names[(i * step) % len(names)] for i in range(count)]


def generate_region(
    n: int = 170,
    seed: int = 2026,
    *,
    locations: int | None = None,
    history: bool = False,
    peildatum: dt.date = dt.date(2026, 1, 1),
    reach: float = LOC_SHARE,
) -> pd.DataFrame:
    """A synthetic pool of ``n`` providers as a DataFrame (one row per provider).

    ``reach`` is about the share of the locations the broadest provider serves (smaller
    providers serve fewer). The default gives regions where a few large providers are active
    almost everywhere; a small reach (0.1) gives local providers, so covering every location
    takes many seats and the covering problem gets hard.

    With ``history=True`` every provider also gets a measurement one year before ``peildatum``
    and a few providers start only after it, so the peildatum rule (spec 1.3) matters.
    """
    import pandas as pd

    rows = _generate_rows(n, seed, locations, history, peildatum, reach)
    columns = [c for c in COLUMNS if history or c != "peildatum"]
    return pd.DataFrame(rows, columns=columns)


COLUMNS = (
    "id",
    "naam",
    "peildatum",
    "resultaatgebieden",
    "doelgroepen",
    "locaties",
    "omzet",
    "clienten",
    "dagdelen",
    "expertise",
    "concern",
)


def _generate_rows(
    n: int,
    seed: int,
    locations: int | None,
    history: bool,
    peildatum: dt.date,
    reach: float = LOC_SHARE,
) -> list[dict[str, object]]:
    rng = np.random.Generator(np.random.PCG64(seed))
    n_locations = locations if locations is not None else int(min(60, max(9, round(n / 25))))
    places = location_names(n_locations)
    width = max(3, len(str(n)))

    # Revenue: a Zipf-like curve over a random rank order with lognormal noise. With exponent
    # ZIPF and n = 170, about nine providers hold half of the market, as in real regions.
    order = rng.permutation(n)
    base = 120_000_000 * (np.arange(1, n + 1) ** -ZIPF) * rng.lognormal(0.0, 0.25, n)
    revenue = np.round(np.maximum(base[order], 50_000), -3)
    rank = np.argsort(np.argsort(-revenue))  # 0 = largest
    breadth = 1.0 - rank / max(n - 1, 1)  # 1 for the largest, 0 for the smallest

    names = _names(n, rng)
    concerns = _concerns(n, rng)
    rows: list[dict[str, object]] = []
    for i in range(n):
        b = float(breadth[i]) ** BREADTH_POWER  # only the top few are broad
        areas = [
            a
            for a, p in zip(RESULTAATGEBIEDEN, _AREA_P, strict=True)
            if rng.random() < p + b * AREA_BOOST
        ]
        if not areas:
            areas = ["maatwerk"]
        groups = [
            g
            for g, p in zip(DOELGROEPEN, _GROUP_P, strict=True)
            if rng.random() < p + b * GROUP_BOOST
        ]
        if not groups:
            groups = [DOELGROEPEN[int(rng.integers(0, len(DOELGROEPEN)))]]
        served = int(
            np.clip(round(1 + b * reach * n_locations + rng.exponential(0.7)), 1, n_locations)
        )
        where = sorted(rng.choice(n_locations, size=served, replace=False).tolist())
        tags = [t for t, p in zip(EXPERTISE, _EXPERTISE_P, strict=True) if rng.random() < p]
        clients = int(max(3, revenue[i] / rng.uniform(6_000, 14_000)))
        dagdelen = int(clients * rng.uniform(40, 120)) if rng.random() < 0.3 else 0
        rows.append(
            {
                "id": f"P{i + 1:0{width}d}",
                "naam": names[i],
                "peildatum": peildatum.isoformat(),
                "resultaatgebieden": ";".join(areas),
                "doelgroepen": ";".join(groups),
                "locaties": ";".join(places[k] for k in where),
                "omzet": int(revenue[i]),
                "clienten": clients,
                "dagdelen": dagdelen,
                "expertise": ";".join(tags),
                "concern": concerns[i],
            }
        )
    if not history:
        for row in rows:
            del row["peildatum"]
        return rows
    earlier = peildatum.replace(year=peildatum.year - 1).isoformat()
    later = (peildatum + dt.timedelta(days=90)).isoformat()
    out: list[dict[str, object]] = []
    for row in rows:
        past = dict(row)
        past["peildatum"] = earlier
        past["omzet"] = int(round(float(row["omzet"]) * rng.uniform(0.8, 1.1), -3))  # type: ignore[arg-type]
        out.append(past)
        out.append(row)
    starters = max(1, n // 40)
    for k in range(starters):
        new = dict(rows[int(rng.integers(0, n))])
        new["id"] = f"N{k + 1:0{width}d}"
        new["naam"] = f"{new['naam']} Nieuw"
        new["peildatum"] = later
        out.append(new)
    return out


def _names(n: int, rng: np.random.Generator) -> list[str]:
    first, middle, last = _NAME_SYLLABLES
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < n:
        name = (
            f"{first[int(rng.integers(0, len(first)))]}"
            f"{middle[int(rng.integers(0, len(middle)))]} "
            f"{last[int(rng.integers(0, len(last)))]}"
        )
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


def _concerns(n: int, rng: np.random.Generator) -> list[str]:
    out = [""] * n
    count = max(1, n // 30)
    members = rng.choice(n, size=min(n, count * 3), replace=False)
    for k, i in enumerate(members.tolist()):
        out[i] = f"Concern {chr(ord('A') + k % count) if count <= 26 else k % count + 1}"
    return out


def to_csv_text(frame: pd.DataFrame, delimiter: str = ",") -> str:
    """CSV text the way the examples are stored (``\\n`` line ends, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for values in frame.itertuples(index=False, name=None):
        writer.writerow(["" if v is None else v for v in values])
    return buffer.getvalue()


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """The frame as the first sheet of a workbook, numbers as numbers, with fixed metadata so
    the same frame gives the same file."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = present(workbook.active, "the new workbook's sheet")
    sheet.title = "aanbieders"
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False, name=None):
        sheet.append([None if v == "" else v for v in values])
    stamp = dt.datetime(2026, 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.save(path)


EXAMPLES = {
    "regio-voorbeeld": {"n": 170, "seed": 2026, "history": True},
    "klein-voorbeeld": {"n": 16, "seed": 16, "history": False},
}


def write_examples(directory: Path) -> list[Path]:
    """(Re)write the example pools in ``directory``; returns the files written."""
    written = []
    for name, spec in EXAMPLES.items():
        frame = generate_region(int(spec["n"]), int(spec["seed"]), history=bool(spec["history"]))
        path = directory / f"{name}.csv"
        path.write_text(to_csv_text(frame), encoding="utf-8")
        written.append(path)
        if name == "regio-voorbeeld":
            xlsx = directory / f"{name}.xlsx"
            write_xlsx(frame, xlsx)
            written.append(xlsx)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic region as CSV.")
    parser.add_argument("--n", type=int, default=170)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--history", action="store_true")
    parser.add_argument("--out", type=Path, help="CSV file (default: standard output)")
    parser.add_argument("--examples", type=Path, help="rewrite the example files in DIR")
    args = parser.parse_args(argv)
    if args.examples is not None:
        for path in write_examples(args.examples):
            print(path)
        return 0
    text = to_csv_text(generate_region(args.n, args.seed, history=args.history))
    if args.out is None:
        print(text, end="")
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
