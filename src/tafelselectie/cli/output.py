"""The command line's output: staged atomic files, JSON and tables on standard output, problems
on standard error, and click's usage errors in the user's language."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import click

from tafelselectie.backends.base import Status
from tafelselectie.cli.constants import MAX_PROBLEM_LINES


def cli_text(key: str, lang: str, **params: Any) -> str:
    from tafelselectie.texts.messages import text

    return text(f"cli.{key}", lang, **params)


class StagedOutputs:
    """The files one command writes, each first to a temporary file.

    Only when the whole command has succeeded are they moved into place; when anything fails
    they are removed. So a failed command never leaves a file behind that claims a result (a
    JSON saying ``optimal`` beside a missing CSV), and an earlier good file at that path is kept
    as it was. A new or regular file is replaced (``os.replace`` from beside it, atomic on one
    file system). Anything else at the path is written into, never replaced: a device such as
    ``/dev/null`` (which a replace by root would turn into a regular file, for every program on
    the machine), a named pipe, ``/dev/stdout``, or a symbolic link, whose target gets the
    content and which stays a link.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def write(self, path: Path, lang: str, writer: Any) -> None:
        """Call ``writer(temporary_path)`` and stage its file for ``path``."""
        import tempfile

        # a file written into is staged in the temporary directory: beside /dev/null, say,
        # a user may not create files, and should not
        directory = None if _written_into(path) else (path.parent or ".")
        try:
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
            os.close(handle)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        temporary = Path(name)
        self.staged.append((temporary, path))
        try:
            writer(temporary)
        except OSError as exc:
            raise cannot_write(path, exc) from None

    def commit(self, lang: str) -> None:
        import shutil

        try:
            for temporary, target in self.staged:
                if target.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(target))
                if _written_into(target):
                    with temporary.open("rb") as source, target.open("wb") as sink:
                        shutil.copyfileobj(source, sink)
                    continue
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
        except OSError as exc:
            raise cannot_write(target, exc) from None
        finally:
            self.discard()

    def discard(self) -> None:
        import contextlib

        for temporary, _ in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.staged = []


def _written_into(path: Path) -> bool:
    """Whether ``path`` is written into rather than replaced: it exists (or is a link, even a
    broken one) and is not a regular file of its own (a device, a pipe, a link)."""
    if path.is_symlink():
        return True
    return path.exists() and not path.is_file() and not path.is_dir()


OUTPUTS = StagedOutputs()


def cannot_write(path: Path, exc: OSError) -> Exception:
    """An :class:`~tafelselectie.errors.OutputError` for ``path``, with the operating system's
    reason in both languages (its own text is English)."""
    from tafelselectie.errors import OutputError, Problem

    name = errno.errorcode.get(exc.errno or 0, "")
    from tafelselectie.texts.messages import catalogue

    english, dutch = catalogue().get(f"os.{name}", (exc.strerror or str(exc),) * 2)
    reason = {"en": english, "nl": dutch}
    return OutputError(Problem("output_cannot_write", {"path": str(path), "reason": reason}))


