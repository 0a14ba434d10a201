"""The documentation's examples run: every ``>>>`` example in ``docs/`` is a doctest, run from
the checkout's root (where ``data/`` is). The site itself is built in strict mode by
``make docs`` (part of ``make test``)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = sorted((ROOT / "docs").rglob("*.md"))
WITH_EXAMPLES = [page for page in PAGES if ">>> " in page.read_text(encoding="utf-8")]


def test_the_documentation_has_examples_to_run() -> None:
    # a glob that matched nothing would make the test below vacuous
    assert len(WITH_EXAMPLES) >= 6


@pytest.mark.cpsat
@pytest.mark.parametrize("page", WITH_EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_examples_on_the_page_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TAFELSELECTIE_LANG", "en")
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(
        str(page), module_relative=False, optionflags=flags, raise_on_error=False, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} example(s) on {page.name} failed (see above)"


def test_every_page_is_in_the_navigation() -> None:
    navigation = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES:
        assert str(page.relative_to(ROOT / "docs")) in navigation, page
