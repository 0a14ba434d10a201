"""MkDocs hook: pages that are generated from the code, so they cannot drift from it.

* ``<!-- criteria-reference -->`` becomes the reference of the criteria file, from the JSON
  Schema that ``tafelselectie schema criteria`` prints (the published ``schemas/`` file);
* ``<!-- cli-reference -->`` becomes the help of every command and option, from the command line
  itself (English).

A schema construct this hook does not know is an error, not a silent gap in the reference.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

CRITERIA = "<!-- criteria-reference -->"
CLI = "<!-- cli-reference -->"


# The docstrings cross-reference in reStructuredText roles (:class:`~a.b.C`), which the
# docstring renderer leaves as text: keep the name as code, drop the role and the "~" module path.
ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data):<code>~?(?:[\w.]+\.)?([^<]*)</code>")


def on_page_content(html: str, **_: Any) -> str:
    return ROLE.sub(lambda match: f"<code>{match.group(1)}</code>", html)


def on_page_markdown(markdown: str, **_: Any) -> str:
    if CRITERIA in markdown:
        markdown = markdown.replace(CRITERIA, criteria_reference())
    if CLI in markdown:
        markdown = markdown.replace(CLI, cli_reference())
    return markdown


# ---- the criteria file, from its JSON Schema -------------------------------------------------


def criteria_reference() -> str:
    from tafelselectie.cli.schemas import schema_text

    schema = json.loads(schema_text("criteria"))
    definitions = schema["$defs"]
    lines = ["## Top level", "", _table(schema, definitions)]
    for key, spec in schema["properties"].items():
        target = _target(spec, definitions)
        if target is None:
            continue
        _name, definition = target
        array = spec.get("type") == "array"
        heading = f"[[{key}]]" if array else f"[{key}]"
        lines += ["", f"## `{heading}`", ""]
        if definition.get("description"):
            lines += [_inline(definition["description"]), ""]
        lines.append(_table(definition, definitions))
        for inner_key, inner in definition.get("properties", {}).items():
            nested = _target(inner, definitions)
            if nested is not None:
                _inner_name, inner_definition = nested
                lines += ["", f"### `[[{key}.{inner_key}]]`", ""]
                if inner_definition.get("description"):
                    lines += [_inline(inner_definition["description"]), ""]
                lines.append(_table(inner_definition, definitions))
    return "\n".join(lines) + "\n"


def _target(spec: dict[str, Any], definitions: dict[str, Any]) -> tuple[str, Any] | None:
    """The definition an object or array-of-objects key refers to, if any."""
    for candidate in (spec, spec.get("items", {})):
        ref = candidate.get("$ref")
        if ref is not None:
            name = ref.rsplit("/", 1)[-1]
            return name, definitions[name]
    return None


def _table(definition: dict[str, Any], definitions: dict[str, Any]) -> str:
    required = set(definition.get("required", ()))
    rows = ["| key | type | default | what |", "|---|---|---|---|"]
    for key, spec in definition.get("properties", {}).items():
        kind = _type(spec, definitions)
        default = "required" if key in required else _default(spec)
        what = _inline(spec.get("description", "") or _description_of_ref(spec, definitions))
        limits = _limits(spec)
        if limits:
            what = f"{what} ({limits})" if what else limits
        rows.append(f"| `{key}` | {kind} | {default} | {what} |")
    return "\n".join(rows)


def _description_of_ref(spec: dict[str, Any], definitions: dict[str, Any]) -> str:
    target = _target(spec, definitions)
    return "" if target is None else str(target[1].get("description", ""))


def _type(spec: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in spec:
        return "table"
    if "anyOf" in spec:
        kinds = [_type(option, definitions) for option in spec["anyOf"]]
        return " or ".join(k for k in kinds if k != "null")
    if "enum" in spec:
        return " or ".join(f'`"{v}"`' for v in spec["enum"])
    if "const" in spec:
        return f'`"{spec["const"]}"`'
    kind = spec.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        items = spec.get("items", {})
        return "list of tables" if "$ref" in items else f"list of {_type(items, definitions)}s"
    if kind == "object":
        return f"table of value = {_type(_values(spec), definitions)}"
    if kind == "string" and spec.get("format") == "date":
        return "date"
    if kind in ("string", "integer", "number", "boolean"):
        return str(kind)
    raise ValueError(f"the criteria reference does not know this schema construct: {spec}")


def _values(spec: dict[str, Any]) -> dict[str, Any]:
    """The schema of the values of a table keyed by value (``min = { jeugd = 2 }``)."""
    patterns = list(spec.get("patternProperties", {}).values())
    values = spec.get("additionalProperties") or (patterns[0] if len(patterns) == 1 else None)
    if not isinstance(values, dict):
        raise ValueError(f"the criteria reference does not know this schema construct: {spec}")
    return values


def _default(spec: dict[str, Any]) -> str:
    if "default" not in spec:
        return "empty" if spec.get("type") in ("array", "object") else "-"
    value = spec["default"]
    if isinstance(value, dict | list) and not value:
        return "empty"
    if isinstance(value, dict):
        return "see below"
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _limits(spec: dict[str, Any]) -> str:
    if spec.get("type") == "object":
        spec = _values(spec)
    elif spec.get("type") == "array":
        spec = {**spec.get("items", {}), **{k: v for k, v in spec.items() if k == "minItems"}}
    options = spec.get("anyOf", [spec])
    parts: list[str] = []
    for option in options:
        if "minimum" in option:
            parts.append(f"at least {option['minimum']}")
        if "exclusiveMinimum" in option:
            parts.append(f"above {option['exclusiveMinimum']}")
        if "maximum" in option:
            parts.append(f"at most {option['maximum']:,}")
        if "minItems" in option:
            parts.append(f"at least {option['minItems']} item")
    return ", ".join(parts)


def _inline(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


# ---- the command line, from its own help -----------------------------------------------------


def cli_reference() -> str:
    from tafelselectie.cli.app import build_cli

    root = build_cli("en")
    lines: list[str] = []
    for path, command in _commands(root, ["tafelselectie"]):
        lines += [f"## `{' '.join(path[1:]) or path[0]}`", ""]
        with click.Context(command, info_name=" ".join(path)) as context:
            lines += ["```text", command.get_help(context), "```", ""]
    return "\n".join(lines)


def _commands(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += _commands(command.commands[name], [*path, name])
    return found
