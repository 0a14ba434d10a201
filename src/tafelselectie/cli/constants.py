"""The command line's exit codes (spec 5) and limits."""

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT, EXIT_SOLVER, EXIT_INTERNAL = 0, 1, 2, 3, 4
MAX_PROBLEM_LINES = 50