def write_text(path: Path, text: str, lang: str) -> None:
    if path.is_dir():
        raise cannot_write(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    OUTPUTS.write(path, lang, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def write_json(payload: dict[str, Any], json_path: str, lang: str) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    if json_path == "-":
        click.echo(text)
    else:
        write_text(Path(json_path), text + "\n", lang)


def _percent(fraction: float, lang: str) -> str:
    """0.5026 as "50.3%" (English) or "50,3%" (Dutch)."""
    text = f"{fraction * 100:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def print_table(result: Any, lang: str) -> None:
    problem = result.problem
    criteria = problem.provenance
    title = criteria.name or criteria.source
    peildatum = problem.peildatum.isoformat() if problem.peildatum else "-"
    click.echo(f"{cli_text('table', lang)}: {title} ({cli_text('peildatum', lang)} {peildatum})")
    click.echo(f"{cli_text('status', lang)}: {cli_text('status_' + result.status.value, lang)}")
    click.echo(f"{cli_text('seats', lang)}: {result.seats} ({minimum_detail(result, lang)})")
    if problem.has_scores:
        click.echo(f"{cli_text('score', lang)}: {result.expertise_score:g}")
    for share in result.shares():
        bounds = []
        if share["min"] is not None:
            bounds.append(cli_text("share_min", lang, share=_percent(share["min"], lang)))
        if share["max"] is not None:
            bounds.append(cli_text("share_max", lang, share=_percent(share["max"], lang)))
        where = share["column"] + (
            f" | {share['dimension']}={share['per']}" if share["per"] else ""
        )
        held = _percent(share["share"], lang)
        click.echo(cli_text("share_line", lang, where=where, share=held, bounds=", ".join(bounds)))
    click.echo(f"{cli_text('selected', lang)}:")
    width = max((len(i) for i in result.selected), default=2)
    for i in sorted(result.chosen, key=lambda i: problem.ids[i]):
        cells = cli_text("cells_count", lang, count=len(result.cells_of(i)))
        flag = f", {cli_text('included', lang)}" if i in problem.include else ""
        click.echo(f"  {problem.ids[i]:<{width}}  {problem.names[i]}  ({cells}{flag})")
    seconds = sum(result.timings.values())
    click.echo(
        cli_text(
            "backend_line", lang, backend=result.backend, solves=result.solves, seconds=seconds
        )
    )


def minimum_detail(result: Any, lang: str) -> str:
    """What stage 1 proved: the fewest seats (or the lowest cost, with a cost column), or,
    when the time limit stopped it, the range its bound and its table leave."""
    unit = result.problem.unit_costs
    kind = "seats_detail" if unit else "cost_detail"
    high = result.minimum_seats if unit else result.minimum_cost
    first = result.stages[0] if result.stages else None
    low = None if first is None or first.bound is None else int(first.bound)
    proven = first is None or first.name != "seats" or first.status is Status.OPTIMAL
    if proven or (low is not None and low >= high):  # a bound that meets the table proves it
        return cli_text(kind, lang, minimum=high)
    if low is not None:
        return cli_text(f"{kind}_between", lang, low=low, high=high)
    return cli_text(f"{kind}_at_most", lang, high=high)


def warn(problem: Any, lang: str) -> None:
    """Input that is accepted but has no effect: one line each on standard error."""
    prefix = cli_text("warning", lang)
    for warning in problem.warnings:
        click.echo(f"{prefix}: {warning.render(lang)}", err=True)


def usage_nl(kind: str, **params: object) -> str:
    from tafelselectie.texts.messages import text

    return text(f"usage.{kind}", "nl", **params)


def usage_text(exc: click.UsageError, lang: str) -> str:
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
        return usage_nl(kind, name=name or exc.param_hint or "?")
    if isinstance(exc, click.NoSuchOption):
        text = usage_nl("no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += usage_nl("did_you_mean", names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, click.BadOptionUsage):
        return usage_nl("needs_value", name=exc.option_name)
    if isinstance(exc, click.BadParameter):
        hint = name or str(exc.param_hint or "?")
        text = usage_nl("bad_value", name=hint)
        param_type = getattr(param, "type", None)
        if isinstance(param_type, click.Choice):
            choices = ", ".join(str(c) for c in param_type.choices)
            return text + usage_nl("choose_from", value=value, choices=choices)
        if isinstance(param_type, (click.IntRange, click.FloatRange)) and "range" in message:
            return text + usage_nl("in_range", range=param_type._describe_range())
        if isinstance(param_type, click.types.IntParamType):
            return text + usage_nl("whole_number", value=value)
        if isinstance(param_type, click.types.FloatParamType):
            return text + usage_nl("number", value=value)
        return text + ": " + exc.message
    command = re.match(r"No such command '([^']*)'(?:\. Did you mean '([^']*)')?", message)
    if command:
        text = usage_nl("no_such_command", name=repr(command.group(1)))
        if command.group(2):
            text += usage_nl("did_you_mean", names=command.group(2))
        return text
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return usage_nl("extra_arguments", names=extra.group(1))
    return message


def problem_lines(lines: list[str], lang: str) -> None:
    prefix = cli_text("error", lang)
    for line in lines[:MAX_PROBLEM_LINES]:
        click.echo(f"{prefix}: {line}", err=True)
    if len(lines) > MAX_PROBLEM_LINES:
        more = cli_text("more", lang, count=len(lines) - MAX_PROBLEM_LINES)
        click.echo(f"{prefix}: {more}", err=True)
