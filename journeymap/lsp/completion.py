"""Completion: the format's keys with their documentation, declared ids where an id belongs
(`channel:`, `personas:`, `next:`), and metric names.

What to offer is read from the text around the cursor, not from the parsed document: the
line being typed rarely parses. The keys and their documentation come from the model, the
one definition of the format.
"""

from __future__ import annotations

import re
import typing
from typing import Optional

from lsprotocol import types as lsp

from journeymap.lsp import ids

LIST_ITEM = "-"
ID_KEYS = {"channel": ids.CHANNEL, "personas": ids.PERSONA, "next": ids.TOUCHPOINT}
TOUCHPOINT_PATH = ("stages", LIST_ITEM, "touchpoints", LIST_ITEM)
# The KPI names the format itself speaks of (the Kpi model's `better` documentation); the map's own come first.
KNOWN_KPIS = ("conversion_rate", "click_through_rate", "bounce_rate", "cart_abandonment", "drop_off", "churn")

_KEY = re.compile(r"""(?P<key>[^\s:#'"{}\[\],-][^:#{}\[\],]*?)\s*:(?:\s+(?P<value>.*))?\Z""")
_VALUE = re.compile(r"^\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*):\s+(?P<value>.*)\Z")
_BARE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<word>[\w-]*)\Z")


def complete(state, ids_from, position: lsp.Position) -> list[lsp.CompletionItem]:
    """`ids_from`: the latest state whose text parsed, for the ids of a map being typed."""
    lines = state.lines.lines
    line = lines[position.line] if position.line < len(lines) else ""
    before = line[: state.lines.column(position)]
    value = _VALUE.match(before)
    if value is not None:
        path = enclosing(lines, position.line, len(before) - len(before.lstrip()) + _dashes(before))
        kind = ID_KEYS.get(value["key"])
        if kind is not None and path is not None and tuple(path) == TOUCHPOINT_PATH:
            return _ids(ids_from, kind)
        return []
    bare = _BARE.match(before)
    if bare is None:
        return []
    indent = len(bare["indent"])
    if bare["dash"]:
        path = enclosing(lines, position.line, indent)
        if path is not None and len(path) == len(TOUCHPOINT_PATH) + 1 and tuple(path[:-1]) == TOUCHPOINT_PATH \
                and path[-1] in ("personas", "next"):
            return _ids(ids_from, ID_KEYS[path[-1]])
        path = None if path is None else path + [LIST_ITEM]
    else:
        path = enclosing(lines, position.line, indent)
    return [] if path is None else keys(path, ids_from)


def _dashes(text: str) -> int:
    match = re.match(r"\s*((?:-\s+)*)", text)
    return len(match.group(1))


def enclosing(lines: list[str], row: int, column: int) -> Optional[list[str]]:
    """The keys (and LIST_ITEM for a list item) leading to the mapping where a key typed at
    `column` of `row` would go; None where the cursor is inside a text or a flow collection."""
    path: list[str] = []
    need, after_dash = column, False
    for index in range(row - 1, -1, -1):
        if need == 0 and not after_dash:
            return path
        text = _without_comment(lines[index])
        if not text.strip():
            continue
        key_column, dash_columns, rest = _split_dashes(text)
        match = _KEY.match(rest)
        if dash_columns and key_column == need and not after_dash:
            path.insert(0, LIST_ITEM)  # our own list item's first line
            need, after_dash = dash_columns[-1], True
            continue
        if key_column < need or (after_dash and key_column == need and not dash_columns):
            if match is None or (match["value"] or "").strip():
                return None  # the cursor continues a text, not a mapping
            path.insert(0, match["key"].strip())
            need, after_dash = key_column, False
            if dash_columns:
                path.insert(0, LIST_ITEM)
                need, after_dash = dash_columns[-1], True
    return path if need == 0 and not after_dash else (path if column == 0 else None)


