"""`jmap validate`'s findings as protocol diagnostics: same codes, ranges, levels and messages.

Written straight as the protocol's JSON: a 2,000-touchpoint map has hundreds of findings on
every keystroke, and the generic converter of the protocol's types costs half a millisecond
each. `to_protocol` gives the typed form where one finding is needed (code actions).
"""

from __future__ import annotations

from lsprotocol import types as lsp

from journeymap.base.diagnostics import Diagnostic, Severity
from journeymap.checks.codes import help_uri
from journeymap.lsp.positions import Lines

SOURCE = "jmap"
LEVELS = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
          Severity.INFO: lsp.DiagnosticSeverity.Information}


def _position(position: lsp.Position) -> dict:
    return {"line": position.line, "character": position.character}


def to_json(finding: Diagnostic, lines: Lines) -> dict:
    """One finding as the protocol's Diagnostic object."""
    shown = lines.range(finding.span)
    return {"range": {"start": _position(shown.start), "end": _position(shown.end)},
            "message": finding.message, "severity": int(LEVELS[finding.severity]), "code": finding.code,
            "codeDescription": {"href": help_uri(finding.code)}, "source": SOURCE,
            "data": {"path": finding.path_text}}


def to_protocol(finding: Diagnostic, lines: Lines) -> lsp.Diagnostic:
    from lsprotocol.converters import get_converter

    return get_converter().structure(to_json(finding, lines), lsp.Diagnostic)


def diagnostics(state) -> list[dict]:
    """What the editor shows for a map; nothing for a file `jmap validate FOLDER` would skip."""
    if not state.included:
        return []
    return [to_json(finding, state.lines) for finding in state.findings]
