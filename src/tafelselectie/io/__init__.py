"""Reading and writing files and values: one number and date grammar (values), one file reader
(files), pools (pool), generated regions (generate) and the citizens' assembly format (sortition).

The lowest layer above errors and texts: it knows no criteria, solver or report.
"""

__all__ = ["files", "generate", "pool", "schemas", "sortition", "values"]
