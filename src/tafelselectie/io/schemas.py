"""Typed schemas for the input formats, and their errors as our located messages.

Each input format (criteria, lottery portfolio, draw record, history, basisovereenkomst) declares
its shape once, as pydantic v2 models that are strict (no silent conversions: ``"3"`` is not 3,
``true`` is not 1), forbid unknown keys and are frozen. The cross-field rules stay ours, written as
validators; when one finds several problems it raises them together (:func:`problems_error`).

:func:`validate` turns pydantic's errors into :class:`~tafelselectie.errors.Problem`s with the
codes and keys the messages already have (``criteria_type`` at ``seats.max``: "expected an
integer, got a string"), so a format's message tests do not change when its schema does. The
JSON Schemas published in ``schemas/`` come from the same models (:func:`json_schema`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from tafelselectie.errors import Problem
from tafelselectie.texts.messages import word

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound="BaseModel")
# (code, key suffix relative to where the validator sits, parameters)
Found = tuple[str, str, Mapping[str, object]]

_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a table",
    dt.date: "a date",
    dt.datetime: "a date and time",
    dt.time: "a time",
}
# pydantic's error types for a value of the wrong type, and what was expected
_EXPECTED = {
    "int_type": "an integer",
    "string_type": "a string",
    "float_type": "a number",
    "bool_type": "a boolean",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "date_type": "a date",
    "int_from_float": "an integer",
}


def words(english: str) -> dict[str, str]:
    """A type description in both languages (rendered in the message's language)."""
    return {"en": english, "nl": word(english, "nl")}


def type_name(value: object) -> dict[str, str]:
    for kind in (bool, dt.datetime, dt.date, dt.time, int, float, str, list, dict):
        if isinstance(value, kind):
            return words(_TYPE_NAMES[kind])
    return words(type(value).__name__)


def problems_error(found: Sequence[Found]) -> Exception:
    """What a validator raises for several problems at once; :func:`validate` unpacks them."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(
        "problems", "{count} problems", {"count": len(found), "found": found}
    )


def refuse_day_first(value: object, code: str) -> None:
    """Raise ``code`` when ``value`` is a date written day first ("01-02-2026"), with the ISO
    form to write in the message (``{value}``, ``{iso}``); a date is never read that way
    (``1-2-2026`` is 2 January to a reader in the US). The one check of every date field."""
    from pydantic_core import PydanticCustomError

    from tafelselectie.io.values import day_first_as_iso

    iso = day_first_as_iso(value)
    if iso is not None:
        raise PydanticCustomError(code, "a date written day first", {"value": value, "iso": iso})


@dataclass(frozen=True)
class Codes:
    """How one format's schema errors become its messages.

    ``prefix`` names the generic codes (``{prefix}_type``, ``_unknown_key``, ``_missing_key``,
    ``_negative``, ``_too_large``, ``_choice``, ``_empty_list``, ``_empty_value``,
    ``_not_finite``). ``range_codes`` gives a field whose bounds mean something else its own code
    (``min_expertise_share`` -> ``criteria_share``); ``expected`` a field's type described better
    than pydantic's "a list" (``values`` -> "a list of strings").
    """

    prefix: str
    range_codes: Mapping[str, str] = field(default_factory=dict)
    expected: Mapping[str, str] = field(default_factory=dict)
    # formats whose every shape error is one code "expected {expected}" (portfolio_key,
    # history_key): then ``expected`` describes each field, and this names the code
    single: str | None = None


def default_key(loc: Sequence[str | int], data: object) -> str:
    """``("seats", "max")`` -> ``seats.max``; list positions as ``[i]`` (from 0)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out


def _field_names(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The model fields on the way to ``loc`` (not list positions or a table's own keys)."""
    names: list[str] = []
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if isinstance(part, str) and fields is not None and part in fields:
            names.append(part)
            current = _model_in(fields[part].annotation)
    return names


def _plain(number: object) -> object:
    """1000000.0 as 1000000 in a message: the bound was written as a whole number."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def _allowed(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    """The keys allowed where an unknown key ``loc[-1]`` was found."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return ""
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", {})
    return ", ".join(info.alias or name for name, info in fields.items())


def _model_in(annotation: Any) -> Any:
    """The model class inside ``Model``, ``list[Model]``, ``Model | None`` and the like."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def schema_problems(
    error: ValidationError,
    model: type[BaseModel],
    data: object,
    source: str,
    codes: Codes,
    key_of: Callable[[Sequence[str | int], object], str] = default_key,
) -> list[Problem]:
    """pydantic's errors as our located problems, in the order pydantic found them."""
    out: list[Problem] = []
    prefix = codes.prefix
    for item in error.errors(include_url=False):
        # dict keys carry a "[key]" marker in their location; the key itself names the place
        loc = [p for p in item["loc"] if p != "[key]"]
        kind = item["type"]
        ctx = item.get("ctx") or {}
        value = item.get("input")
        key = key_of(loc, data)
        path = _field_names(model, loc)
        name = path[-1] if path else ""

        def add(code: str, where: str = key, **params: object) -> None:
            out.append(Problem(code, params, source=source, key=where))

        if kind == "problems":
            for code, suffix, params in ctx["found"]:
                add(code, f"{key}{suffix}" if key else suffix.lstrip("."), **params)
        elif kind.startswith(f"{prefix}_"):
            add(kind, **ctx)
        elif codes.single is not None:
            expected = codes.expected.get(name) or _EXPECTED.get(kind, "a valid value")
            add(codes.single, expected=words(expected))
        elif kind == "extra_forbidden":
            add(f"{prefix}_unknown_key", allowed=_allowed(model, loc))
        elif kind == "missing":
            add(f"{prefix}_missing_key")
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            # the nearest field on the path with a code of its own ("share" for share[1].min)
            special = next(
                (codes.range_codes[f] for f in reversed(path) if f in codes.range_codes), None
            )
            if special is not None:
                limit = ctx.get("le", ctx.get("lt", ctx.get("ge", ctx.get("gt"))))
                add(special, value=value, maximum=_plain(abs(limit)) if limit is not None else None)
            elif kind.startswith("greater"):
                add(f"{prefix}_negative", value=value)
            else:
                add(
                    f"{prefix}_too_large", value=value, maximum=_plain(ctx.get("le", ctx.get("lt")))
                )
        elif kind == "finite_number":
            add(f"{prefix}_not_finite")
        elif kind == "literal_error":
            allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            add(f"{prefix}_choice", value=value, allowed=allowed)
        elif kind == "too_short":
            add(f"{prefix}_empty_list")
        elif kind == "string_pattern_mismatch":
            add(f"{prefix}_empty_value")
        else:
            expected = _EXPECTED.get(kind, "a valid value")
            if kind in ("list_type", "dict_type", "model_type", "tuple_type"):
                # an item of a list field ("bands[0]") may have a description of its own
                is_item = bool(loc) and isinstance(loc[-1], int)
                own = codes.expected.get(f"{name}[]") if is_item else None
                expected = own or codes.expected.get(name, expected)
            add(f"{prefix}_type", expected=words(expected), got=type_name(value))
    return out


def validate(
    model: type[Model],
    data: object,
    source: str,
    codes: Codes,
    key_of: Callable[[Sequence[str | int], object], str] = default_key,
) -> tuple[Model | None, list[Problem]]:
    """``data`` checked against ``model``: the value, or None and every problem found."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, schema_problems(exc, model, data, source, codes, key_of)


def json_schema(model: type[BaseModel], title: str, identifier: str, *, toml: bool = False) -> str:
    """The JSON Schema (draft 2020-12) of ``model`` as published in ``schemas/``.

    For a TOML format (``toml=True``) optional keys are written without their ``null``
    alternative: TOML has no null, and an absent key is how a file says "none".
    """
    from pydantic.json_schema import GenerateJsonSchema

    class _TomlSchema(GenerateJsonSchema):
        def nullable_schema(self, schema: Any) -> Any:
            return self.generate_inner(schema["schema"])

    generator = _TomlSchema if toml else GenerateJsonSchema
    schema = model.model_json_schema(mode="validation", schema_generator=generator)
    _describe_fields(schema, model)
    if toml:
        schema = _without_null_defaults(schema)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": identifier,
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstring written under each annotated field of ``cls`` (PEP 257's "attribute
    docstrings"), read from its source.

    The models describe their keys this way; pydantic can read them itself
    (``use_attribute_docstrings``) but then does so when the class is created, which cost 68 ms of
    every command's start for 13 classes. Only the published schema needs them, so it reads them
    here."""
    import ast
    import inspect
    import textwrap

    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a frozen or generated class): no descriptions
        return {}
    body = ast.parse(source).body[0]
    if not isinstance(body, ast.ClassDef):
        return {}
    out: dict[str, str] = {}
    for statement, following in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            out[statement.target.id] = inspect.cleandoc(following.value.value)
    return out


def _describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Each property's ``description`` from its field's attribute docstring, in ``schema`` (the
    root model) and its ``$defs`` (models of the same module, by name)."""
    import sys

    module = vars(sys.modules[model.__module__])
    targets = [
        (schema, model),
        *((d, module.get(name)) for name, d in schema.get("$defs", {}).items()),
    ]
    for node, cls in targets:
        if not isinstance(cls, type):
            continue
        described = {}
        for klass in reversed(cls.__mro__):  # a subclass's docstring wins
            if klass.__module__ == model.__module__:
                described.update(attribute_docstrings(klass))
        for name, text in described.items():
            prop = node.get("properties", {}).get(name)
            if isinstance(prop, dict) and "description" not in prop:
                prop["description"] = text
                # pydantic writes a property's keys in sorted order; keep that order
                node["properties"][name] = dict(sorted(prop.items()))


def _without_null_defaults(node: Any) -> Any:
    if isinstance(node, dict):
        # in a JSON Schema a None can only be a default (or part of one): TOML has no such value
        return {k: _without_null_defaults(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_without_null_defaults(v) for v in node]
    return node
