"""The journey map as pydantic models, made from the one definition in `records.py`: the published
JSON Schema, and the diagnostics for a map that is broken.

A valid map is read by `quick.py` without importing this module (pydantic costs more to import
than a small run takes). Each record class becomes a model of the same name, fields, defaults,
descriptions and methods; each kind in `kinds.py` becomes the pydantic type below.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from journeymap import SCHEMA_URL
from journeymap.model import kinds as k
from journeymap.model import records as r
from journeymap.model.records import (  # noqa: F401  (SLUG_PATTERN, FORMAT_VERSION, ScoreFormError: re-exported)
    FORMAT_VERSION, SLUG_PATTERN, ScoreFormError, form_problem, no_bool_version, whole_float_to_int)


class Strict(BaseModel):
    """Unknown keys are errors (a typo must never be ignored); NaN and infinity are not numbers here."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)


def _given(key: str) -> dict:
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _forms_schema(forms) -> dict:
    """JSON Schema for "exactly one complete form, and no field of another form"."""
    keys = [key for form in forms for key in form]
    branches = []
    for form in forms:
        others = [key for key in keys if key not in form]
        branch = {"allOf": [_given(key) for key in form]}
        branch["not"] = {"anyOf": [_given(key) for key in others]}
        branches.append(branch)
    return {"oneOf": branches}


def _rules(record: type) -> Any:
    """A model validator for the record's FORMS (exactly one complete form: JM101 when none or
    half, JM102 when mixed), then for its own cross-field rule (`_problem`)."""
    forms, fields, own_problem = record.FORMS, record.FIELDS, record._problem

    def check(self):
        problem = form_problem({key: getattr(self, key) for form in forms for key in form}, forms) if forms else None
        if problem is None:
            problem = own_problem({name: getattr(self, name) for name in fields})
        if problem is not None:
            raise problem
        return self

    return model_validator(mode="after")(check)


def _bounds(low, high) -> dict:
    return {name: bound for name, bound in (("ge", low), ("le", high)) if bound is not None}


def annotation(kind: Any, models: Dict[str, type]) -> Any:
    """The pydantic type of a kind (`models` holds the models made so far, by record name)."""
    if isinstance(kind, type) and issubclass(kind, r.Record):
        return models[kind.__name__]
    if isinstance(kind, k.Pattern):
        return Annotated[str, StringConstraints(pattern=kind.regex, max_length=kind.max_length)]
    if isinstance(kind, k.Text):
        return str if kind.empty_ok else Annotated[str, StringConstraints(min_length=1)]
    if isinstance(kind, k.Number):
        bounds = _bounds(kind.low, kind.high)
        return Annotated[float, Field(**bounds)] if bounds else float
    if isinstance(kind, k.Whole):  # constraint first: pydantic then publishes it as `minimum`/`maximum`
        return Annotated[int, Field(ge=kind.low, le=kind.high), BeforeValidator(whole_float_to_int)]
    if isinstance(kind, k.Flag):
        return bool
    if isinstance(kind, k.Choice):
        return Literal[kind.options]  # type: ignore[valid-type]
    if isinstance(kind, k.Version):
        return Annotated[Literal[kind.number], BeforeValidator(no_bool_version)]  # type: ignore[valid-type]
    if isinstance(kind, k.ListOf):
        return List[annotation(kind.item, models)]  # type: ignore[misc]
    if isinstance(kind, k.MapOf):
        return Dict[annotation(kind.key, models), annotation(kind.value, models)]  # type: ignore[misc]
    if isinstance(kind, k.OneOf):
        return Union[tuple(annotation(member, models) for member in kind.kinds)]
    if isinstance(kind, k.Shorthand):
        model = models[kind.record.__name__]
        return Annotated[model, BeforeValidator(kind.expand, json_schema_input_type=Union[annotation(kind.short, models), model])]
    raise TypeError(f"no pydantic type for {kind!r}")


def _to_model(value: Any, models: Dict[str, type]) -> Any:
    """A record default (Scale(min=1, max=5)) as the model instance pydantic publishes."""
    if isinstance(value, r.Record):
        return models[type(value).__name__](**{name: _to_model(getattr(value, name), models) for name in value.FIELDS})
    return value


def _field(spec: r.Field, models: Dict[str, type]) -> tuple:
    """(annotation, default) of one field, as a hand-written pydantic model would declare it."""
    kind = spec.kind
    extra = {"description": spec.description} if spec.description else {}
    if isinstance(kind, k.ListOf) and kind.min_items:
        extra["min_length"] = kind.min_items
    type_ = annotation(kind, models)
    if spec.required:
        return type_, Field(**extra)
    if spec.optional:
        return Optional[type_], Field(None, **extra)
    if spec.fresh:
        return type_, Field(default_factory=spec.fresh, **extra)
    return type_, Field(_to_model(spec.default, models), **extra)


def _methods(record: type) -> dict:
    """The record's own behaviour (JourneyMap.touchpoints, Targets.given), so both faces answer alike."""
    return {name: value for name, value in vars(record).items()
            if callable(value) and not name.startswith("_") and not isinstance(value, type)}


def build_models(records: typing.Iterable[type]) -> Dict[str, type]:
    """One pydantic model per record class, each after the records it holds."""
    models: Dict[str, type] = {}
    for record in records:
        namespace: Dict[str, Any] = {"__module__": __name__, "__qualname__": record.__name__,
                                     "__doc__": record.__doc__, "__annotations__": {}}
        for name, spec in record.SHAPE.items():
            namespace["__annotations__"][name], namespace[name] = _field(spec, models)
        if record.FORMS:
            namespace["model_config"] = ConfigDict(json_schema_extra=_forms_schema(record.FORMS))
        if record.FORMS or record._problem is not r.Record._problem:
            namespace["_rules"] = _rules(record)
        namespace.update(_methods(record))
        models[record.__name__] = type(record.__name__, (Strict,), namespace)
    return models


MODELS = build_models(r.RECORDS.values())
globals().update(MODELS)  # Journey, Targets, …, JourneyMap: importable by name, as hand-written models would be
JourneyMap: Any = MODELS["JourneyMap"]


def _on_every_touchpoint(constraint: dict) -> dict:
    return {"properties": {"stages": {"items": {"properties": {"touchpoints": {"items": constraint}}}}}}


def default_scale_rules() -> list[dict]:
    """Where a map declares no scale for a metric, the default one holds: 5 CSAT counts, 11 NPS
    counts, 7 CES counts, an emotion in -2..2. Conditions on the whole document, so that an
    editor with the schema alone catches what JM104 reports; a declared scale lifts its rule."""
    from journeymap.scoring.estimates import METRICS, answers

    defaults = MODELS["Scales"]()
    rules = []
    for metric in METRICS:
        count = answers(metric, defaults)
        counts = {"properties": {"counts": {"minItems": count, "maxItems": count}}}
        rules.append({
            "if": {"required": ["scales"], "properties": {"scales": {"required": [metric]}}},
            "else": _on_every_touchpoint({"properties": {"satisfaction": {"properties": {metric: counts}}}})})
    bounds = {"minimum": defaults.emotion.min, "maximum": defaults.emotion.max}
    rules.append({
        "if": {"required": ["scales"], "properties": {"scales": {"required": ["emotion"]}}},
        "else": _on_every_touchpoint({"properties": {"emotion": {**bounds, "additionalProperties": bounds}}})})
    return rules


def json_schema() -> dict:
    schema = JourneyMap.model_json_schema()
    schema["allOf"] = default_scale_rules()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_URL
    schema["title"] = "jmap journey map"
    return schema


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
