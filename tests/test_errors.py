"""The exception tree: every class pickles, every message exists in both languages, no runtime
check is an ``assert``, and API misuse raises our errors."""

from __future__ import annotations

import ast
import inspect
import math
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import tafelselectie
from tafelselectie import errors
from tafelselectie.errors import (
    BackendUnavailableError,
    InfeasibleError,
    InternalError,
    MissingExtraError,
    Problem,
    SolverError,
    TafelselectieError,
    UsageError,
)
from tafelselectie.solve.diagnose import Suggestion
from tafelselectie.texts.messages import MESSAGES, WORDS, catalogue, word
from tests.helpers import placeholders

PACKAGE = Path(tafelselectie.__file__).parent


def _all_error_classes() -> list[type[TafelselectieError]]:
    found = []
    for _, value in inspect.getmembers(errors, inspect.isclass):
        if issubclass(value, TafelselectieError):
            found.append(value)
    return found


def _example(cls: type[TafelselectieError]) -> TafelselectieError:
    located = Problem(
        "pool_bad_number", {"value": "x"}, source="pool.csv", row=3, column="omzet", key=None
    )
    if cls is InfeasibleError:
        suggestion = Suggestion("lower_min", "doelgroep=jeugd", 2, 1)
        return InfeasibleError([Problem("infeasible_unknown")], [suggestion])
    if cls is BackendUnavailableError:
        return BackendUnavailableError("highs", ("auto", "cpsat"), "backend_not_installed", "x")
    if cls is InternalError:
        return InternalError("a broken rule")
    if cls is MissingExtraError:
        return MissingExtraError("pdf", "weasyprint", "extra_for_pdf")
    return cls([located])


def test_every_error_class_is_in_errors_module() -> None:
    """One tree: no module defines an exception class of its own."""
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not any(b.endswith("Error") or b == "Exception" for b in bases), (
                    f"{path.name}: class {node.name} should live in errors.py"
                )


def test_the_tree_has_the_expected_classes() -> None:
    names = {cls.__name__ for cls in _all_error_classes()}
    assert {
        "PoolError",
        "CriteriaError",
        "HistoryError",
        "PortfolioError",
        "SortitionError",
        "ReportError",
        "WorkflowError",
        "ForbiddenError",
        "UsageError",
        "InfeasibleError",
        "SolverError",
        "BackendUnavailableError",
        "NoSolutionError",
        "InternalError",
    } <= names


