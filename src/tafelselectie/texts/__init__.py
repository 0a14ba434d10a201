"""Every Dutch and English text table (messages) and the Jinja2 environment of the HTML
outputs (templating)."""

__all__ = ["messages", "templating"]
