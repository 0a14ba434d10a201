"""What each solving command does once its arguments are parsed: read, run, write, and the exit
code (spec 5)."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import click

from tafelselectie.cli.constants import (
    EXIT_INFEASIBLE,
    EXIT_OK,
)
from tafelselectie.cli.output import (
    OUTPUTS,
    cannot_write,
    cli_text,
    print_table,
    warn,
    write_json,
    write_text,
)
from tafelselectie.io.values import format_number


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
        return report_infeasible(exc, problem, backend, json_path, lang)
    if json_path:
        write_json(result.to_dict(), json_path, lang)
    if csv_path is not None:
        from tafelselectie.io.values import csv_safe

        frame = result.to_frame()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(lambda v: "; ".join(v))
            frame[column] = frame[column].map(csv_safe)
        frame.columns = [str(csv_safe(c)) for c in frame.columns]
        write_text(csv_path, frame.to_csv(index=False), lang)
    if json_path != "-":
        print_table(result, lang)
    return EXIT_OK


def report_infeasible(
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
    lines = [cli_text("infeasible", lang), *("  - " + r["message"] for r in reasons)]
    if suggestions:
        lines += [cli_text("suggestions", lang), *("  - " + s["message"] for s in suggestions)]
    if json_path:
        write_json(payload, json_path, lang)
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
    inputs: tuple[Path, Path, tuple[Path, ...], float | None] | None = None,
) -> int:
    """``explain``; with a margin in ``inputs`` (pool, criteria, history files, margin) also the
    stability near the band edges (:func:`tafelselectie.analysis.margin.band_margin`)."""
    from tafelselectie.analysis.explain import explain
    from tafelselectie.errors import CriteriaError, InfeasibleError, Problem

    criteria = problem.provenance
    known = set(problem.ids) | set(problem.excluded)
    unknown = [p for p in providers if p not in known]
    if unknown:
        raise CriteriaError(
            [Problem("criteria_id_not_in_pool", {"id": p}, key="--provider") for p in unknown]
        )
    from tafelselectie.solve.stage_models import Clock

    clock = Clock(time_limit)  # one limit for the command: the margin gets what is left
    try:
        explanation = explain(problem, backend=backend, cap=cap, time_limit=time_limit)
    except InfeasibleError as exc:
        return report_infeasible(exc, problem, backend, json_path, lang)
    analysis = None
    if inputs is not None and inputs[3] is not None:
        from tafelselectie.analysis.margin import band_margin
        from tafelselectie.solve.rotation import read_history

        pool_path, criteria_path, history_paths, _ = inputs
        margin = inputs[3]
        history = read_history(history_paths) if history_paths else ()
        analysis = band_margin(
            pool_path,
            criteria_path,
            margin,
            backend=backend,
            history=history,
            time_limit=clock.remaining(),
        )
    if json_path:
        payload = explanation.to_dict(lang)
        if analysis is not None:
            payload["margin"] = analysis.to_dict(lang)
        write_json(payload, json_path, lang)
    if json_path == "-":
        return EXIT_OK
    result = explanation.result
    title = criteria.name or criteria.source
    click.echo(f"{cli_text('table', lang)}: {title}")
    click.echo(explanation.count_text(lang) + ".")
    seats, score = cli_text("seats", lang), cli_text("score", lang)
    click.echo(f"{seats}: {result.seats}; {score}: {result.expertise_score:g}")
    statuses = explanation.providers
    indispensable = [p.id for p in statuses if p.indispensable]
    alternatives = [p.id for p in statuses if p.possible and not p.in_table]
    click.echo(f"{cli_text('indispensable', lang)}: {', '.join(indispensable) or '-'}")
    click.echo(f"{cli_text('alternatives', lang)}: {', '.join(alternatives) or '-'}")
    click.echo(f"{cli_text('decisive', lang)}: {'; '.join(explanation.decisive_cells) or '-'}")
    asked = providers or result.selected
    for identifier in asked:
        click.echo(f"- {explanation.why(identifier, lang)}")
    if not providers:
        outside = sum(1 for p in statuses if not p.possible)
        click.echo(cli_text("explain_hint", lang, count=outside))
    if analysis is not None:
        click.echo(f"{cli_text('margin_title', lang)}: {analysis.sentence(lang)}")
        for near in analysis.near:
            outcome = (
                cli_text("margin_new_table", lang, seats=near.seats, ids=", ".join(near.selected))
                if near.changes and near.selected is not None
                else cli_text("margin_no_table", lang)
                if near.changes
                else cli_text("margin_same", lang)
            )
            click.echo(
                cli_text(
                    "margin_line",
                    lang,
                    id=near.id,
                    dimension=near.dimension,
                    value=format_number(near.value),
                    cut=format_number(near.cut),
                    band=near.band,
                    other=near.other_band,
                    outcome=outcome,
                )
            )
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
        return report_infeasible(exc, problem, options["backend"], json_path, lang)
    pool_path, criteria_path, history_paths = inputs
    payload = seal(
        {
            **result.to_dict(lang),
            "input_hashes": input_hashes(pool_path, criteria_path, history_paths, problem),
        }
    )
    if json_path:
        write_json(payload, json_path, lang)
    if json_path == "-":
        return EXIT_OK
    criteria = problem.provenance
    click.echo(f"{cli_text('lottery_title', lang)}: {criteria.name or criteria.source}")
    click.echo(
        cli_text(
            "lottery_line",
            lang,
            method=result.method,
            tables=len(result.tables),
            seats=result.seats,
            minimum=result.minimum,
        )
    )
    click.echo(cli_text("lottery_highest", lang, maximum=result.maximum))
    if result.max_probability is not None:
        click.echo(cli_text("lottery_cap", lang, cap=result.max_probability))
    if result.forced:
        ids = ", ".join(f.id for f in result.forced)
        click.echo(cli_text("lottery_forced", lang, count=len(result.forced), ids=ids))
    if result.status != "optimal":
        click.echo(cli_text("lottery_status_feasible", lang))
    click.echo(f"{cli_text('probabilities', lang)}:")
    reachable = sorted(result.levels, key=lambda i: (-result.probabilities[i], i))
    width = max((len(i) for i in reachable), default=2)
    names = dict(zip(problem.ids, problem.names, strict=True))
    for identifier in reachable:
        click.echo(
            f"  {identifier:<{width}}  {result.probabilities[identifier]:7.2%}  {names[identifier]}"
        )
    if result.unreachable:
        click.echo(cli_text("unreachable", lang, count=len(result.unreachable)))
    if result.numbered_tables is not None:
        click.echo(
            cli_text(
                "rounding", lang, lots=len(result.numbered_tables), error=result.rounding_error
            )
        )
    click.echo(cli_text("portfolio_saved", lang, sha=payload["portfolio_sha256"]))
    return EXIT_OK


def run_report(
    inputs: tuple[Path, Path, tuple[Path, ...], Path | None],
    outputs: tuple[Path, Path | None, Path | None],
    backend: str,
    time_limit: float | None,
    lang: str,
    margin: float | None = None,
) -> int:
    from tafelselectie.errors import InfeasibleError, require_extra
    from tafelselectie.report import build_report

    pool, criteria, history_paths, lottery_path = inputs
    out_path, xlsx_path, pdf_path = outputs
    if pdf_path is not None:  # before the solve, like the report's own extra
        require_extra("weasyprint", "pdf", "extra_for_pdf")
    problem = load_problem(pool, criteria, lang, history_paths)  # warnings and input errors
    try:
        report = build_report(
            pool,
            criteria,
            history=history_paths,
            lottery=lottery_path,
            lang=lang,
            backend=backend,
            time_limit=time_limit,
            margin=margin,
            problem=problem,  # read once: the report reuses what load_problem built
        )
    except InfeasibleError as exc:
        return report_infeasible(exc, problem, backend, None, lang)
    write_text(out_path, report.html, lang)
    written = [str(out_path)]
    if xlsx_path is not None:
        if xlsx_path.is_dir():
            raise cannot_write(xlsx_path, IsADirectoryError(errno.EISDIR, "Is a directory"))
        OUTPUTS.write(xlsx_path, lang, report.write_xlsx)
        written.append(str(xlsx_path))
    if pdf_path is not None:
        if pdf_path.is_dir():
            raise cannot_write(pdf_path, IsADirectoryError(errno.EISDIR, "Is a directory"))
        OUTPUTS.write(pdf_path, lang, report.write_pdf)
        written.append(str(pdf_path))
    content = report.content
    click.echo(
        cli_text(
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
        raise click.UsageError(cli_text("seed_or_number", lang))
    portfolio = read_portfolio(portfolio_path)
    outcome = draw(portfolio, seed=seed, number=number)
    if json_path:
        write_json(outcome.to_dict(), json_path, lang)
    if json_path == "-":
        return EXIT_OK
    line = cli_text(
        "drawn",
        lang,
        table=outcome.table_number,
        count=len(portfolio["tables"]),
        probability=outcome.probability,
    )
    if outcome.lot_number is not None:
        line += f" ({cli_text('drawn_lot', lang, lot=outcome.lot_number)})"
    click.echo(line)
    if outcome.digest:
        click.echo(f"sha256({outcome.portfolio_sha256}:{outcome.seed}) = {outcome.digest}")
    click.echo(f"{cli_text('selected', lang)}: {', '.join(outcome.selected)}")
    return EXIT_OK


def run_verify(
    portfolio: Path, record: Path, pool: Path | None, criteria: Path | None, lang: str
) -> int:
    from tafelselectie.lottery.draw import verify

    outcome = verify(portfolio, record, pool=pool, criteria=criteria)
    click.echo(cli_text("verify_ok", lang) if outcome.ok else cli_text("verify_failed", lang))
    for what, passed, detail in outcome.checks:
        mark = "ok" if passed else "X"
        click.echo(f"  [{mark}] {cli_text('check_' + what, lang)}: {detail}")
    return EXIT_OK if outcome.ok else EXIT_INFEASIBLE


def load_problem(
    pool_path: Path, criteria_path: Path, lang: str, history_paths: tuple[Path, ...] = ()
) -> Any:
    """Criteria, pool and cells (with the rotation policies applied to the history), with
    warnings for input that has no effect."""
    from tafelselectie.criteria import load_criteria
    from tafelselectie.solve.build import build_problem
    from tafelselectie.solve.rotation import apply_history, read_history

    criteria = load_criteria(criteria_path)
    history = read_history(history_paths) if history_paths else ()
    problem = build_problem(pool_path, criteria)
    if history:
        problem = apply_history(problem, history)
    warn(problem, lang)
    return problem