@pytest.mark.parametrize("cls", _all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_class_survives_pickle(cls: type[TafelselectieError]) -> None:
    error = _example(cls)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.problems == error.problems
    assert copy.render("nl") == error.render("nl")
    if isinstance(error, InfeasibleError):
        assert isinstance(copy, InfeasibleError)
        assert copy.diagnosis == error.diagnosis and copy.suggestions == error.suggestions
    if isinstance(error, MissingExtraError):
        assert isinstance(copy, MissingExtraError)
        assert (copy.extra, copy.library, copy.purpose) == ("pdf", "weasyprint", "extra_for_pdf")
    if isinstance(error, BackendUnavailableError):
        assert isinstance(copy, BackendUnavailableError)
        assert (copy.name, copy.available, copy.reason) == (
            error.name,
            error.available,
            error.reason,
        )


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    """The one catalogue: messages, type descriptions, CLI, workflow, usage, OS reasons, report."""
    from tafelselectie.texts.cli import CLI
    from tafelselectie.texts.report import REPORT
    from tafelselectie.texts.workflow import WORKFLOW

    tables = (MESSAGES, WORDS, CLI, REPORT, WORKFLOW)
    everything = catalogue()
    assert len(everything) == sum(len(t) for t in tables), "a code is in two tables"
    for code, (english, dutch) in everything.items():
        assert english and dutch, code
        # gettext-compatible: a code and its templates are one line each, {name} placeholders
        assert "\n" not in code and '"' not in code, code
        if code.startswith("word."):  # descriptions are literal text (messages.word)
            assert re.findall(r"{[^{}]*}", english) == re.findall(r"{[^{}]*}", dutch), code
            continue
        assert placeholders(english) == placeholders(dutch), code


def test_every_text_looked_up_by_a_literal_key_exists() -> None:
    """``cli_text("x")`` (cli.), ``_w("x")`` (wf.), ``say("x")`` (report.) and ``text("x")`` with a
    key that is not in the catalogue would fail only when shown; find them all statically."""
    prefixes = {"cli_text": "cli.", "_w": "wf.", "say": "report.", "text": ""}
    everything = catalogue()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            if name in prefixes and node.args and isinstance(node.args[0], ast.Constant):
                code = prefixes[name] + str(node.args[0].value)
                assert code in everything, f"{path.name}: {code}"


def test_every_problem_code_used_in_the_package_has_a_message() -> None:
    """A Problem with an unknown code would fail only when shown; find them all statically."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Problem"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                assert node.args[0].value in MESSAGES, f"{path.name}: {node.args[0].value}"


def test_no_assert_as_a_runtime_check() -> None:
    """``python -O`` removes asserts; every check in the package must survive it."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asserts = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        assert asserts == [], f"{path.relative_to(PACKAGE)} has assert at lines {asserts}"


def test_solver_errors_speak_dutch() -> None:
    error = SolverError(Problem("solver_lost_table", {"solver": "cbc", "stage": 4}))
    (line,) = error.render("nl")
    assert "solver cbc" in line and "stap 4" in line and "witness" not in line
    unavailable = BackendUnavailableError("x", ("cpsat",), "backend_unknown")
    assert unavailable.render("nl") == [
        "backend 'x' is niet beschikbaar (onbekende backend); beschikbaar: cpsat"
    ]


def test_type_descriptions_are_dutch_in_dutch_messages() -> None:
    from tafelselectie.criteria import load_criteria
    from tafelselectie.criteria.schema import CODES
    from tafelselectie.io.schemas import _EXPECTED, _TYPE_NAMES

    with pytest.raises(errors.CriteriaError) as info:
        load_criteria({"format_version": 1, "seats": {"max": "veel"}, "name": 3})
    for line in info.value.render("nl"):
        assert "an integer" not in line and "a string" not in line, line
        assert "verwacht" in line
    described = [*_TYPE_NAMES.values(), *_EXPECTED.values(), *CODES.expected.values()]
    described += ["a date (YYYY-MM-DD)", "an integer or a string", "a valid value"]
    for english in described:
        assert f"word.{english}" in WORDS, english
        # rendered as written: "{label, below}" is text, not a field (it once raised KeyError)
        assert word(english, "en") == english
        assert word(english, "nl") == WORDS[f"word.{english}"][1]


@pytest.mark.parametrize(
    ("bands", "key", "expected"),
    [
        ("5", "dimension[omvang].bands", "een lijst van {label, below}-tabellen"),
        ("[5]", "dimension[omvang].bands[0]", "een tabel {label, below}"),
    ],
)
def test_bands_of_the_wrong_type_are_described(
    tmp_path: Path, bands: str, key: str, expected: str
) -> None:
    from tafelselectie.criteria import load_criteria

    path = tmp_path / "c.toml"
    path.write_text(
        f'format_version = 1\n[[dimension]]\nname = "omvang"\ncolumn = "omzet"\nbands = {bands}\n',
        encoding="utf-8",
    )
    with pytest.raises(errors.CriteriaError) as info:
        load_criteria(path)
    assert info.value.render("nl") == [
        f"{path}, sleutel '{key}': verwacht {expected}, gekregen een geheel getal"
    ]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 0, -1, "10", True])
def test_a_time_limit_must_be_positive_and_finite(value: Any, data_dir: Path) -> None:
    with pytest.raises(UsageError) as info:
        tafelselectie.select(
            data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", time_limit=value
        )
    assert info.value.problems[0].key == "time_limit"


def test_lots_are_capped_before_any_work(data_dir: Path) -> None:
    from tafelselectie.io.values import MAX_LOTS

    with pytest.raises(UsageError) as info:
        tafelselectie.lottery(
            data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", lots=10**8
        )
    assert info.value.problems[0].key == "lots"
    assert str(MAX_LOTS) in str(info.value)


def test_api_misuse_raises_our_errors(data_dir: Path) -> None:
    with pytest.raises(UsageError):
        tafelselectie.read_pool(42)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        tafelselectie.select(data_dir / "klein-voorbeeld.csv")
    with pytest.raises(UsageError):
        tafelselectie.lottery(
            data_dir / "klein-voorbeeld.csv", data_dir / "klein-voorbeeld.toml", method="loting"
        )


