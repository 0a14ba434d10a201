"""The one catalogue of texts, Dutch and English: problem messages and type words (messages), the
command line (cli), the agreement process (workflow), the report (report); and the Jinja2
environment of the HTML outputs (templating)."""

__all__ = ["cli", "messages", "report", "templating", "workflow"]
