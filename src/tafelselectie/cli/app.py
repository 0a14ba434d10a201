"""The command line: argument parsing, output and exit codes only.

Exit codes (spec 5): 0 a table was found (optimal or feasible); 1 infeasible, with the reasons;
2 bad input or usage, one line per problem on standard error; 3 the solver gave no answer (the
time limit ended before any table was found); 4 an internal error (a bug: please report it).
Texts are Dutch by default; ``--lang en`` or ``TAFELSELECTIE_LANG=en`` switches to English.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tafelselectie.cli.commands import (
    load_problem,
    run_draw,
    run_explain,
    run_lottery,
    run_report,
    run_select,
    run_verify,
)
from tafelselectie.cli.constants import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_SOLVER,
)
from tafelselectie.cli.output import OUTPUTS, cli_text, problem_lines, usage_text, write_text
from tafelselectie.texts.messages import DEFAULT_LANGUAGE, LANGUAGES


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
        help=cli_text("cli_help", lang), context_settings={"help_option_names": ["-h", "--help"]}
    )
    @click.option(
        "--lang", type=click.Choice(LANGUAGES), default=lang, help=cli_text("lang_help", lang)
    )
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
                help=cli_text("criteria_help", lang),
            ),
            click.option(
                "--backend",
                default=DEFAULT_BACKEND,
                show_default=True,
                type=click.Choice(KNOWN_BACKENDS),
                help=cli_text("backend_help", lang),
            ),
            click.option("--json", "json_path", metavar="PATH", help=cli_text("json_help", lang)),
            click.option(
                "--time-limit",
                type=_TimeLimit(),
                metavar="SECONDS",
                help=cli_text("time_help", lang),
            ),
            click.option(
                "--history",
                "history_paths",
                multiple=True,
                metavar="PREVIOUS.json",
                type=click.Path(path_type=Path, dir_okay=False),
                help=cli_text("history_help", lang),
            ),
            click.option(
                "--lang",
                "command_lang",
                type=click.Choice(LANGUAGES),
                default=None,
                help=cli_text("lang_help", lang),
            ),
        ]
        if not with_json:
            del decorators[3]  # the --json option
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    @cli.command("select", help=cli_text("select_help", lang))
    @shared_options
    @click.option(
        "--csv",
        "csv_path",
        metavar="PATH",
        type=click.Path(path_type=Path),
        help=cli_text("csv_help", lang),
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
        problem = load_problem(pool, criteria, lang, history_paths)
        return run_select(problem, backend, json_path, csv_path, time_limit, lang)

    # explain and report: stability near the band edges (analysis.margin)
    margin_option = click.option(
        "--margin",
        type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
        metavar="FRACTION",
        help=cli_text("margin_help", lang),
    )

    @cli.command("explain", help=cli_text("explain_help", lang))
    @shared_options
    @click.option(
        "--provider",
        "-p",
        "providers",
        multiple=True,
        metavar="ID",
        help=cli_text("provider_help", lang),
    )
    @click.option(
        "--cap",
        type=click.IntRange(min=1),
        default=10_000,
        show_default=True,
        help=cli_text("cap_help", lang),
    )
    @margin_option
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
        margin: float | None,
    ) -> int:
        problem = load_problem(pool, criteria, lang, history_paths)
        inputs = (pool, criteria, history_paths, margin)
        return run_explain(problem, backend, providers, json_path, cap, time_limit, lang, inputs)

    @cli.command("lottery", help=cli_text("lottery_help", lang))
    @shared_options
    @click.option(
        "--method", type=click.Choice(("leximin", "maximin")), help=cli_text("method_help", lang)
    )
    @click.option(
        "--min-expertise-share",
        type=click.FloatRange(0.0, 1.0),
        metavar="SHARE",
        help=cli_text("share_help", lang),
    )
    @click.option(
        "--max-probability",
        type=click.FloatRange(0.0, 1.0, min_open=True),
        metavar="CAP",
        help=cli_text("max_probability_help", lang),
    )
    @click.option("--lots", type=_Lots(), metavar="M", help=cli_text("lots_help", lang))
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
        max_probability: float | None,
        lots: int | None,
    ) -> int:
        problem = load_problem(pool, criteria, lang, history_paths)
        options = {
            "method": method,
            "min_expertise_share": min_expertise_share,
            "max_probability": max_probability,
            "lots": lots,
            "backend": backend,
            "time_limit": time_limit,
        }
        inputs = (pool, criteria, history_paths)
        return run_lottery(problem, inputs, options, json_path, lang)

    @cli.command("report", help=cli_text("report_help", lang))
    @lambda command: shared_options(command, with_json=False)
    @click.option(
        "--lottery",
        "lottery_path",
        metavar="PORTFOLIO.json",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("report_lottery_help", lang),
    )
    @click.option(
        "--out",
        "out_path",
        required=True,
        metavar="RAPPORT.html",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("report_out_help", lang),
    )
    @click.option(
        "--xlsx",
        "xlsx_path",
        metavar="RAPPORT.xlsx",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("report_xlsx_help", lang),
    )
    @click.option(
        "--pdf",
        "pdf_path",
        metavar="RAPPORT.pdf",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("report_pdf_help", lang),
    )
    @margin_option
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
        pdf_path: Path | None,
        margin: float | None,
    ) -> int:
        return run_report(
            (pool, criteria, history_paths, lottery_path),
            (out_path, xlsx_path, pdf_path),
            backend,
            time_limit,
            lang,
            margin,
        )

    @cli.command("draw", help=cli_text("draw_help", lang))
    @click.argument("portfolio", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--seed", metavar="TEXT", help=cli_text("seed_help", lang))
    @click.option("--number", type=int, metavar="N", help=cli_text("number_help", lang))
    @click.option("--json", "json_path", metavar="PATH", help=cli_text("draw_json_help", lang))
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def draw_command(
        portfolio: Path,
        seed: str | None,
        number: int | None,
        json_path: str | None,
        command_lang: str | None,
    ) -> int:
        return run_draw(portfolio, seed, number, json_path, lang)

    @cli.command("verify", help=cli_text("verify_help", lang))
    @click.argument("portfolio", type=click.Path(path_type=Path, dir_okay=False))
    @click.argument("draw_record", type=click.Path(path_type=Path, dir_okay=False))
    @click.option(
        "--pool",
        "pool_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("verify_pool_help", lang),
    )
    @click.option(
        "--criteria",
        "-c",
        "criteria_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("verify_criteria_help", lang),
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

    @cli.command("convert-sortition", help=cli_text("convert_help", lang))
    @click.argument("categories", type=click.Path(path_type=Path, dir_okay=False))
    @click.argument("respondents", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--size", required=True, type=int, metavar="K", help=cli_text("size_help", lang))
    @click.option(
        "--out",
        required=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=cli_text("out_help", lang),
    )
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def convert_command(
        categories: Path, respondents: Path, size: int, out: Path, command_lang: str | None
    ) -> int:
        from tafelselectie.io.sortition import convert_sortition

        converted = convert_sortition(categories, respondents, size, out)
        click.echo(
            cli_text(
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

    @cli.command("schema", help=cli_text("schema_help", lang))
    @click.argument("format_name", metavar="FORMAT", type=click.Choice(tuple(FORMATS)))
    @click.option(
        "--out",
        "out_path",
        metavar="PATH",
        type=click.Path(path_type=Path, dir_okay=False),
        help=cli_text("schema_out_help", lang),
    )
    @click.option("--lang", "command_lang", type=click.Choice(LANGUAGES), default=None)
    def schema_command(format_name: str, out_path: Path | None, command_lang: str | None) -> int:
        from tafelselectie.cli.schemas import schema_text

        text = schema_text(format_name)
        if out_path is None:
            click.echo(text, nl=False)
        else:
            write_text(out_path, text, lang)
        return EXIT_OK

    from tafelselectie.cli.workflow import add_workflow

    add_workflow(cli, lang)
    return cli


# Settings for libraries this command's process loads, read by them when they load; a value the
# user set is kept. Measured on the example region (benchmarks/RESULTS.md, eighth pass):
# OpenBLAS starts a thread per core at numpy's import, and they spin for about 0.1 s after it
# and after each matrix product before they sleep: 0.22 s of CPU per `select` on two cores,
# taken from the main thread on a busy machine. The command's one matrix product (the dominance
# rules) takes 0.02 ms on the example with one thread; on joints-10000 5.7 s instead of 3.7 s on
# a quiet machine, and less than with two threads when the other core is busy. (A short spin
# instead, OPENBLAS_THREAD_TIMEOUT, made every small product wait 8 ms for its threads.)
# Pydantic looks up plugins in every installed package's entry points (15-18 ms) at its first
# model; a command has none to load.
PROCESS_SETTINGS = {"OPENBLAS_NUM_THREADS": "1", "PYDANTIC_DISABLE_PLUGINS": "__all__"}


def _settle_process() -> None:
    # only when the libraries have not loaded yet: a command's own process (main called from
    # Python, as the tests do, finds them loaded and leaves the environment alone)
    if "numpy" in sys.modules or "pydantic" in sys.modules:
        return
    for name, value in PROCESS_SETTINGS.items():
        os.environ.setdefault(name, value)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tafelselectie`` command; returns the exit code."""
    _settle_process()
    from tafelselectie.errors import (
        BackendUnavailableError,
        InputError,
        MissingExtraError,
        NoSolutionError,
        SolverError,
    )

    args = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args)
    cli = build_cli(lang)
    OUTPUTS.discard()
    try:
        code = cli.main(args=args, prog_name="tafelselectie", standalone_mode=False)
        if not isinstance(code, int) or code in (EXIT_OK, EXIT_INFEASIBLE):
            OUTPUTS.commit(lang)  # exit 1 writes the JSON with the reasons: that is its result
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        return EXIT_INPUT
    except click.UsageError as exc:
        problem_lines([usage_text(exc, lang).replace("\n", " ")], lang)
        return EXIT_INPUT
    except InputError as exc:
        problem_lines(exc.render(lang), lang)
        return EXIT_INPUT
    except BackendUnavailableError as exc:
        problem_lines(exc.render(lang), lang)
        return EXIT_INPUT
    except MissingExtraError as exc:  # an option that needs what is not installed
        problem_lines(exc.render(lang), lang)
        return EXIT_INPUT
    except NoSolutionError:
        problem_lines([cli_text("no_solution", lang)], lang)
        return EXIT_SOLVER
    except SolverError as exc:
        problem_lines(exc.render(lang), lang)
        return EXIT_SOLVER
    except KeyboardInterrupt:
        OUTPUTS.discard()
        return 130
    except Exception as exc:
        problem_lines([cli_text("internal", lang, kind=type(exc).__name__, text=exc)], lang)
        return EXIT_INTERNAL
    finally:
        OUTPUTS.discard()
    return int(code) if isinstance(code, int) else EXIT_OK


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
