"""What is read from results: explanations (explain), stability near the band edges (margin),
scenario comparisons (scenarios), multi-year simulation (simulate) and figures on frames
(figures)."""

__all__ = ["explain", "figures", "margin", "scenarios", "simulate"]
