"""The command line: argument parsing, output and exit codes only.

Exit codes (spec 5): 0 a table was found (optimal or feasible); 1 infeasible, with the reasons;
2 bad input or usage, one line per problem on standard error; 3 the solver gave no answer (the
time limit ended before any table was found); 4 an internal error (a bug: please report it).
Texts are Dutch by default; ``--lang en`` or ``TAFELSELECTIE_LANG=en`` switches to English.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from tafelselectie.texts.messages import DEFAULT_LANGUAGE, LANGUAGES

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT, EXIT_SOLVER, EXIT_INTERNAL = 0, 1, 2, 3, 4
MAX_PROBLEM_LINES = 50

_T: dict[str, tuple[str, str]] = {
    # key: (English, Dutch)
    "cli_help": (
        "Choose a small, representative negotiation table of care providers.",
        "Kies een kleine, representatieve overlegtafel van zorgaanbieders.",
    ),
    "lang_help": ("Language of messages: nl or en.", "Taal van de meldingen: nl of en."),
    "select_help": (
        "Choose the table for POOL (CSV or .xlsx) under the criteria file.",
        "Kies de tafel voor POOL (CSV of .xlsx) volgens het criteriabestand.",
    ),
    "criteria_help": ("The criteria file (TOML).", "Het criteriabestand (TOML)."),
    "backend_help": ("Solver backend.", "Solver-backend."),
    "json_help": (
        "Write the result as JSON to PATH ('-' for standard output).",
        "Schrijf het resultaat als JSON naar PATH ('-' voor standaarduitvoer).",
    ),
    "csv_help": (
        "Write the selected providers as CSV to PATH.",
        "Schrijf de gekozen aanbieders als CSV naar PATH.",
    ),
    "time_help": (
        "Stop the proof after SECONDS; the table is then reported as feasible, not minimal.",
        "Stop het bewijs na SECONDS; de tafel heet dan toelaatbaar, niet minimaal.",
    ),
    "error": ("error", "fout"),
    "warning": ("warning", "waarschuwing"),
    "more": (
        "... and {count, plural, one {# more problem} other {# more problems}}",
        "... en nog {count, plural, one {# probleem} other {# problemen}}",
    ),
    "internal": (
        "internal error ({kind}: {text}); please report this with the input files",
        "interne fout ({kind}: {text}); meld dit graag met de invoerbestanden",
    ),
    "table": ("Table", "Tafel"),
    "status": ("Status", "Status"),
    "status_optimal": ("optimal (proven minimal)", "optimaal (bewezen minimaal)"),
    "status_feasible": (
        "feasible (time limit reached: not proven minimal)",
        "toelaatbaar (tijdslimiet bereikt: niet bewezen minimaal)",
    ),
    "seats": ("Seats", "Zetels"),
    "seats_detail": ("minimum {minimum}", "minimum {minimum}"),
    "score": ("Expertise score", "Expertisescore"),
    "selected": ("Selected providers", "Gekozen aanbieders"),
    "cells_count": (
        "{count, plural, one {# cell} other {# cells}}",
        "{count, plural, one {# cel} other {# cellen}}",
    ),
    "included": ("included", "verplicht"),
    "backend_line": (
        "Backend {backend}: {solves} solves, {seconds:.2f} s",
        "Backend {backend}: {solves} oplossingen, {seconds:.2f} s",
    ),
    "infeasible": ("No table meets the criteria:", "Geen tafel voldoet aan de criteria:"),
    "no_solution": (
        "no table was found within the time limit; try a longer --time-limit",
        "binnen de tijdslimiet is geen tafel gevonden; probeer een langere --time-limit",
    ),
    "peildatum": ("peildatum", "peildatum"),
    "explain_help": (
        "Explain the table: indispensable providers, alternatives, prices, why (not) a provider.",
        "Leg de tafel uit: onmisbare aanbieders, alternatieven, prijzen, waarom (niet) een "
        "aanbieder.",
    ),
    "provider_help": (
        "Explain this provider (repeatable).",
        "Leg deze aanbieder uit (herhaalbaar).",
    ),
    "cap_help": (
        "Count equally minimal tables up to this number.",
        "Tel even minimale tafels tot dit aantal.",
    ),
    "indispensable": ("Indispensable", "Onmisbaar"),
    "alternatives": (
        "Could sit at an equally minimal table",
        "Passen in een even minimale tafel",
    ),
    "decisive": ("Cells that decide the size", "Cellen die de omvang bepalen"),
    "explain_hint": (
        "{count, plural, one {# provider is} other {# providers are}} in no minimal table; "
        "--provider ID explains one.",
        "{count, plural, one {# aanbieder zit} other {# aanbieders zitten}} in geen enkele "
        "minimale tafel; --provider ID legt er één uit.",
    ),
    "suggestions": (
        "Smallest change that makes a table possible:",
        "Kleinste aanpassing die een tafel mogelijk maakt:",
    ),
    "history_help": (
        "An earlier table (selection JSON) as history for the rotation policies (repeatable).",
        "Een eerdere tafel (selectie-JSON) als historie voor de rotatieregels (herhaalbaar).",
    ),
    "report_help": (
        "Write the yearly selection report for POOL: one self-contained HTML file (and the same "
        "tables as an Excel workbook).",
        "Schrijf het jaarlijkse selectierapport voor POOL: één zelfstandig HTML-bestand (en "
        "dezelfde tabellen als Excel-werkmap).",
    ),
    "report_lottery_help": (
        "A lottery portfolio (from 'lottery --json') made from the same files: its "
        "probabilities go into the report.",
        "Een lotingsportfolio (van 'lottery --json') gemaakt met dezelfde bestanden: de kansen "
        "komen in het rapport.",
    ),
    "report_out_help": (
        "Write the HTML report to this file.",
        "Schrijf het HTML-rapport naar dit bestand.",
    ),
    "report_xlsx_help": (
        "Also write the report's tables to this workbook, one sheet each.",
        "Schrijf de tabellen van het rapport ook naar deze werkmap, één blad per tabel.",
    ),
    "report_written": (
        "Report written: {files} (table of {seats, plural, one {# seat} other {# seats}}, "
        "{seconds:.1f} s).",
        "Rapport geschreven: {files} (tafel van {seats, plural, one {# zetel} other {# zetels}}, "
        "{seconds:.1f} s).",
    ),
    "lottery_help": (
        "Compute a fair lottery over the valid tables (maximin or leximin probabilities) and "
        "save it as a portfolio for a public draw.",
        "Bereken een eerlijke loting over de geldige tafels (maximin- of leximin-kansen) en "
        "bewaar die als portefeuille voor een openbare trekking.",
    ),
    "method_help": (
        "leximin (default from the criteria) or maximin.",
        "leximin (standaard uit de criteria) of maximin.",
    ),
    "share_help": (
        "Minimum share of the best expertise score a table needs (0-1).",
        "Minimaal aandeel van de beste expertisescore dat een tafel nodig heeft (0-1).",
    ),
    "lots_help": (
        "Also round the lottery into M equally likely numbered lots for a physical draw.",
        "Rond de loting ook af op M even waarschijnlijke genummerde loten voor een fysieke "
        "trekking.",
    ),
    "lottery_title": ("Lottery", "Loting"),
    "lottery_line": (
        "{method}: {tables} tables of {seats} seats; smallest probability {minimum:.2%}",
        "{method}: {tables} tafels van {seats} zetels; kleinste kans {minimum:.2%}",
    ),
    "lottery_status_feasible": (
        "time limit reached: the probabilities are not proven leximin",
        "tijdslimiet bereikt: de kansen zijn niet bewezen leximin",
    ),
    "probabilities": ("Selection probabilities", "Selectiekansen"),
    "unreachable": (
        "{count, plural, one {# provider is} other {# providers are}} in no valid table (see "
        "'unreachable' in the JSON).",
        "{count, plural, one {# aanbieder zit} other {# aanbieders zitten}} in geen enkele geldige "
        "tafel (zie 'unreachable' in de JSON).",
    ),
    "rounding": (
        "{lots} numbered lots; largest probability change by rounding {error:.3%}",
        "{lots} genummerde loten; grootste kansverschil door afronding {error:.3%}",
    ),
    "portfolio_saved": (
        "Portfolio sealed with SHA-256 {sha}",
        "Portefeuille verzegeld met SHA-256 {sha}",
    ),
    "draw_help": (
        "Draw the table from a saved portfolio with a public seed (or a physically drawn lot).",
        "Trek de tafel uit een bewaarde portefeuille met een openbare seed (of een fysiek "
        "getrokken lot).",
    ),
    "seed_help": (
        "The public seed, e.g. the numbers drawn at a public meeting.",
        "De openbare seed, bijvoorbeeld de getallen die in een openbare vergadering zijn "
        "getrokken.",
    ),
    "number_help": ("A lot number drawn by hand (1..M).", "Een met de hand getrokken lotnummer."),
    "draw_json_help": (
        "Write the draw record as JSON to PATH ('-' for standard output).",
        "Schrijf het trekkingsverslag als JSON naar PATH ('-' voor standaarduitvoer).",
    ),
    "seed_or_number": (
        "give exactly one of --seed and --number",
        "geef precies één van --seed en --number",
    ),
    "drawn": (
        "Drawn: table {table} of {count} (probability {probability:.2%})",
        "Getrokken: tafel {table} van {count} (kans {probability:.2%})",
    ),
    "drawn_lot": ("lot {lot}", "lot {lot}"),
    "verify_help": (
        "Recompute a draw from the portfolio and check it (and, if given, the input files).",
        "Herbereken een trekking uit de portefeuille en controleer haar (en, indien gegeven, "
        "de invoerbestanden).",
    ),
    "verify_pool_help": (
        "The pool file, to check against the portfolio's hash.",
        "Het poolbestand, om te controleren tegen de hash in de portefeuille.",
    ),
    "verify_criteria_help": (
        "The criteria file, to check against the portfolio's hash.",
        "Het criteriabestand, om te controleren tegen de hash in de portefeuille.",
    ),
    "verify_ok": ("Verified: the draw is correct.", "Geverifieerd: de trekking klopt."),
    "verify_failed": ("NOT verified:", "NIET geverifieerd:"),
    "check_portfolio": ("portfolio seal", "zegel van de portefeuille"),
    "check_table": ("drawn table", "getrokken tafel"),
    "check_pool": ("pool file", "poolbestand"),
    "check_criteria": ("criteria file", "criteriabestand"),
    "schema_help": (
        "Print the JSON Schema of an input format (for editors that complete keys and mark "
        "errors while typing).",
        "Druk het JSON Schema van een invoerformaat af (voor editors die sleutels aanvullen en "
        "fouten tijdens het typen aanwijzen).",
    ),
    "schema_out_help": (
        "Write the schema to PATH instead of standard output.",
        "Schrijf het schema naar PATH in plaats van naar de standaarduitvoer.",
    ),
    "convert_help": (
        "Convert the citizens' assembly format (categories.csv, respondents.csv) into a pool "
        "and criteria with exactly SIZE seats.",
        "Zet het burgerberaadformaat (categories.csv, respondents.csv) om in een pool en "
        "criteria met precies SIZE zetels.",
    ),
    "size_help": ("The panel size (exact seats).", "De omvang van het panel (precies)."),
    "out_help": (
        "Directory to write pool.csv and criteria.toml to.",
        "Map voor pool.csv en criteria.toml.",
    ),
    "converted": (
        "Wrote {pool} ({people} people) and {criteria} ({categories} categories).",
        "{pool} ({people} personen) en {criteria} ({categories} categorieën) geschreven.",
    ),
}


class _TimeLimit(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.3
    """``--time-limit``: a positive, finite number of seconds. ``nan``, ``inf`` and values of 0
    or less are bad input (exit 2), checked by the same rule as the API's ``time_limit``."""

    name = "seconds"

    def convert(self, value: Any, param: Any, ctx: Any) -> float | None:
        from tafelselectie.io.values import check_time_limit

        number: object = value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                number = value
        return check_time_limit(number, key="--time-limit")


