"""The coverage problem (problem), a table as model rows (formulation), the lexicographic solve
(model), infeasibility diagnosis (diagnose), the tables optimal for steps 1-3 (optimal), rotation,
the independent checker (check), the frozen result and ``select`` (selection), OR-Library input.

Only backends/ below it imports a solver library.
"""

__all__ = [
    "check",
    "diagnose",
    "formulation",
    "model",
    "optimal",
    "orlib",
    "problem",
    "result",
    "rotation",
    "selection",
]
