"""Turn pydantic's validation errors into JM1xx diagnostics at the offending node."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from journeymap.base.diagnostics import Diagnostic, Severity, format_path
from journeymap.load.loader import Document, value_at
from journeymap.model.definition import SLUG_PATTERN, JourneyMap, ScoreFormError
from journeymap.base.suggest import did_you_mean

_RANGE = {"greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number",
          "too_long", "string_too_long"}
_KIND = {"stages": "stage", "touchpoints": "touchpoint", "personas": "persona", "channels": "channel"}
_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
    "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping", "int_from_float": "a whole number",
    "model_attributes_type": "a mapping", "is_instance_of": "a mapping",
}


def diagnostics_from_errors(errors: list[dict], document: Document) -> list[Diagnostic]:
    found: dict[tuple, Diagnostic] = {}
    for error in errors:
        path, in_union = _clean(error["loc"], document.data, error["type"] == "missing")
        code, message, on_key = _describe(error, path, document.data, in_union)
        span = document.key_span(path) if on_key else document.span(path)
        key = (tuple(path), code) if in_union else (tuple(path), code, message)
        found.setdefault(key, Diagnostic(code, Severity.ERROR, message, document.file, span, tuple(path)))
    return list(found.values())


def _clean(loc: tuple, data: Any, missing: bool) -> tuple[list, bool]:
    """Follow `loc` through the data; a part the data lacks is a union-member tag (errors of one
    union then share the union's own path), except the last part of a missing-field error."""
    path, current = [], data
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif missing and i == len(loc) - 1:
            pass
        else:
            return path, True
        path.append(part)
    return path, False


def _describe(error: dict, path: list, data: Any, in_union: bool) -> tuple[str, str, bool]:
    kind = error["type"]
    name = path[-1] if path and isinstance(path[-1], str) else format_path(path[-2:]) or "map"
    where = _owner(path[:-1], data)
    value = error.get("input")
    if kind == "missing":
        return "JM101", f"{where}field {name!r} is missing", False
    if kind == "value_error" and isinstance(error.get("ctx", {}).get("error"), ScoreFormError):
        problem = error["ctx"]["error"]
        return problem.code, f"{name} {problem}", False
    if kind == "extra_forbidden":
        hint = did_you_mean(name, _allowed_keys(path[:-1])) or _quote_hint(name, path, data)
        return "JM103", f"unknown field {name!r}{hint}", True
    if kind == "too_short" and path == ["stages"]:
        return "JM101", "`stages` must list at least one stage", False
    if kind == "literal_error" and path == ["jmap"]:
        return "JM106", f"unsupported format version {value!r} (this jmap reads 1)", False
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return "JM105", f"{value!r} is not a lower-case slug (letters a-z, digits, '-' or '_' between them)", False
    if kind in _RANGE:
        return "JM104", (f"{format_path(path) or name}: {_lower(error['msg'])} (got {_show(value)})"
                         + _percent_hint(path, value, kind)), False
    if in_union:
        return "JM102", f"{name!r} must be a number, or a mapping from persona id to a number (got {_show(value)})", False
    expected = _EXPECTED.get(kind)
    if expected:
        return "JM102", f"{name!r} should be {expected} (got {_show(value)})", False
    return "JM102", f"{name!r}: {_lower(error['msg'])} (got {_show(value)})", False


def _percent_hint(path: list, value: Any, kind: str) -> str:
    """A CSAT of 78 is 78 %: say so, with the fraction the format wants."""
    is_csat = len(path) >= 2 and path[-2:] in (["csat", "value"], ["targets", "csat"]) or path[-1:] == ["csat"]
    if kind.startswith("less_than") and is_csat and isinstance(value, (int, float)) and 1 < value <= 100:
        return f"; did you mean {value / 100:g}? CSAT is a fraction 0-1"
    return ""


def _quote_hint(name: str, path: list, data: Any) -> str:
    """`segment: Gen Z, mobile first` in a flow mapping splits at ', ' into a key 'mobile first':
    point at the value before it, which needs quotes."""
    mapping = data
    for part in path[:-1]:
        try:
            mapping = mapping[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if not isinstance(mapping, dict) or not isinstance(name, str) or (" " not in name and ":" not in name):
        return ""
    keys = list(mapping)
    before = keys[keys.index(name) - 1] if name in keys and keys.index(name) > 0 else None
    if before is None or not isinstance(mapping[before], str):
        return ""
    return (f" (the value of {before!r} holds ', ' or ': ' and was split there: quote it, "
            f"{before}: \"{mapping[before]}, {name}\")")


def _owner(path: list, data: Any) -> str:
    """`touchpoint 'checkout': ` for messages about a field of that touchpoint."""
    if len(path) >= 2 and isinstance(path[-1], int) and path[-2] in _KIND:
        node = value_at(data, path)
        ident = node.get("id") if isinstance(node, dict) else None
        label = _KIND[path[-2]]
        return f"{label} {ident!r}: " if isinstance(ident, str) else f"{label} {format_path(path)}: "
    if path:
        return f"{format_path(path)}: "
    return ""


def _show(value: Any, width: int = 40) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= width else text[: width - 1] + "…"


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _allowed_keys(path: list) -> list[str]:
    """Field names valid at `path`, found by walking the model classes."""
    current: Any = JourneyMap
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    model = _model_of(current)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: Any) -> Any:
    model = _model_of(annotation)
    if model is not None:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    for candidate in _members(annotation):
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin is list and isinstance(part, int):
            return args[0]
        if origin is dict and isinstance(part, str):
            return args[1]
    return None


def _members(annotation: Any) -> list:
    origin = typing.get_origin(annotation)
    if origin is typing.Union:
        return [m for a in typing.get_args(annotation) for m in _members(a)]
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    return [annotation]


def _model_of(annotation: Any):
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None