class _Lots(click.ParamType):  # type: ignore[type-arg]
    """``--lots``: a whole number from 1 to the cap of :data:`tafelselectie.io.values.MAX_LOTS`."""

    name = "lots"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | None:
        from tafelselectie.io.values import check_lots

        number: object = value
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            number = int(value)
        return check_lots(number, key="--lots")


def _t(key: str, lang: str, **params: Any) -> str:
    from tafelselectie.texts.messages import pick

    return pick(_T[key], lang, **params)


def _language(argv: list[str]) -> str:
    lang = os.environ.get("TAFELSELECTIE_LANG", DEFAULT_LANGUAGE)
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def build_cli(lang: str) -> click.Group:
    from tafelselectie.backends import DEFAULT_BACKEND, KNOWN_BACKENDS

    @click.group(
        help=_t("cli_help", lang), context_settings={"help_option_names": ["-h", "--help"]}
    )
    @click.option("--lang", type=click.Choice(LANGUAGES), default=lang, help=_t("lang_help", lang))
    @click.version_option(package_name="tafelselectie")
    def cli(lang: str) -> None:
        pass

    def shared_options(command: Any, with_json: bool = True) -> Any:
        """The options every solving command has, declared once."""
        decorators = [
            click.argument("pool", type=click.Path(path_type=Path, dir_okay=False)),
            click.option(
                "--criteria",
                "-c",
                required=True,
                type=click.Path(path_type=Path, dir_okay=False),
                help=_t("criteria_help", lang),
            ),
            click.option(
                "--backend",
                default=DEFAULT_BACKEND,
                show_default=True,
                type=click.Choice(KNOWN_BACKENDS),
                help=_t("backend_help", lang),
            ),
            click.option("--json", "json_path", metavar="PATH", help=_t("json_help", lang)),
            click.option(
                "--time-limit",
                type=_TimeLimit(),
                metavar="SECONDS",
                help=_t("time_help", lang),
            ),
            click.option(
                "--history",
                "history_paths",
                multiple=True,
                metavar="PREVIOUS.json",
                type=click.Path(path_type=Path, dir_okay=False),
                help=_t("history_help", lang),
            ),
            click.option(
                "--lang",
                "command_lang",
                type=click.Choice(LANGUAGES),
                default=None,
                help=_t("lang_help", lang),
            ),
        ]
        if not with_json:
            del decorators[3]  # the --json option
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    @cli.command("select", help=_t("select_help", lang))
    @shared_options
    @click.option(
        "--csv",
        "csv_path",
        metavar="PATH",
        type=click.Path(path_type=Path),
        help=_t("csv_help", lang),
    )
    def select_command(
        pool: Path,
        criteria: Path,
        backend: str,
        json_path: str | None,
        time_limit: float | None,
        history_paths: tuple[Path, ...],
        command_lang: str | None,
        csv_path: Path | None,
    ) -> int:
        problem = _load_problem(pool, criteria, lang, history_paths)
        return run_select(problem, backend, json_path, csv_path, time_limit, lang)

    @cli.command("explain", help=_t("explain_help", lang))
    @shared_options
    @click.option(
        "--provider", "-p", "providers", multiple=True, metavar="ID", help=_t("provider_help", lang)
    )
    @click.option(
        "--cap",
        type=click.IntRange(min=1),
        default=10_000,
        show_default=True,
        help=_t("cap_help", lang),
    )
    def explain_command(
        pool: Path,
        criteria: Path,
        backend: str,
        json_path: str | None,
        time_limit: float | None,
        history_paths: tuple[Path, ...],
        command_lang: str | None,
        providers: tuple[str, ...],
        cap: int,
    ) -> int:
        problem = _load_problem(pool, criteria, lang, history_paths)
        return run_explain(problem, backend, providers, json_path, cap, time_limit, lang)

    @cli.command("lottery", help=_t("lottery_help", lang))
    @shared_options
    @click.option(
        "--method", type=click.Choice(("leximin", "maximin")), help=_t("method_help", lang)
    )
    @click.option(
        "--min-expertise-share",
        type=click.FloatRange(0.0, 1.0),
        metavar="SHARE",
        help=_t("share_help", lang),
    )
    @click.option("--lots", type=_Lots(), metavar="M", help=_t("lots_help", lang))
    def lottery_command(
        pool: Path,
        criteria: Path,
        backend: str,
        json_path: str | None,
        time_limit: float | None,
        history_paths: tuple[Path, ...],
        command_lang: str | None,
        method: str | None,
        min_expertise_share: float | None,
        lots: int | None,
    ) -> int:
        problem = _load_problem(pool, criteria, lang, history_paths)
        options = {
            "method": method,
            "min_expertise_share": min_expertise_share,
            "lots": lots,
            "backend": backend,
            "time_limit": time_limit,
        }
        inputs = (pool, criteria, history_paths)
        return run_lottery(problem, inputs, options, json_path, lang)

    @cli.command("report", help=_t("report_help", lang))
    @lambda command: shared_options(command, with_json=False)
    @click.option(
        "--lottery",
        "lottery_path",
        metavar="PORTFOLIO.json",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("report_lottery_help", lang),
    )
    @click.option(
        "--out",
        "out_path",
        required=True,
        metavar="RAPPORT.html",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("report_out_help", lang),
    )
    @click.option(
        "--xlsx",
        "xlsx_path",
        metavar="RAPPORT.xlsx",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("report_xlsx_help", lang),
    )
    def report_command(
        pool: Path,
        criteria: Path,
        backend: str,
        time_limit: float | None,
        history_paths: tuple[Path, ...],
        command_lang: str | None,
        lottery_path: Path | None,
        out_path: Path,
        xlsx_path: Path | None,
    ) -> int:
        return run_report(
            (pool, criteria, history_paths, lottery_path),
            (out_path, xlsx_path),
            backend,
            time_limit,
            lang,
        )

    @cli.command("draw", help=_t("draw_help", lang))
    @click.argument("portfolio", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--seed", metavar="TEXT", help=_t("seed_help", lang))
    @click.option("--number", type=int, metavar="N", help=_t("number_help", lang))
    @click.option("--json", "json_path", metavar="PATH", help=_t("draw_json_help", lang))
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def draw_command(
        portfolio: Path,
        seed: str | None,
        number: int | None,
        json_path: str | None,
        command_lang: str | None,
    ) -> int:
        return run_draw(portfolio, seed, number, json_path, lang)

    @cli.command("verify", help=_t("verify_help", lang))
    @click.argument("portfolio", type=click.Path(path_type=Path, dir_okay=False))
    @click.argument("draw_record", type=click.Path(path_type=Path, dir_okay=False))
    @click.option(
        "--pool",
        "pool_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("verify_pool_help", lang),
    )
    @click.option(
        "--criteria",
        "-c",
        "criteria_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("verify_criteria_help", lang),
    )
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def verify_command(
        portfolio: Path,
        draw_record: Path,
        pool_path: Path | None,
        criteria_path: Path | None,
        command_lang: str | None,
    ) -> int:
        return run_verify(portfolio, draw_record, pool_path, criteria_path, lang)

    @cli.command("convert-sortition", help=_t("convert_help", lang))
    @click.argument("categories", type=click.Path(path_type=Path, dir_okay=False))
    @click.argument("respondents", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--size", required=True, type=int, metavar="K", help=_t("size_help", lang))
    @click.option(
        "--out",
        required=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=_t("out_help", lang),
    )
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def convert_command(
        categories: Path, respondents: Path, size: int, out: Path, command_lang: str | None
    ) -> int:
        from tafelselectie.io.sortition import convert_sortition

        converted = convert_sortition(categories, respondents, size, out)
        click.echo(
            _t(
                "converted",
                lang,
                pool=converted.pool,
                people=converted.people,
                criteria=converted.criteria,
                categories=converted.categories,
            )
        )
        return EXIT_OK

    from tafelselectie.cli.schemas import FORMATS

    @cli.command("schema", help=_t("schema_help", lang))
    @click.argument("format_name", metavar="FORMAT", type=click.Choice(tuple(FORMATS)))
    @click.option(
        "--out",
        "out_path",
        metavar="PATH",
        type=click.Path(path_type=Path, dir_okay=False),
        help=_t("schema_out_help", lang),
    )
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def schema_command(format_name: str, out_path: Path | None, command_lang: str | None) -> int:
        from tafelselectie.cli.schemas import schema_text

        text = schema_text(format_name)
        if out_path is None:
            click.echo(text, nl=False)
        else:
            _write_text(out_path, text, lang)
        return EXIT_OK

    from tafelselectie.cli.workflow import add_workflow

    add_workflow(cli, lang)
    return cli


def run_select(
    problem: Any,
    backend: str,
    json_path: str | None,
    csv_path: Path | None,
    time_limit: float | None,
    lang: str,
) -> int:
    from tafelselectie.errors import InfeasibleError
    from tafelselectie.solve.selection import select

    try:
        result = select(problem, backend=backend, time_limit=time_limit)
    except InfeasibleError as exc:
        return _report_infeasible(exc, problem, backend, json_path, lang)
    if json_path:
        _write_json(result.to_dict(), json_path, lang)
    if csv_path is not None:
        from tafelselectie.io.values import csv_safe

        frame = result.to_frame()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(lambda v: "; ".join(v))
            frame[column] = frame[column].map(csv_safe)
        frame.columns = [str(csv_safe(c)) for c in frame.columns]
        _write_text(csv_path, frame.to_csv(index=False), lang)
    if json_path != "-":
        _print_table(result, lang)
    return EXIT_OK


def _report_infeasible(
    exc: Any, problem: Any, backend: str, json_path: str | None, lang: str
) -> int:
    """Exit 1 with the reasons and the smallest relaxation, as text and (if asked) JSON."""
    from tafelselectie.backends import get_backend
    from tafelselectie.solve.result import infeasible_dict

    reasons: list[dict[str, Any]] = [
        {"kind": "reason", "code": p.code, "message": p.render(lang)} for p in exc.diagnosis
    ]
    suggestions = [{"kind": "suggestion", **s.to_dict(lang)} for s in exc.suggestions]
    peildatum = problem.peildatum.isoformat() if problem.peildatum else None
    used = get_backend(backend, problem).name
    payload = infeasible_dict(problem, used, reasons + suggestions, peildatum)
    lines = [_t("infeasible", lang), *("  - " + r["message"] for r in reasons)]
    if suggestions:
        lines += [_t("suggestions", lang), *("  - " + s["message"] for s in suggestions)]
    if json_path:
        _write_json(payload, json_path, lang)
    for line in lines:
        click.echo(line, err=json_path == "-")
    return EXIT_INFEASIBLE


def run_explain(
    problem: Any,
    backend: str,
    providers: tuple[str, ...],
    json_path: str | None,
    cap: int,
    time_limit: float | None,
    lang: str,
) -> int:
    from tafelselectie.analysis.explain import explain
    from tafelselectie.errors import CriteriaError, InfeasibleError, Problem

    criteria = problem.criteria
    known = set(problem.ids) | set(problem.excluded)
    unknown = [p for p in providers if p not in known]
    if unknown:
        raise CriteriaError(
            [Problem("criteria_id_not_in_pool", {"id": p}, key="--provider") for p in unknown]
        )
    try:
        explanation = explain(problem, backend=backend, cap=cap, time_limit=time_limit)
    except InfeasibleError as exc:
        return _report_infeasible(exc, problem, backend, json_path, lang)
    if json_path:
        _write_json(explanation.to_dict(lang), json_path, lang)
    if json_path == "-":
        return EXIT_OK
    result = explanation.result
    title = criteria.name or criteria.source
    click.echo(f"{_t('table', lang)}: {title}")
    click.echo(explanation.count_text(lang) + ".")
    click.echo(
        f"{_t('seats', lang)}: {result.seats}; {_t('score', lang)}: {result.expertise_score:g}"
    )
    statuses = explanation.providers
    indispensable = [p.id for p in statuses if p.indispensable]
    alternatives = [p.id for p in statuses if p.possible and not p.in_table]
    click.echo(f"{_t('indispensable', lang)}: {', '.join(indispensable) or '-'}")
    click.echo(f"{_t('alternatives', lang)}: {', '.join(alternatives) or '-'}")
    click.echo(f"{_t('decisive', lang)}: {'; '.join(explanation.decisive_cells) or '-'}")
    asked = providers or result.selected
    for identifier in asked:
        click.echo(f"- {explanation.why(identifier, lang)}")
    if not providers:
        outside = sum(1 for p in statuses if not p.possible)
        click.echo(_t("explain_hint", lang, count=outside))
    return EXIT_OK


def run_lottery(
    problem: Any,
    inputs: tuple[Path, Path, tuple[Path, ...]],
    options: dict[str, Any],
    json_path: str | None,
    lang: str,
) -> int:
    from tafelselectie.errors import InfeasibleError
    from tafelselectie.lottery.draw import seal
    from tafelselectie.lottery.leximin import input_hashes, lottery

    try:
        result = lottery(problem, **options)
    except InfeasibleError as exc:
        return _report_infeasible(exc, problem, options["backend"], json_path, lang)
    pool_path, criteria_path, history_paths = inputs
    payload = seal(
        {
            **result.to_dict(lang),
            "input_hashes": input_hashes(pool_path, criteria_path, history_paths),
        }
    )
    if json_path:
        _write_json(payload, json_path, lang)
    if json_path == "-":
        return EXIT_OK
    criteria = problem.criteria
    click.echo(f"{_t('lottery_title', lang)}: {criteria.name or criteria.source}")
    click.echo(
        _t(
            "lottery_line",
            lang,
            method=result.method,
            tables=len(result.tables),
            seats=result.seats,
            minimum=result.minimum,
        )
    )
    if result.status != "optimal":
        click.echo(_t("lottery_status_feasible", lang))
    click.echo(f"{_t('probabilities', lang)}:")
    reachable = sorted(result.levels, key=lambda i: (-result.probabilities[i], i))
    width = max((len(i) for i in reachable), default=2)
    names = dict(zip(problem.ids, problem.names, strict=True))
    for identifier in reachable:
        click.echo(
            f"  {identifier:<{width}}  {result.probabilities[identifier]:7.2%}  {names[identifier]}"
        )
    if result.unreachable:
        click.echo(_t("unreachable", lang, count=len(result.unreachable)))
    if result.numbered_tables is not None:
        click.echo(
            _t("rounding", lang, lots=len(result.numbered_tables), error=result.rounding_error)
        )
    click.echo(_t("portfolio_saved", lang, sha=payload["portfolio_sha256"]))
    return EXIT_OK


def run_report(
    inputs: tuple[Path, Path, tuple[Path, ...], Path | None],
    outputs: tuple[Path, Path | None],
    backend: str,
    time_limit: float | None,
    lang: str,
) -> int:
    from tafelselectie.errors import InfeasibleError
    from tafelselectie.report import build_report

    pool, criteria, history_paths, lottery_path = inputs
    out_path, xlsx_path = outputs
    problem = _load_problem(pool, criteria, lang, history_paths)  # warnings and input errors
    try:
        report = build_report(
            pool,
            criteria,
            history=history_paths,
            lottery=lottery_path,
            lang=lang,
            backend=backend,
            time_limit=time_limit,
        )
    except InfeasibleError as exc:
        return _report_infeasible(exc, problem, backend, None, lang)
    _write_text(out_path, report.html, lang)
    written = [str(out_path)]
    if xlsx_path is not None:
        if xlsx_path.is_dir():
            raise _cannot_write(xlsx_path, IsADirectoryError(errno.EISDIR, "Is a directory"))
        _OUTPUTS.write(xlsx_path, lang, report.write_xlsx)
        written.append(str(xlsx_path))
    content = report.content
    click.echo(
        _t(
            "report_written",
            lang,
            files=", ".join(written),
            seats=content.seats,
            seconds=report.seconds,
        )
    )
    return EXIT_OK


def run_draw(
    portfolio_path: Path, seed: str | None, number: int | None, json_path: str | None, lang: str
) -> int:
    from tafelselectie.lottery.draw import draw, read_portfolio

    if (seed is None) == (number is None):
        raise click.UsageError(_t("seed_or_number", lang))
    portfolio = read_portfolio(portfolio_path)
    outcome = draw(portfolio, seed=seed, number=number)
    if json_path:
        _write_json(outcome.to_dict(), json_path, lang)
    if json_path == "-":
        return EXIT_OK
    line = _t(
        "drawn",
        lang,
        table=outcome.table_number,
        count=len(portfolio["tables"]),
        probability=outcome.probability,
    )
    if outcome.lot_number is not None:
        line += f" ({_t('drawn_lot', lang, lot=outcome.lot_number)})"
    click.echo(line)
    if outcome.digest:
        click.echo(f"sha256({outcome.portfolio_sha256}:{outcome.seed}) = {outcome.digest}")
    click.echo(f"{_t('selected', lang)}: {', '.join(outcome.selected)}")
    return EXIT_OK


def run_verify(
    portfolio: Path, record: Path, pool: Path | None, criteria: Path | None, lang: str
) -> int:
    from tafelselectie.lottery.draw import verify

    outcome = verify(portfolio, record, pool=pool, criteria=criteria)
    click.echo(_t("verify_ok", lang) if outcome.ok else _t("verify_failed", lang))
    for what, passed, detail in outcome.checks:
        mark = "ok" if passed else "X"
        click.echo(f"  [{mark}] {_t('check_' + what, lang)}: {detail}")
    return EXIT_OK if outcome.ok else EXIT_INFEASIBLE


class _StagedOutputs:
    """The files one command writes, each first to a temporary file beside its target.

    Only when the whole command has succeeded are they moved into place (``os.replace``, atomic
    on one file system); when anything fails they are removed. So a failed command never leaves
    a file behind that claims a result (a JSON saying ``optimal`` beside a missing CSV), and an
    earlier good file at that path is kept as it was.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def write(self, path: Path, lang: str, writer: Any) -> None:
        """Call ``writer(temporary_path)`` and stage its file for ``path``."""
        import tempfile

        try:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
            os.close(handle)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        temporary = Path(name)
        self.staged.append((temporary, path))
        try:
            writer(temporary)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def commit(self, lang: str) -> None:
        try:
            for temporary, target in self.staged:
                if target.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(target))
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        finally:
            self.discard()

    def discard(self) -> None:
        import contextlib

        for temporary, _ in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.staged = []


_OUTPUTS = _StagedOutputs()

_OS_REASONS = {
    "ENOENT": ("the folder does not exist", "de map bestaat niet"),
    "EACCES": ("permission denied", "geen toestemming"),
    "EPERM": ("permission denied", "geen toestemming"),
    "EISDIR": ("it is a directory", "het is een map"),
    "ENOTDIR": ("a part of the path is not a folder", "een deel van het pad is geen map"),
    "ENOSPC": ("the disk is full", "de schijf is vol"),
    "EROFS": ("the file system is read-only", "het bestandssysteem is alleen-lezen"),
}


def _cannot_write(path: Path, exc: OSError) -> Exception:
    """An :class:`~tafelselectie.errors.OutputError` for ``path``, with the operating system's
    reason in both languages (its own text is English)."""
    from tafelselectie.errors import OutputError, Problem

    name = errno.errorcode.get(exc.errno or 0, "")
    english, dutch = _OS_REASONS.get(name, (exc.strerror or str(exc),) * 2)
    reason = {"en": english, "nl": dutch}
    return OutputError(Problem("output_cannot_write", {"path": str(path), "reason": reason}))


def _write_text(path: Path, text: str, lang: str) -> None:
    if path.is_dir():
        raise _cannot_write(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    _OUTPUTS.write(path, lang, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _write_json(payload: dict[str, Any], json_path: str, lang: str) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    if json_path == "-":
        click.echo(text)
    else:
        _write_text(Path(json_path), text + "\n", lang)


def _print_table(result: Any, lang: str) -> None:
    problem = result.problem
    criteria = problem.criteria
    title = criteria.name or criteria.source
    peildatum = problem.peildatum.isoformat() if problem.peildatum else "-"
    click.echo(f"{_t('table', lang)}: {title} ({_t('peildatum', lang)} {peildatum})")
    click.echo(f"{_t('status', lang)}: {_t('status_' + result.status.value, lang)}")
    detail = _t("seats_detail", lang, minimum=result.minimum_seats)
    click.echo(f"{_t('seats', lang)}: {result.seats} ({detail})")
    if problem.has_scores:
        click.echo(f"{_t('score', lang)}: {result.expertise_score:g}")
    click.echo(f"{_t('selected', lang)}:")
    width = max((len(i) for i in result.selected), default=2)
    for i in sorted(result.chosen, key=lambda i: problem.ids[i]):
        cells = _t("cells_count", lang, count=len(result.cells_of(i)))
        flag = f", {_t('included', lang)}" if i in problem.include else ""
        click.echo(f"  {problem.ids[i]:<{width}}  {problem.names[i]}  ({cells}{flag})")
    seconds = sum(result.timings.values())
    click.echo(
        _t("backend_line", lang, backend=result.backend, solves=result.solves, seconds=seconds)
    )


def _load_problem(
    pool_path: Path, criteria_path: Path, lang: str, history_paths: tuple[Path, ...] = ()
) -> Any:
    """Criteria, pool and cells (with the rotation policies applied to the history), with
    warnings for input that has no effect."""
    from tafelselectie.criteria import load_criteria
    from tafelselectie.solve.problem import build_problem
    from tafelselectie.solve.rotation import apply_history, read_history

    criteria = load_criteria(criteria_path)
    history = read_history(history_paths) if history_paths else ()
    problem = build_problem(pool_path, criteria)
    if history:
        problem = apply_history(problem, history)
    _warn(problem, lang)
    return problem


def _warn(problem: Any, lang: str) -> None:
    """Input that is accepted but has no effect: one line each on standard error."""
    prefix = _t("warning", lang)
    for warning in problem.warnings:
        click.echo(f"{prefix}: {warning.render(lang)}", err=True)


_USAGE_NL = {
    "missing_option": "verplichte optie ontbreekt: {name}",
    "missing_argument": "verplicht argument ontbreekt: {name}",
    "no_such_option": "onbekende optie: {name}",
    "did_you_mean": " (bedoelde u {names}?)",
    "needs_value": "optie {name} heeft een waarde nodig",
    "bad_value": "ongeldige waarde voor {name}",
    "choose_from": ": {value} is niet een van {choices}",
    "whole_number": ": {value} is geen geheel getal",
    "number": ": {value} is geen getal",
    "in_range": " (toegestaan: {range})",
    "no_such_command": "onbekende opdracht: {name}",
    "extra_arguments": "onverwachte extra argumenten: {names}",
}


def _usage_text(exc: click.UsageError, lang: str) -> str:
    """click's usage errors in the user's language.

    click writes its own messages in English; in Dutch mode each kind of usage error is told
    again from the exception's data (the option, the allowed choices, the given value). Messages
    the package raised itself through ``click.UsageError`` are already in the user's language.
    """
    import re

    message = exc.format_message()
    if lang == "en":
        return message
    quoted = re.match(r"\s*'(.*?)'", getattr(exc, "message", "") or "")
    value = repr(quoted.group(1)) if quoted else ""
    param = getattr(exc, "param", None)
    name = ""
    is_argument = param is not None and param.param_type_name == "argument"
    if param is not None:
        name = str(param.human_readable_name) if is_argument else " / ".join(param.opts)
    if isinstance(exc, click.MissingParameter):
        kind = "missing_argument" if is_argument else "missing_option"
        return _USAGE_NL[kind].format(name=name or exc.param_hint or "?")
    if isinstance(exc, click.NoSuchOption):
        text = _USAGE_NL["no_such_option"].format(name=exc.option_name)
        if exc.possibilities:
            text += _USAGE_NL["did_you_mean"].format(names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, click.BadOptionUsage):
        return _USAGE_NL["needs_value"].format(name=exc.option_name)
    if isinstance(exc, click.BadParameter):
        hint = name or str(exc.param_hint or "?")
        text = _USAGE_NL["bad_value"].format(name=hint)
        param_type = getattr(param, "type", None)
        if isinstance(param_type, click.Choice):
            choices = ", ".join(str(c) for c in param_type.choices)
            return text + _USAGE_NL["choose_from"].format(value=value, choices=choices)
        if isinstance(param_type, (click.IntRange, click.FloatRange)) and "range" in message:
            return text + _USAGE_NL["in_range"].format(range=param_type._describe_range())
        if isinstance(param_type, click.types.IntParamType):
            return text + _USAGE_NL["whole_number"].format(value=value)
        if isinstance(param_type, click.types.FloatParamType):
            return text + _USAGE_NL["number"].format(value=value)
        return text + ": " + exc.message
    command = re.match(r"No such command '([^']*)'(?:\. Did you mean '([^']*)')?", message)
    if command:
        text = _USAGE_NL["no_such_command"].format(name=repr(command.group(1)))
        if command.group(2):
            text += _USAGE_NL["did_you_mean"].format(names=command.group(2))
        return text
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return _USAGE_NL["extra_arguments"].format(names=extra.group(1))
    return message


def _problem_lines(lines: list[str], lang: str) -> None:
    prefix = _t("error", lang)
    for line in lines[:MAX_PROBLEM_LINES]:
        click.echo(f"{prefix}: {line}", err=True)
    if len(lines) > MAX_PROBLEM_LINES:
        more = _t("more", lang, count=len(lines) - MAX_PROBLEM_LINES)
        click.echo(f"{prefix}: {more}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tafelselectie`` command; returns the exit code."""
    from tafelselectie.errors import (
        BackendUnavailableError,
        InputError,
        NoSolutionError,
        SolverError,
    )

    args = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args)
    cli = build_cli(lang)
    _OUTPUTS.discard()
    try:
        code = cli.main(args=args, prog_name="tafelselectie", standalone_mode=False)
        if not isinstance(code, int) or code in (EXIT_OK, EXIT_INFEASIBLE):
            _OUTPUTS.commit(lang)  # exit 1 writes the JSON with the reasons: that is its result
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        return EXIT_INPUT
    except click.UsageError as exc:
        _problem_lines([_usage_text(exc, lang).replace("\n", " ")], lang)
        return EXIT_INPUT
    except InputError as exc:
        _problem_lines(exc.render(lang), lang)
        return EXIT_INPUT
    except BackendUnavailableError as exc:
        _problem_lines([str(exc)], lang)
        return EXIT_INPUT
    except NoSolutionError:
        _problem_lines([_t("no_solution", lang)], lang)
        return EXIT_SOLVER
    except SolverError as exc:
        _problem_lines([str(exc)], lang)
        return EXIT_SOLVER
    except KeyboardInterrupt:
        _OUTPUTS.discard()
        return 130
    except Exception as exc:
        _problem_lines([_t("internal", lang, kind=type(exc).__name__, text=exc)], lang)
        return EXIT_INTERNAL
    finally:
        _OUTPUTS.discard()
    return int(code) if isinstance(code, int) else EXIT_OK


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
