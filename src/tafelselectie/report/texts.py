"""The report's words: looked up in the one catalogue under ``report.``
(:mod:`tafelselectie.texts.report` holds them)."""

from __future__ import annotations


def say(key: str, lang: str, **params: object) -> str:
    """The report's text ``key`` in ``lang`` (``nl`` or ``en``), filled with ``params``."""
    from tafelselectie.texts.messages import text

    return text(f"report.{key}", lang, **params)
