"""What is read from results: explanations (explain), scenario comparisons (scenarios),
multi-year simulation (simulate) and figures on frames (figures)."""

__all__ = ["explain", "figures", "scenarios", "simulate"]