def _split_dashes(text: str) -> tuple[int, list[int], str]:
    column = len(text) - len(text.lstrip(" "))
    rest = text[column:]
    dashes = []
    while rest.startswith("-") and (len(rest) == 1 or rest[1] in " \t"):
        dashes.append(column)
        stripped = rest[1:].lstrip(" \t")
        column += len(rest) - len(stripped)
        rest = stripped
    return column, dashes, rest


def _without_comment(text: str) -> str:
    return re.sub(r"(?:^|\s)#.*\Z", "", text.rstrip("\r"))


def _ids(state, kind: str) -> list[lsp.CompletionItem]:
    if state is None:
        return []
    names = _names(state, kind)
    return [lsp.CompletionItem(label=id, kind=lsp.CompletionItemKind.Reference, detail=f"{kind} {names.get(id) or ''}".strip(),
                               sort_text=f"{i:05d}")
            for i, id in enumerate(state.ids.declared(kind))]


def _names(state, kind: str) -> dict:
    data = state.result.document.data or {}
    found = {}
    for occurrence in state.ids.occurrences:
        if occurrence.kind == kind and occurrence.declares:
            from journeymap.load.loader import value_at

            node = value_at(data, occurrence.path[:-1]) if occurrence.path[-1] == "id" else None
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                found.setdefault(occurrence.id, node["name"])
    return found


def keys(path: list[str], state=None) -> list[lsp.CompletionItem]:
    """The keys the format allows at `path`, each with its documentation; KPI names under `kpis`."""
    from journeymap.model.definition import JourneyMap

    target = _type_at(JourneyMap, path)
    if target is None:
        return []
    model, free = target
    if model is None:
        return []
    if free:  # a mapping of names to models: `kpis`
        return _kpi_names(state)
    items = []
    for i, (name, info) in enumerate(model.model_fields.items()):
        documentation = info.description or _model_doc(info.annotation)
        items.append(lsp.CompletionItem(
            label=name, kind=lsp.CompletionItemKind.Property,
            detail="required" if info.is_required() else None,
            documentation=None if not documentation else lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                                            value=documentation),
            insert_text=f"{name}: ", sort_text=f"{i:03d}"))
    return items


def _kpi_names(state) -> list[lsp.CompletionItem]:
    used = []
    data = state.result.document.data if state is not None and state.result.document is not None else None
    for stage in (data or {}).get("stages") or []:
        for touchpoint in (stage.get("touchpoints") or []) if isinstance(stage, dict) else []:
            kpis = touchpoint.get("kpis") if isinstance(touchpoint, dict) else None
            used += [name for name in kpis or {} if isinstance(name, str)] if isinstance(kpis, dict) else []
    names = list(dict.fromkeys(used + list(KNOWN_KPIS)))
    return [lsp.CompletionItem(label=name, kind=lsp.CompletionItemKind.Field, detail="KPI",
                               insert_text=f"{name}: ", sort_text=f"{i:03d}") for i, name in enumerate(names)]


def _type_at(model, path: list[str]):
    """(model, free): the model whose keys belong at `path`, and whether its keys are free names."""
    current, free = model, False
    for part in path:
        current = _unwrap(current)
        if part == LIST_ITEM:
            if typing.get_origin(current) not in (list, typing.List):
                return None
            current = typing.get_args(current)[0]
            continue
        if typing.get_origin(current) in (dict, typing.Dict):
            current = typing.get_args(current)[1]
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return None
        current = fields[part].annotation
    current = _unwrap(current)
    if typing.get_origin(current) in (dict, typing.Dict):
        current, free = _unwrap(typing.get_args(current)[1]), True
    return (current if hasattr(current, "model_fields") else None), free


def _unwrap(annotation):
    """Optional[X], Annotated[X, ...] and Union[X, Y] of one model: X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union:
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in options if hasattr(_strip(a), "model_fields")]
            annotation = models[0] if models else options[0]
        else:
            return annotation


def _strip(annotation):
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _model_doc(annotation) -> Optional[str]:
    found = _unwrap(annotation)
    doc = getattr(found, "__doc__", None) if hasattr(found, "model_fields") else None
    return doc.strip() if doc else None
