"""Volume shares (spec section 6) on the 170-provider example region.

    python -m benchmarks.shares [--backends cpsat cbc highs] [--repeats 3]

The target: with a share of 50% of omzet over the pool and 40% within every resultaatgebied, the
solve stays under 1 s. Beside it, what each share level costs: the seats and the expertise score
of the canonical table with a whole-pool omzet share of 0, 25, 50 and 75%. Each measurement runs
in this process after one warm-up solve (imports and the first model build are not timed).
"""

from __future__ import annotations

import argparse
import json
import time
import tomllib
from typing import Any

from benchmarks.selection import DATA, machine


def _criteria(whole: float | None, per: float | None) -> dict[str, Any]:
    criteria = tomllib.loads((DATA / "criteria-2026.toml").read_text(encoding="utf-8"))
    shares = []
    if whole:
        shares.append({"column": "omzet", "min": whole})
    if per:
        shares.append({"column": "omzet", "min": per, "per": "resultaatgebied"})
    criteria["share"] = shares
    return criteria


def measure(backend: str, whole: float | None, per: float | None, repeats: int) -> dict[str, Any]:
    from tafelselectie import InfeasibleError, build_problem, select

    problem = build_problem(DATA / "regio-voorbeeld.csv", _criteria(whole, per))
    times = []
    result = None
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            result = select(problem, backend=backend)
        except InfeasibleError as exc:
            return {
                "backend": backend,
                "share_pool": whole or 0,
                "share_per_resultaatgebied": per or 0,
                "status": "infeasible",
                "seconds_with_diagnosis": round(time.perf_counter() - started, 3),
                "suggestions": [s.to_dict("en")["message"] for s in exc.suggestions],
            }
        times.append(time.perf_counter() - started)
    assert result is not None
    held = {(s["per"] or "pool"): round(s["share"], 4) for s in result.shares()}
    return {
        "backend": backend,
        "share_pool": whole or 0,
        "share_per_resultaatgebied": per or 0,
        "seats": result.seats,
        "expertise_score": result.expertise_score,
        "status": result.status.value,
        "solve_s_best": round(min(times), 3),
        "solve_s_median": round(sorted(times)[len(times) // 2], 3),
        "held": held,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", nargs="*", default=["cpsat", "cbc", "highs"])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from tafelselectie import select

    select(DATA / "klein-voorbeeld.csv", DATA / "klein-voorbeeld.toml")  # warm-up
    rows = []
    for backend in args.backends:
        rows.append(measure(backend, 0.5, 0.4, args.repeats))
        for level in (0.0, 0.25, 0.5, 0.75):
            rows.append(measure(backend, level, None, args.repeats))
    print(json.dumps({"machine": machine(), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
