"""Jinja2 environments for the package's HTML documents (the report, the public export)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def environment(package: str) -> jinja2.Environment:
    """Templates from ``package``'s ``templates`` folder: autoescaped (a provider's name cannot
    break the document), and a missing value is an error, not an empty string."""
    import jinja2

    templates = resources.files(package) / "templates"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (templates / name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template_text(package: str, name: str) -> str:
    """A non-template file next to the templates (a stylesheet to inline)."""
    return (resources.files(package) / "templates" / name).read_text(encoding="utf-8")
