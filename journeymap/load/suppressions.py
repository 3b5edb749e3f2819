"""Suppression comments in a map: `# jmap: disable=JM303[,JM305]` and `# jmap: disable-file=JM309`.

A trailing comment silences its own line; a comment alone on a line silences the next line
that holds more than comments. `disable-file` may stand anywhere. Only real YAML comments
count: `#` at the start of a line or after a space, and not inside a quoted or block text
(checked against the loader's spans, so `title: "a # jmap: disable=JM303"` stays data).

One regex over the whole text finds candidates, so files without suppressions cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeymap.base.diagnostics import Diagnostic, Severity, Span
from journeymap.load.loader import Document, value_at
from journeymap.base.suggest import did_you_mean

CODE = "JM005"
DIRECTIVES = ("disable", "disable-file")
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*jmap:[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*([^\s#,]*(?:[ \t]*,[ \t]*[^\s#,]+)*)",
                      re.M)
_CODE = re.compile(r"JM\d{3}\Z")


@dataclass(frozen=True)
class Suppression:
    code: str
    line: int  # the line it silences; 0 for the whole file
    span: Span  # where the code is written, for JM005


@dataclass
class Suppressions:
    rules: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # malformed directives and unknown codes (JM005)

    def apply(self, diagnostics: list[Diagnostic], file: str, report_unused: bool,
              disabled: frozenset = frozenset()) -> list[Diagnostic]:
        """Drop what is suppressed; add JM005 for broken comments, and with `report_unused` for idle ones."""
        if not self.rules and not self.problems:
            return diagnostics
        whole_file = {r.code for r in self.rules if r.line == 0}
        by_line = {(r.line, r.code) for r in self.rules if r.line}
        used = set()
        kept = []
        for d in diagnostics:
            if d.code in whole_file:
                used.add((0, d.code))
            elif (d.line, d.code) in by_line:
                used.add((d.line, d.code))
            else:
                kept.append(d)
        kept.extend(_unused(message, span, file) for message, span in self.problems)
        if report_unused:
            for rule in self.rules:
                if (rule.line, rule.code) not in used and rule.code not in disabled:
                    where = "in this file" if rule.line == 0 else f"on line {rule.line}"
                    kept.append(_unused(f"unused suppression: no {rule.code} finding {where}", rule.span, file))
        return kept


def _unused(message: str, span: Span, file: str) -> Diagnostic:
    return Diagnostic(CODE, Severity.WARNING, message, file, span, ())


def scan(document: Document, known_codes=None) -> Suppressions:
    """Every suppression comment in the document; `known_codes` defaults to all of jmap's codes."""
    text = document.text
    found = Suppressions()
    if "jmap:" not in text or "#" not in text:
        return found
    lines = None
    for match in _COMMENT.finditer(text):
        if _inside_text(document, match.start()):
            continue
        if lines is None:
            lines = text.split("\n")
            if known_codes is None:
                from journeymap.checks.codes import all_codes

                known_codes = list(all_codes())
        line = text.count("\n", 0, match.start()) + 1
        line_start = text.rfind("\n", 0, match.start()) + 1
        directive, codes_text = match.group(1), match.group(2)
        directive_span = _span(text, line_start, line, match.start(1), match.end(1))
        if directive not in DIRECTIVES:
            found.problems.append((f"unknown suppression {directive!r}{did_you_mean(directive, DIRECTIVES)}; "
                                   "write `# jmap: disable=JM303` or `# jmap: disable-file=JM309`", directive_span))
            continue
        if not codes_text:
            found.problems.append((f"`{directive}=` names no code, e.g. `# jmap: {directive}=JM303`", directive_span))
            continue
        target = 0 if directive == "disable-file" else _target_line(lines, line, text[line_start:match.start()])
        offset = match.start(2)
        for written in codes_text.split(","):
            start = offset + len(written) - len(written.lstrip())
            offset += len(written) + 1
            code = written.strip().upper()
            span = _span(text, line_start, line, start, start + len(written.strip()))
            if not _CODE.match(code) or code not in known_codes:
                found.problems.append((f"suppression names unknown code {written.strip()!r}"
                                       f"{did_you_mean(code, known_codes)}", span))
            else:
                found.rules.append(Suppression(code, target, span))
    return found


def _span(text: str, line_start: int, line: int, start: int, end: int) -> Span:
    return Span(line, start - line_start + 1, line, end - line_start + 1)


def _target_line(lines: list[str], line: int, before: str) -> int:
    """A trailing comment silences its own line; a comment on its own the next line with content."""
    if before.strip():
        return line
    for number in range(line + 1, len(lines) + 1):
        content = lines[number - 1].strip()
        if content and not content.startswith("#"):
            return number
    return line


def _inside_text(document: Document, index: int) -> bool:
    """True when `index` falls inside a scalar (a quoted or block text, or a key), not a comment."""
    for marks in document.key_spans.values():
        if marks[0].index <= index < marks[1].index:
            return True
    data = document.data
    if data is None:  # the file did not load: only the comment syntax itself can be judged
        return False
    for path, (start, end) in document.spans.items():
        if start.index <= index < end.index and not isinstance(value_at(data, path), (dict, list)):
            return True
    return False