def test_public_functions_keep_their_names_after_their_modules_load() -> None:
    """``tafelselectie.lottery.leximin`` and ``.explain`` are both a function and a module name; the
    package attribute must stay the function whichever is loaded first."""
    import importlib
    import types

    importlib.import_module("tafelselectie.lottery.leximin")
    importlib.import_module("tafelselectie.analysis.explain")
    for name in tafelselectie.__all__:
        value = getattr(tafelselectie, name)
        assert not isinstance(value, types.ModuleType), name
    assert callable(tafelselectie.lottery) and callable(tafelselectie.explain)


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert tafelselectie.__version__ == version("tafelselectie")
    assert "__version__" in tafelselectie.__all__


def test_all_dir_and_the_type_checking_imports_agree() -> None:
    """The lazily loaded API: every name in ``__all__`` is in ``dir()``, loads, and is imported
    in the TYPE_CHECKING block that type checkers read instead of ``__getattr__``."""
    source = Path(tafelselectie.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    typed: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    typed.update(alias.asname or alias.name for alias in statement.names)
                elif isinstance(statement, ast.AnnAssign):
                    typed.add(getattr(statement.target, "id", ""))
    public = set(tafelselectie.__all__)
    assert public <= set(dir(tafelselectie))
    assert public == typed
    for name in public:
        assert getattr(tafelselectie, name) is not None
    for package in ("backends", "report", "workflow"):
        module = __import__(f"tafelselectie.{package}", fromlist=["__all__"])
        for name in module.__all__:
            assert hasattr(module, name), (package, name)


@pytest.mark.parametrize(
    ("count", "dutch", "english"),
    [(1, "1 cel", "1 cell"), (2, "2 cellen", "2 cells"), (0, "0 cellen", "0 cells")],
)
def test_plural_forms(count: int, dutch: str, english: str) -> None:
    from tafelselectie.texts.messages import pick

    texts = (
        "{count, plural, one {# cell} other {# cells}}",
        "{count, plural, one {# cel} other {# cellen}}",
    )
    assert pick(texts, "nl", count=count) == dutch
    assert pick(texts, "en", count=count) == english


@pytest.mark.parametrize(
    ("code", "params", "one", "two"),
    [
        (
            "infeasible_cell_too_few",
            {"cell": "doelgroep=ggz"},
            "doelgroep=ggz vraagt minstens 1 zetel, maar 1 beschikbare aanbieder heeft dit",
            "doelgroep=ggz vraagt minstens 2 zetels, maar 2 beschikbare aanbieders hebben dit",
        ),
        (
            "lottery_forced_cell",
            {"cell": "doelgroep=ggz"},
            "de enige aanbieder van doelgroep=ggz, dus in elke geldige tafel",
            "een van de maar 2 aanbieders van doelgroep=ggz, dus in elke geldige tafel",
        ),
        (
            "report.c_rotation_continuity",
            {},
            "Minstens 1 lid van de tafel van vorig jaar blijft.",
            "Minstens 2 leden van de tafel van vorig jaar blijven.",
        ),
        (
            "report.lottery_unreachable",
            {},
            "1 aanbieder zit in geen enkele geldige tafel en heeft kans 0.",
            "2 aanbieders zitten in geen enkele geldige tafel en hebben kans 0.",
        ),
        (
            "report.c_extra_seats",
            {},
            "Er komt hoogstens 1 extra zetel bij als dat expertise toevoegt.",
            "Er komen hoogstens 2 extra zetels bij als dat expertise toevoegt.",
        ),
    ],
)
def test_counts_take_their_plural_form(
    code: str, params: dict[str, str], one: str, two: str
) -> None:
    """A council reads these: "1 zetel" and "2 zetels", never "zetel(s)"."""
    from tafelselectie.texts.messages import text

    counts = placeholders(catalogue()[code][0]) - set(params)  # every other one is a number
    for number, expected in ((1, one), (2, two)):
        filled: dict[str, object] = {**params, **dict.fromkeys(counts, number)}
        assert text(code, "nl", **filled) == expected
        assert "(s)" not in text(code, "en", **filled)


def test_no_text_hedges_its_plural() -> None:
    for code, (english, dutch) in catalogue().items():
        for template in (english, dutch):
            assert not re.search(r"\w\((s|n|en|leden)\)", template), code
            assert "(leden)" not in template, code
