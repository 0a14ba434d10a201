"""The coverage problem (problem) and how it is built from a pool and criteria (build), the
requirement kinds (requirements), a table as model rows (formulation), the lexicographic solve
(model), infeasibility diagnosis (diagnose), the tables optimal for steps 1-3 (optimal), rotation
and its history files (rotation, history_schema), the independent checker (check), the frozen
result and ``select`` (selection), OR-Library input (orlib).

Only backends/ below it imports a solver library.
"""

__all__ = [
    "build",
    "check",
    "diagnose",
    "formulation",
    "history_schema",
    "model",
    "optimal",
    "orlib",
    "problem",
    "requirements",
    "result",
    "rotation",
    "selection",
]
