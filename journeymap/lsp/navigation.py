"""Go to definition, find references, rename, the outline and folding, from the loader's spans."""

from __future__ import annotations

import re
from typing import Optional

from lsprotocol import types as lsp

from journeymap.lsp.ids import Occurrence
from journeymap.lsp.positions import node_at, span_of
from journeymap.model.records import SLUG_MAX_LENGTH, SLUG_PATTERN


class RenameRefused(ValueError):
    """A new id the map could not hold, phrased for the user."""


def occurrence_at(state, position: lsp.Position) -> Optional[Occurrence]:
    document = state.result.document
    if document is None or document.data is None:
        return None
    found = node_at(document, position.line, state.lines.column(position))
    return None if found is None else state.ids.at(*found)


def _location(uri: str, state, occurrence: Occurrence) -> lsp.Location:
    return lsp.Location(uri=uri, range=state.lines.range(state.ids.span(occurrence)))


def definition(uri: str, state, position: lsp.Position) -> list[lsp.Location]:
    here = occurrence_at(state, position)
    if here is None:
        return []
    return [_location(uri, state, o) for o in state.ids.of(here.kind, here.id) if o.declares]


def references(uri: str, state, position: lsp.Position, include_declaration: bool) -> list[lsp.Location]:
    here = occurrence_at(state, position)
    if here is None:
        return []
    return [_location(uri, state, o) for o in state.ids.of(here.kind, here.id)
            if include_declaration or not o.declares]


def prepare_rename(state, position: lsp.Position) -> Optional[lsp.Range]:
    here = occurrence_at(state, position)
    return None if here is None else state.lines.range(state.ids.span(here))


def rename(uri: str, state, position: lsp.Position, new_id: str) -> Optional[lsp.WorkspaceEdit]:
    """Edits for the declaration and every reference; RenameRefused for an id the map could not hold."""
    here = occurrence_at(state, position)
    if here is None:
        return None
    if not re.match(SLUG_PATTERN, new_id) or len(new_id) > SLUG_MAX_LENGTH:
        raise RenameRefused(f"{new_id!r} is not an id: ids are lower-case slugs (letters a-z, digits, "
                            f"single - or _ between them, at most {SLUG_MAX_LENGTH} characters)")
    if new_id != here.id and new_id in state.ids.declared(here.kind):
        raise RenameRefused(f"the map already has a {here.kind} {new_id!r}")
    edits = []
    for occurrence in state.ids.of(here.kind, here.id):
        span = state.ids.span(occurrence)
        old = state.lines.text_in(span)
        edits.append(lsp.TextEdit(range=state.lines.range(span), new_text=_written(new_id, old)))
    return lsp.WorkspaceEdit(changes={uri: edits})



def _written(new_id: str, old: str) -> str:
    """The new id in the old one's quotes; quoted where YAML would read it as something else than text."""
    if old[:1] in ("'", '"'):
        return f"{old[0]}{new_id}{old[0]}"
    return new_id if _stays_text(new_id) else f'"{new_id}"'


def _stays_text(plain: str) -> bool:
    from journeymap.load.loader import load

    return load(f"v: {plain}\n".encode(), "").data == {"v": plain}


def symbols(state) -> list[lsp.DocumentSymbol]:
    """The outline: stages, each with its touchpoints."""
    document = state.result.document
    data = document.data if document is not None and isinstance(document.data, dict) else {}
    stages = data.get("stages") if isinstance(data.get("stages"), list) else []
    outline = []
    for s, stage in enumerate(stages):
        if not isinstance(stage, dict) or ("stages", s) not in document.spans:
            continue
        children = []
        touchpoints = stage.get("touchpoints") if isinstance(stage.get("touchpoints"), list) else []
        for t, touchpoint in enumerate(touchpoints):
            here = ("stages", s, "touchpoints", t)
            if isinstance(touchpoint, dict) and here in document.spans:
                children.append(_symbol(state, touchpoint, here, lsp.SymbolKind.Method, []))
        outline.append(_symbol(state, stage, ("stages", s), lsp.SymbolKind.Class, children))
    return outline


def _symbol(state, node: dict, path, kind, children) -> lsp.DocumentSymbol:
    whole = state.lines.range(_trimmed(state, span_of(state.result.document.spans[path])))
    id_path = path + ("id",)
    chosen = state.lines.range(state.result.document.span(id_path)) if id_path in state.result.document.spans else whole
    name = node.get("name")
    return lsp.DocumentSymbol(name=str(node.get("id", "?")), detail=name if isinstance(name, str) else None,
                              kind=kind, range=whole, selection_range=chosen, children=children)


def _trimmed(state, span):
    """A block node's span ends where the next one starts; end it on its own last line instead."""
    from journeymap.base.diagnostics import Span

    line, column = span.end_line, span.end_column
    while line > span.line and not state.lines.line(line - 1)[: column - 1].strip():
        line -= 1
        column = len(state.lines.line(line - 1)) + 1
    return Span(span.line, span.column, line, column)


def folding(state) -> list[lsp.FoldingRange]:
    """One fold per stage (and per touchpoint), from its first line to its last."""
    ranges = []
    for stage in symbols(state):
        for item in [stage] + list(stage.children or []):
            if item.range.end.line > item.range.start.line:
                ranges.append(lsp.FoldingRange(start_line=item.range.start.line, end_line=item.range.end.line,
                                               kind=lsp.FoldingRangeKind.Region))
    return ranges
