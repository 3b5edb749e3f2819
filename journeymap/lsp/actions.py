"""Quick fixes for a finding: apply its did-you-mean, silence it with a suppression comment,
quote a text that YAML split into a key and a value at its `: `."""

from __future__ import annotations

import json
import re
from typing import Optional

from lsprotocol import types as lsp

from journeymap.base.diagnostics import Diagnostic, Span
from journeymap.load.loader import value_at
from journeymap.lsp.findings import to_protocol
from journeymap.base.suggest import suggestion_in

_EXISTING = re.compile(r"(?:^|\s)#\s*jmap:\s*disable\s*=\s*[^\s#]+")
_SPLIT_LINE = re.compile(r"^(?P<head>\s*(?:-\s+)*[^\s:#][^:#]*?:\s+)(?P<value>[^'\"\[{|>&*!%@`#].*?)(?P<tail>\s+#.*)?\s*\Z")
_SPLIT_PROBLEM = "mapping values are not allowed"


def actions(uri: str, state, wanted: lsp.Range) -> list[lsp.CodeAction]:
    found = []
    for finding in state.findings:
        if not _overlaps(state.lines.range(finding.span), wanted):
            continue
        shown = to_protocol(finding, state.lines)
        for title, edits, preferred in _fixes(state, finding):
            found.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[shown],
                                        is_preferred=preferred or None,
                                        edit=lsp.WorkspaceEdit(changes={uri: edits})))
    return found


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    start = lambda r: (r.start.line, r.start.character)  # noqa: E731
    end = lambda r: (r.end.line, r.end.character)  # noqa: E731
    return start(a) <= end(b) and start(b) <= end(a)


def _fixes(state, finding: Diagnostic):
    suggestion = suggestion_in(finding.message)
    if suggestion is not None:
        yield f"Replace with {suggestion!r}", [_replace(state, finding.span, suggestion)], True
    quoted = _quote_split(state, finding)
    if quoted is not None:
        yield "Quote the text (YAML split it at ': ')", [quoted], True
    yield f"Disable {finding.code} on this line (# jmap: disable={finding.code})", [_disable(state, finding)], False


def _replace(state, span: Span, text: str) -> lsp.TextEdit:
    old = state.lines.text_in(span)
    new = f"{old[0]}{text}{old[0]}" if old[:1] in ("'", '"') else text
    return lsp.TextEdit(range=state.lines.range(span), new_text=new)



def _disable(state, finding: Diagnostic) -> lsp.TextEdit:
    """A trailing `# jmap: disable=CODE` on the finding's line, or the code added to the one there."""
    index = finding.span.line - 1
    line = state.lines.line(index).rstrip("\r")
    existing = _EXISTING.search(line)
    if existing is not None:
        at, text = existing.end(), f",{finding.code}"
    else:
        at, text = len(line.rstrip()), f"  # jmap: disable={finding.code}"
    point = state.lines.position(index + 1, at + 1)
    return lsp.TextEdit(range=lsp.Range(start=point, end=point), new_text=text)


def _quote_split(state, finding: Diagnostic) -> Optional[lsp.TextEdit]:
    if finding.code == "JM102":
        return _quote_mapping(state, finding)
    if finding.code == "JM001" and _SPLIT_PROBLEM in finding.message:
        return _quote_line(state, finding.span.line - 1)
    return None


def _quote_mapping(state, finding: Diagnostic) -> Optional[lsp.TextEdit]:
    """`- Delivery: slow` where a text belongs: one key whose value is a plain word or none."""
    document = state.result.document
    node = value_at(document.data, finding.path)
    if not isinstance(node, dict) or len(node) != 1:
        return None
    (key, value), = node.items()
    if not isinstance(key, str) or isinstance(value, (dict, list)):
        return None
    child = tuple(finding.path) + (key,)
    start, end = document.key_span(child), document.span(child)
    whole = Span(start.line, start.column, end.end_line, end.end_column)
    return lsp.TextEdit(range=state.lines.range(whole), new_text=json.dumps(state.lines.text_in(whole), ensure_ascii=False))


def _quote_line(state, index: int) -> Optional[lsp.TextEdit]:
    """`name: Cart: step 2`, which YAML refuses: the value after the first `: ` quoted."""
    line = state.lines.line(index).rstrip("\r")
    match = _SPLIT_LINE.match(line)
    if match is None or ": " not in match["value"]:
        return None
    value = match["value"].rstrip()
    start = state.lines.position(index + 1, match.start("value") + 1)
    end = state.lines.position(index + 1, match.start("value") + len(value) + 1)
    return lsp.TextEdit(range=lsp.Range(start=start, end=end), new_text=json.dumps(value, ensure_ascii=False))
