"""Validate one journey map: load, model, semantic rules, then the run's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from pydantic import ValidationError

from journeymap.checks import RULES
from journeymap.checks.base import MapContext
from journeymap.diagnostics import Diagnostic, Severity
from journeymap.loader import Document, gc_paused, load
from journeymap.model import JourneyMap
from journeymap.settings import Settings
from journeymap.model_errors import diagnostics_from_errors


@dataclass
class FileResult:
    file: str
    diagnostics: list = field(default_factory=list)
    map: Optional[JourneyMap] = None
    document: Optional[Document] = None


def validate_bytes(raw: bytes, file: str, settings: Settings = Settings()) -> FileResult:
    document = load(raw, file, settings.limits)
    result = FileResult(file, list(document.diagnostics), document=document)
    if document.data is None:
        return _finish(result, settings)
    with gc_paused():
        try:
            journey_map = JourneyMap.model_validate(document.data)
        except ValidationError as exc:
            result.diagnostics.extend(diagnostics_from_errors(exc.errors(include_url=False), document))
            return _finish(result, settings)
        if any(d.severity == Severity.ERROR for d in result.diagnostics):
            return _finish(result, settings)
        result.map = journey_map
        result.diagnostics.extend(run_rules(journey_map, document, settings))
    return _finish(result, settings)


def run_rules(journey_map: JourneyMap, document: Document, settings: Settings) -> list[Diagnostic]:
    context = MapContext(journey_map, settings)
    found = []
    for rule in RULES:
        if rule.CODE in settings.disabled and rule.CODE != "JM104":
            continue
        for finding in rule.check(context):
            path, message, *rest = finding
            on_key = bool(rest and rest[0])
            span = document.key_span(path) if on_key else document.span(path)
            found.append(Diagnostic(rule.CODE, rule.SEVERITY, message, document.file, span, tuple(path)))
    return found


def _finish(result: FileResult, settings: Settings) -> FileResult:
    """Apply the map's suppression comments, disabled codes and level changes, then sort by position."""
    found = result.diagnostics
    if result.document is not None and result.document.text:
        from journeymap.suppressions import scan

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
