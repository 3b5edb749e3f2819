"""Validate one journey map: load, model, semantic rules, then the run's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from journeymap.model import quick as quick_model
from journeymap.checks import RULES
from journeymap.checks.base import MapContext
from journeymap.base.diagnostics import Diagnostic, Severity
from journeymap.load.loader import Document, TooLarge, gc_paused, load
from journeymap.model.records import JourneyMap, from_model
from journeymap.load.settings import Settings


@dataclass
class FileResult:
    file: str
    diagnostics: list = field(default_factory=list)
    map: Optional[JourneyMap] = None
    document: Optional[Document] = None
    # Whether score, report, render, export and diff may use the map: decided from the built-in
    # severities, before the configuration's levels and disables and the suppression comments,
    # which can hide an error from `validate` but never make its maths safe.
    usable: bool = False
    blocking: list = field(default_factory=list)  # the built-in errors that make it unusable
    # The rules' context of a usable map: each touchpoint's estimates and targets, worked out once
    # here and handed down to score, report and export instead of being worked out again.
    context: Optional[MapContext] = None


def validate_bytes(raw: bytes, file: str, settings: Settings = Settings()) -> FileResult:
    document = load(raw, file, settings.limits)
    result = FileResult(file, list(document.diagnostics), document=document)
    if document.data is None:
        return _finish(result, settings)
    with gc_paused():
        journey_map, errors = _read(document.data)
        if journey_map is None:
            from journeymap.model.errors import diagnostics_from_errors  # pydantic's: a broken map only

            explained = {d.path for d in document.diagnostics if d.code == "JM104"}  # e.g. a number too large to read
            result.diagnostics.extend(d for d in diagnostics_from_errors(errors, document) if d.path not in explained)
            result.diagnostics.extend(_rules_despite_structure(errors, document, settings))
            return _finish(result, settings)
        if any(d.severity == Severity.ERROR for d in result.diagnostics):
            return _finish(result, settings)
        result.map = journey_map
        result.context = MapContext(journey_map, settings)
        result.diagnostics.extend(run_rules(journey_map, document, settings, result.context))
    return _finish(result, settings)


def refused(file: str, too_large: TooLarge, settings: Settings = Settings()) -> FileResult:
    """The result for an input its reader refused as over the byte limit: its JM004 finding, settings applied."""
    return _finish(FileResult(file, [too_large.diagnostic(file)]), settings)


def _read(data) -> tuple[Optional[JourneyMap], list[dict]]:
    """The map's records, or pydantic's errors: the quick path first; when it gives up (a broken
    map, or one beyond what it vouches for), the model decides."""
    journey_map = quick_model.build(data)
    if journey_map is not None:
        return journey_map, []
    from pydantic import ValidationError

    from journeymap.model.definition import JourneyMap as Model

    try:
        return from_model(Model.model_validate(data)), []
    except ValidationError as exc:
        return None, exc.errors(include_url=False)


# Required texts a broken map may lack: a stand-in lets the rest of the map be checked.
_STAND_INS = {"name": "?", "title": "?"}


def _rules_despite_structure(errors: list[dict], document: Document, settings: Settings) -> list[Diagnostic]:
    """One run shows every problem: a structural error should not hide the references, ranges
    and journey checks of the parts that did load. Each broken part is set aside (an unknown or
    ill-typed optional field, the one metric or KPI that is wrong, a stand-in for a missing name)
    and the rules run on the rest; what they say about a part set aside is dropped, it already
    has its diagnostic."""
    data, cut = document.data, []
    for error in errors:
        path = _data_path(document.data, error["loc"])
        if path is None:
            return []  # an id, a channel, the format version: nothing sound to check the rest against
        data, part = path
        cut.append(part)
    data = document.data
    for part in cut:
        data = _without(data, part) if part[-1] not in _STAND_INS or part[-2:-1] == ("kpis",) \
            else _with(data, part, _STAND_INS[part[-1]])
    pruned, _errors = _read(data)
    if pruned is None:
        return []
    return [d for d in run_rules(pruned, document, settings)
            if not any(tuple(d.path[:len(part)]) == part for part in cut)]


def _data_path(data, loc: tuple):
    """(data, the part of the map to set aside) for one pydantic error; None when none can be."""
    path = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) \
                and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not path[-1:] == [part] and part in _STAND_INS:
            path.append(part)  # a missing required text
            break
    for anchor in ("satisfaction", "kpis"):
        if anchor in path and len(path) > path.index(anchor) + 1:
            return data, tuple(path[:path.index(anchor) + 2])
    if not path or path[-1] in ("id", "channel", "jmap", "stages", "journey") or isinstance(path[-1], int):
        return None
    return data, tuple(path)


def _with(data, loc: tuple, value):
    """`data` with `value` set at `loc`, copying only the containers along the way."""
    head, rest = loc[0], loc[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _with(copy[head], rest, value) if rest else value
    return copy


def _without(data, loc: tuple):
    """`data` with the key at `loc` removed, copying only the containers along the way."""
    if not loc or not isinstance(data, (dict, list)):
        return data
    head, rest = loc[0], loc[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    try:
        if rest:
            copy[head] = _without(copy[head], rest)
        elif isinstance(copy, dict):
            copy.pop(head, None)
    except (KeyError, IndexError, TypeError):
        return data
    return copy


def run_rules(journey_map: JourneyMap, document: Document, settings: Settings,
              context: Optional[MapContext] = None) -> list[Diagnostic]:
    context = context if context is not None else MapContext(journey_map, settings)
    found = []
    for rule in RULES:
        if rule.CODE in settings.disabled and rule.SEVERITY != Severity.ERROR:
            continue  # errors always run: they decide whether the map is usable (then _finish drops them)
        for finding in rule.check(context):
            path, message, *rest = finding
            on_key = bool(rest and rest[0])
            span = document.key_span(path) if on_key else document.span(path)
            found.append(Diagnostic(rule.CODE, rule.SEVERITY, message, document.file, span, tuple(path)))
    return found


def _finish(result: FileResult, settings: Settings) -> FileResult:
    """Apply the map's suppression comments, disabled codes and level changes, then sort by position."""
    found = result.diagnostics
    result.blocking = [d for d in found if d.severity == Severity.ERROR]
    result.usable = result.map is not None and not result.blocking
    if result.document is not None and result.document.text:
        from journeymap.load.suppressions import scan

        found = scan(result.document).apply(
            found, result.file, settings.report_unused_suppressions, settings.disabled)
    kept = []
    for d in found:
        if d.code in settings.disabled:
            continue
        level = settings.level_of(d.code, d.severity)
        if level != d.severity:
            d = Diagnostic(d.code, level, d.message, d.file, d.span, d.path)
        kept.append(d)
    kept.sort(key=Diagnostic.sort_key)
    result.diagnostics = kept
    return result
