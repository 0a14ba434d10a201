"""Regenerate the golden corpus.

    python -m tests.golden.regenerate            # write every case's expected.json (and draw.json)
    python -m tests.golden.regenerate --inputs   # first write case folders that are missing
    python -m tests.golden.regenerate CASE ...   # only these cases

The answers are computed with CP-SAT; the test then asks every backend for the same answers. Review
the diff (git) before committing: a changed answer is a changed contract unless it was wrong.
"""

from __future__ import annotations

import argparse
import sys

from tests.golden.answers import answer, dumps, portfolio_and_draw
from tests.golden.cases import CASES_DIR, RECIPES, write_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--inputs", action="store_true", help="write missing case folders")
    args = parser.parse_args(argv)
    for recipe in RECIPES:
        if args.cases and recipe.name not in args.cases:
            continue
        directory = write_inputs(recipe) if args.inputs else CASES_DIR / recipe.name
        expected = answer(directory, "cpsat", lottery=recipe.lottery)
        (directory / "expected.json").write_text(dumps(expected), encoding="utf-8")
        if recipe.lottery and "infeasible" not in expected:
            (directory / "draw.json").write_text(
                dumps(portfolio_and_draw(directory, "cpsat")), encoding="utf-8"
            )
        print(f"{recipe.name}: {'infeasible' if 'infeasible' in expected else 'table'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
