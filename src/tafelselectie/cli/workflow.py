"""``tafelselectie workflow --db FILE ...``: one subcommand per action, plus status, log and
export-public. Argument parsing and output only; the rules live in :mod:`.service`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

# key -> (English, Dutch)


def _w(key: str, lang: str, **params: Any) -> str:
    from tafelselectie.texts.messages import text

    return text(f"wf.{key}", lang, **params)


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        """The package's one date grammar (``YYYY-MM-DD``, :func:`~tafelselectie.io.values.
        parse_iso_date`); anything else is bad input naming the option."""
        from tafelselectie.errors import Problem, UsageError
        from tafelselectie.io.values import parse_iso_date

        if isinstance(value, dt.date):
            return value
        parsed = parse_iso_date(str(value))
        if parsed is None:
            option = " / ".join(param.opts) if param is not None else "date"
            raise UsageError(Problem("usage_date", {"value": str(value)}, key=option))
        return parsed


DATE = _Date()


def add_workflow(cli: click.Group, lang: str) -> None:
    """Attach the ``workflow`` group to the main command line."""
    from tafelselectie.texts.messages import text

    @cli.group("workflow", help=_w("help", lang))
    @click.option(
        "--db", required=True, type=click.Path(path_type=Path, dir_okay=False), help=_w("db", lang)
    )
    @click.option("--as", "actor", metavar="ACTOR", help=_w("as", lang))
    @click.option("--on", "on", type=DATE, help=_w("on", lang))
    @click.pass_context
    def workflow(ctx: click.Context, db: Path, actor: str | None, on: dt.date | None) -> None:
        ctx.obj = {"db": db, "actor": actor, "on": on}

    def action(name: str, run: Callable[..., str]) -> Callable[..., Any]:
        """Wrap a service call: open the database, check --as, print what was made."""

        def callback(ctx: click.Context, **kwargs: Any) -> int:
            from tafelselectie.errors import Problem, WorkflowError

            actor = ctx.obj["actor"]
            if actor is None and name != "init":
                raise WorkflowError([Problem("wf_bad_value", {"reason": _w("need_as", lang)})])
            with _open(ctx.obj["db"], lang) as wf:
                made = run(wf, actor, ctx.obj["on"], **kwargs)
            done = text(f"wf_cmd.{name}.done", lang)
            click.echo(_w("done", lang, action=done, id=made))
            return 0

        return click.pass_context(callback)

    def command(name: str, *decorators: Any) -> Callable[..., Any]:
        def register(run: Callable[..., str]) -> Callable[..., str]:
            function = action(name, run)
            for decorator in reversed(decorators):
                function = decorator(function)
            workflow.command(name, help=text(f"wf_cmd.{name}.help", lang))(function)
            return run

        return register

    text_option = click.option("--text", required=True, help=text("wf_opt.text", lang))
    proposal = click.argument("proposal")
    meeting = click.argument("meeting")

    @command(
        "init",
        click.argument("agreement", type=click.Path(path_type=Path, dir_okay=False)),
    )
    def _init(wf: Any, actor: str | None, on: dt.date | None, agreement: Path) -> str:
        from tafelselectie.workflow.service import load_agreement

        return str(wf.init(load_agreement(agreement), on=on))

    @command(
        "seat",
        click.argument("selection", type=click.Path(path_type=Path, dir_okay=False)),
        click.option("--from", "valid_from", type=DATE, required=True),
        click.option("--until", "valid_until", type=DATE, required=True),
    )
    def _seat(
        wf: Any,
        actor: str,
        on: dt.date | None,
        selection: Path,
        valid_from: dt.date,
        valid_until: dt.date,
    ) -> str:
        return str(wf.seat_table(actor, selection, valid_from, valid_until, on=on))

    @command(
        "submit",
        click.option("--title", required=True),
        text_option,
        click.option("--kind", type=click.Choice(("proposal", "signal")), default="proposal"),
    )
    def _submit(wf: Any, actor: str, on: dt.date | None, title: str, text: str, kind: str) -> str:
        return str(wf.submit(actor, title, text, kind=kind, on=on))

    @command(
        "plan",
        click.option("--date", "date", type=DATE, required=True),
    )
    def _plan(wf: Any, actor: str, on: dt.date | None, date: dt.date) -> str:
        return str(wf.plan_meeting(actor, date, on=on))

    @command("cancel", meeting)
    def _cancel(wf: Any, actor: str, on: dt.date | None, meeting: str) -> str:
        return str(wf.cancel_meeting(actor, meeting, on=on))

    @command("schedule", proposal, meeting)
    def _schedule(wf: Any, actor: str, on: dt.date | None, proposal: str, meeting: str) -> str:
        return str(wf.schedule(actor, proposal, meeting, on=on))

    @command(
        "hold",
        meeting,
        click.option("--present", multiple=True, help=text("wf_opt.present", lang)),
    )
    def _hold(
        wf: Any, actor: str, on: dt.date | None, meeting: str, present: tuple[str, ...]
    ) -> str:
        people = [p.strip() for item in present for p in item.split(",") if p.strip()]
        return str(wf.hold_meeting(actor, meeting, people, on=on))

    @command(
        "preliminary",
        proposal,
        text_option,
    )
    def _preliminary(wf: Any, actor: str, on: dt.date | None, proposal: str, text: str) -> str:
        return str(wf.publish_preliminary(actor, proposal, text, on=on))

    @command("react", proposal, text_option)
    def _react(wf: Any, actor: str, on: dt.date | None, proposal: str, text: str) -> str:
        return str(wf.react(actor, proposal, text, on=on))

    @command(
        "work-out",
        proposal,
        text_option,
        click.option("--changelog", required=True),
    )
    def _work_out(
        wf: Any, actor: str, on: dt.date | None, proposal: str, text: str, changelog: str
    ) -> str:
        return str(wf.work_out(actor, proposal, text, changelog, on=on))

    @command(
        "accept",
        proposal,
        click.option("--amends", metavar="AGREEMENT"),
    )
    def _accept(wf: Any, actor: str, on: dt.date | None, proposal: str, amends: str | None) -> str:
        return str(wf.accept(actor, proposal, amends=amends, on=on))

    @command("reject", proposal, click.option("--reason", required=True))
    def _reject(wf: Any, actor: str, on: dt.date | None, proposal: str, reason: str) -> str:
        return str(wf.reject(actor, proposal, reason, on=on))

    @command("withdraw", proposal)
    def _withdraw(wf: Any, actor: str, on: dt.date | None, proposal: str) -> str:
        return str(wf.withdraw(actor, proposal, on=on))

    @command("minutes", meeting, text_option)
    def _minutes(wf: Any, actor: str, on: dt.date | None, meeting: str, text: str) -> str:
        return str(wf.draft_minutes(actor, meeting, text, on=on))

    @command("redact", meeting)
    def _redact(wf: Any, actor: str, on: dt.date | None, meeting: str) -> str:
        return str(wf.redact_minutes(actor, meeting, on=on))

    @command("publish-minutes", meeting)
    def _publish(wf: Any, actor: str, on: dt.date | None, meeting: str) -> str:
        return str(wf.publish_minutes(actor, meeting, on=on))

    for verb in ("join", "decline"):

        def decide(
            wf: Any,
            actor: str,
            on: dt.date | None,
            agreement: str,
            provider: str | None,
            verb: str = verb,
        ) -> str:
            method = wf.join if verb == "join" else wf.decline
            return str(method(actor, agreement, provider=provider, on=on))

        command(
            verb,
            click.argument("agreement"),
            click.option("--for", "provider", metavar="PROVIDER"),
        )(decide)

    @workflow.command("status", help=text("wf_cmd.status.help", lang))
    @click.option("--json", "as_json", is_flag=True, help=text("wf_opt.json", lang))
    @click.pass_context
    def status_command(ctx: click.Context, as_json: bool) -> int:
        from tafelselectie.workflow.publish import page_words, status

        with _open(ctx.obj["db"], lang) as wf:
            report = status(wf, ctx.obj["on"])
            words = page_words(wf.state, lang)
        name, word = words["name"], words["word"]
        if as_json:
            click.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return 0
        click.echo(report["agreement"])
        members = report["table"]["members"]
        click.echo(
            _w(
                "members",
                lang,
                on=report["on"],
                members=", ".join(map(name, members)) if members else _w("no_table", lang),
            )
        )
        meetings = report["meetings"]
        click.echo(
            _w(
                "meetings",
                lang,
                year=meetings["year"],
                held=meetings["held"],
                minimum=meetings["minimum"],
                planned=meetings["planned_rest_of_year"],
            )
        )
        if not meetings["can_still_meet_minimum"]:
            click.echo(_w("short", lang, minimum=meetings["minimum"]))
        click.echo(f"{_w('open', lang)}:")
        for p in report["open_proposals"] or []:
            extra = (
                f"; {_w('deadline', lang, deadline=p['reaction_deadline'])}"
                if "reaction_deadline" in p
                else ""
            )
            state = word("wf_state", p["state"])
            click.echo(f"  {p['id']}  {state}  {p['title']} ({name(p['author'])}){extra}")
        if not report["open_proposals"]:
            click.echo(f"  {_w('none', lang)}")
        if report["agreements"]:
            click.echo(f"{_w('agreements', lang)}:")
            for a in report["agreements"]:
                click.echo(
                    f"  {a['id']}  {a['title']}  ({_w('joined', lang, count=len(a['joined']))})"
                )
        return 0

    @workflow.command("log", help=text("wf_cmd.log.help", lang))
    @click.option(
        "--visibility",
        type=click.Choice(("public", "table", "municipalities")),
        default="public",
        show_default=True,
        help=text("wf_opt.visibility", lang),
    )
    @click.option("--json", "as_json", is_flag=True, help=text("wf_opt.json", lang))
    @click.pass_context
    def log_command(ctx: click.Context, visibility: str, as_json: bool) -> int:
        from tafelselectie.workflow.publish import page_words

        with _open(ctx.obj["db"], lang) as wf:
            events = wf.events(visibility)
            words = page_words(wf.state, lang)
        if as_json:
            click.echo(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2))
            return 0
        for e in events:
            # what a reader needs of the payload: its title or text, not its internal keys (the
            # whole payload, with stable codes, is in --json)
            said = str(e.payload.get("title") or e.payload.get("text") or "")
            if len(said) > 60:
                said = said[:57] + "..."
            actor, kind = words["name"](e.actor), words["word"]("wf_event", e.kind)
            seen = words["word"]("wf_visibility", e.visibility)
            click.echo(
                f"{e.seq:>5}  {e.on}  {actor:<30} {kind:<32} {e.subject:<8} {seen:<10} {said}"
            )
        return 0

    @workflow.command("export-public", help=text("wf_cmd.export-public.help", lang))
    @click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
    @click.pass_context
    def export_command(ctx: click.Context, directory: Path) -> int:
        from tafelselectie.workflow.publish import export_public

        with _open(ctx.obj["db"], lang) as wf:
            files = export_public(wf, directory, lang)
        click.echo(_w("exported", lang, files=", ".join(str(f) for f in files)))
        return 0


def _open(path: Path, lang: str) -> Any:
    import sqlite3

    from tafelselectie.errors import Problem, WorkflowError
    from tafelselectie.workflow.service import Workflow

    try:
        return Workflow.open(path)
    except sqlite3.Error as exc:
        reason = _w("bad_db", lang, path=path, reason=exc)
        raise WorkflowError(
            [Problem("wf_bad_value", {"reason": reason}, source=str(path))]
        ) from None
