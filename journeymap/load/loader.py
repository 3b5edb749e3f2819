"""Load a journey map from YAML bytes, keeping the position of every node.

libyaml's composer is fast but recursive (a deeply nested file crashes the process), drops
duplicate keys silently and expands aliases without limit. So jmap composes the document
itself from libyaml's event stream: one pass, no recursion, every value's span recorded
under its path in the document, duplicates reported, alias expansion and depth bounded.

Plain scalars are resolved with the YAML 1.2 core schema (the one editors use): only
`true`/`false` are booleans, so a persona called `no` or a country `NO` stays a string.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from journeymap.base.diagnostics import Diagnostic, Path, Severity, Span, format_path
from journeymap.base.textsafe import has_lone_surrogate
from journeymap.model.records import MAX_COUNT

try:  # libyaml, when PyYAML was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from hanging jmap or eating memory (JM004)."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 5_000_000
    max_string: int = 100_000


class TooLarge(Exception):
    """Raised by a reader that found its input over the byte limit before reading it in full (JM004).

    `size` is the exact size when the file could be measured (a regular file), else None and
    the input is known only to be longer than `limit` (stdin, a pipe).
    """

    def __init__(self, size: "int | None", limit: int):
        self.size, self.limit = size, limit
        described = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(f"file is {described}, over the limit of {limit:,}")

    def diagnostic(self, file: str) -> Diagnostic:
        """The JM004 finding for this input, as `load` reports a document over the limit."""
        return _error("JM004", str(self), file, Span())


@dataclass
class Document:
    """A loaded file: plain data plus where every part of it came from."""

    file: str
    data: Any = None
    spans: dict = field(default_factory=dict)  # path -> (start mark, end mark) of the value
    key_spans: dict = field(default_factory=dict)  # path -> marks of the key naming it
    diagnostics: list = field(default_factory=list)
    text: str = ""

    def span(self, path: Path) -> Span:
        """The span of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            found = self.spans.get(path)
            if found is not None:
                return _span(*found)
            path = path[:-1]
        found = self.spans.get(())
        return _span(*found) if found else Span()

    def key_span(self, path: Path) -> Span:
        found = self.key_spans.get(tuple(path))
        return _span(*found) if found is not None else self.span(path)


def value_at(data: Any, path: Path) -> Any:
    """The value at `path` in loaded data, or None where the path leads nowhere."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing allocates millions of small objects; the cyclic GC scanning them triples the cost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _error(code: str, message: str, file: str, span: Span, path: Path = ()) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, span, tuple(path))


def _span(start, end) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _point(text: str, index: int) -> Span:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Span(line, column, line, column)


def load(raw: bytes, file: str, limits: Limits = Limits()) -> Document:
    """Decode, parse and compose; never raises on bad input, reports JM001-JM004 instead."""
    doc = Document(file)
    if len(raw) > limits.max_bytes:
        doc.diagnostics.append(TooLarge(len(raw), limits.max_bytes).diagnostic(file))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        doc.diagnostics.append(_error(
            "JM003", f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file, _point(prefix, len(prefix))))
        return doc
    doc.text = text
    with gc_paused():
        try:
            data = _Composer(doc, limits).compose(text)
        except _Refused as refused:
            doc.diagnostics.append(refused.diagnostic)
            return doc
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            span = _span(mark, mark) if mark else Span()
            if _is_nesting_refusal(exc):  # libyaml >= 0.2.5 bounds nesting itself, before jmap's own bound
                doc.diagnostics.append(_error(
                    "JM004", f"document is nested more than {limits.max_depth} levels deep", file, span))
                return doc
            message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
            message, span = _hinted(exc, message, span)
            doc.diagnostics.append(_error("JM001", f"YAML syntax error: {message}", file, span))
            return doc
        except yaml.YAMLError as exc:  # reader errors: control characters and the like
            position = getattr(exc, "position", 0) or 0
            reason = getattr(exc, "reason", None) or str(exc)
            doc.diagnostics.append(_error("JM001", f"YAML syntax error: {reason}", file, _point(text, position)))
            return doc
        except RecursionError:  # the pure-Python fallback parser on extreme nesting
            doc.diagnostics.append(_error("JM004", "document is nested too deeply", file, Span()))
            return doc
    if data is _EMPTY:
        doc.diagnostics.append(_error("JM003", "file is empty: a journey map starts with `jmap: 1`", file, Span()))
    elif not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        doc.diagnostics.append(_error(
            "JM003", f"the top level is {kind}; a journey map is a mapping that starts with `jmap: 1`",
            file, doc.span(())))
    else:
        doc.data = data
    return doc


def _hinted(exc, message: str, span):
    """The parser's message with what the user most likely did: a tab in the indentation, or a
    quote never closed (reported where it opens, not where the file ends)."""
    if "tab" in message or "'\\t'" in message:
        return message + "; tabs are not allowed in YAML indentation: indent with spaces", span
    context = getattr(exc, "context", "") or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        return ("a quoted string opened here is never closed: add the closing quote "
                f"({message})"), _span(exc.context_mark, exc.context_mark)
    return message, span


def _is_nesting_refusal(exc: yaml.MarkedYAMLError) -> bool:
    """True when the YAML library itself refused the document for its depth, which is JM004, not a syntax error."""
    return "nesting depth" in str(exc.problem or "")


_EMPTY = object()
_NO_KEY = object()
_BAD_KEY = object()
_MERGE_KEY = "<<"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}
_NUMERIC_START = frozenset("0123456789+-.")
# Significant digits beyond which a whole number is surely over MAX_COUNT (10**15), per base: such
# text is refused before it is converted (Python refuses to convert or print 4,300 digits and more).
_BOUND_DIGITS = {10: len(str(MAX_COUNT)), 16: len(f"{MAX_COUNT:x}"), 8: len(f"{MAX_COUNT:o}")}


def _beyond_bound(digits: str, base: int) -> bool:
    return len(digits.lstrip("0")) > _BOUND_DIGITS[base]


def _shown_number(text: str) -> str:
    """A number's text short enough for a message: its first and last digits and how many."""
    return text if len(text) <= 24 else f"{text[:10]}…{text[-4:]} ({len(text):,} characters)"
_CORE_TAG = "tag:yaml.org,2002:"


class _Frame:
    __slots__ = ("container", "path", "is_map", "key", "key_marks", "key_plain", "merges", "size", "anchor", "start")

    def __init__(self, container, path, anchor, start):
        self.container = container
        self.path = path
        self.is_map = isinstance(container, dict)
        self.key = _NO_KEY
        self.key_marks: Any = None  # (start, end) marks of the key being read
        self.key_plain = False
        self.merges = []
        self.size = 1
        self.anchor = anchor
        self.start = start


class _Composer:
    def __init__(self, doc: Document, limits: Limits):
        self.doc = doc
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.root: Any = _EMPTY
        self.root_done = False

    def compose(self, text: str) -> Any:
        stack = self.stack
        documents = 0
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if len(event.value) > self.limits.max_string:
                    self._refuse(f"a text of {len(event.value):,} characters is over the limit of "
                                 f"{self.limits.max_string:,}", event)
                self._count(1, event)
                self._place(self._scalar(event), event.start_mark, event.end_mark, event.anchor, 1, event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= self.limits.max_depth:
                    self._refuse(f"document is nested more than {self.limits.max_depth} levels deep", event)
                self._count(1, event)
                container: "dict | list" = {} if kind is yaml.MappingStartEvent else []
                stack.append(_Frame(container, self._child_path(), event.anchor, event.start_mark))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self._apply_merges(frame)
                self._place(frame.container, frame.start, event.end_mark, frame.anchor, frame.size, None)
            elif kind is yaml.AliasEvent:
                found = self.anchors.get(event.anchor)
                if found is None:
                    raise yaml.MarkedYAMLError(problem=f"found undefined alias {event.anchor!r}",
                                               problem_mark=event.start_mark)
                value, size = found
                self._count(size, event)
                self._place(value, event.start_mark, event.end_mark, None, size, None)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(_error("JM003", "file holds more than one YAML document; "
                                          "keep one journey map per file", self.doc.file,
                                          _span(event.start_mark, event.start_mark)))
        return self.root

    def _refuse(self, message: str, event) -> None:
        raise _Refused(_error("JM004", message, self.doc.file,
                              _span(event.start_mark, event.end_mark), self._child_path()))

    def _count(self, size: int, event) -> None:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            self._refuse(f"document expands to more than {self.limits.max_nodes:,} nodes "
                         "(an alias expansion bomb, or simply too large)", event)

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if parent.is_map:
            if parent.key is _NO_KEY or parent.key is _BAD_KEY:
                return parent.path + ("<key>",)
            return parent.path + (parent.key,)
        return parent.path + (len(parent.container),)

    def _scalar(self, event) -> Any:
        value = event.value
        if event.style == '"' and has_lone_surrogate(value):
            # libyaml refuses an escaped surrogate; PyYAML's pure-Python parser (used where libyaml
            # is missing) passes it on as text no output can encode.
            raise _Refused(_error("JM001", "YAML syntax error: an escape in a quoted string is half of a "
                                  "surrogate pair, not a character (write the character itself, or \\U0001F600)",
                                  self.doc.file, _span(event.start_mark, event.end_mark)))
        tag = event.tag
        if tag is None or tag == "!":
            if tag is None and event.implicit[0]:
                return self._resolve_plain(value, event)
            return value
        if tag.startswith(_CORE_TAG):
            name = tag[len(_CORE_TAG):]
            if name == "str":
                return value
            resolved = self._resolve_plain(value, event)
            kinds: "dict[str, Any]" = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}
            expected = kinds.get(name)
            if expected is not None and isinstance(resolved, expected) and not (name == "int" and isinstance(resolved, bool)):
                return float(resolved) if name == "float" else resolved
        self.doc.diagnostics.append(_error(
            "JM102", f"unsupported YAML tag {tag!r}; journey maps hold plain text, numbers, lists and mappings",
            self.doc.file, _span(event.start_mark, event.end_mark), self._child_path()))
        return value

    def _too_large(self, value: str, event) -> str:
        path = self._child_path()
        where = f"{format_path(path)}: " if path else ""
        self.doc.diagnostics.append(_error(
            "JM104", f"{where}number {_shown_number(value)} is beyond the bound of {MAX_COUNT:,}", self.doc.file,
            _span(event.start_mark, event.end_mark), path))
        return value

    def _resolve_plain(self, value: str, event) -> Any:
        if value[:1] in _NUMERIC_START:
            if _INT.match(value):
                if _beyond_bound(value.lstrip("+-"), 10):
                    return self._too_large(value, event)
                return int(value)
            if _FLOAT.match(value):
                return float(value)
            special = _SPECIAL_FLOATS.get(value)
            if special is not None:
                return special
            if value.startswith(("0x", "0o")):
                if _beyond_bound(value[2:], 16 if value[1] == "x" else 8):
                    return self._too_large(value, event)
                try:
                    return int(value, 0)
                except ValueError:
                    return value
            return value
        if value in _NULLS:
            return None
        return _BOOLS.get(value, value)

    def _place(self, value, start, end, anchor, size, scalar_event) -> None:
        if anchor:
            self.anchors[anchor] = (value, size)
        stack = self.stack
        if not stack:
            self.root = value
            self.doc.spans[()] = (start, end)
            return
        parent = stack[-1]
        parent.size += size
        if not parent.is_map:
            path = parent.path + (len(parent.container),)
            parent.container.append(value)
            self.doc.spans[path] = (start, end)
            return
        if parent.key is _NO_KEY:
            if scalar_event is None:
                parent.key = _BAD_KEY
                self.doc.diagnostics.append(_error(
                    "JM102", "a mapping key must be plain text, not a list or mapping",
                    self.doc.file, _span(start, end), parent.path))
                return
            parent.key = scalar_event.value
            parent.key_plain = scalar_event.implicit[0] and scalar_event.tag is None
            parent.key_marks = (start, end)
            return
        key = parent.key
        parent.key = _NO_KEY
        if key is _BAD_KEY:
            return
        if key == _MERGE_KEY and parent.key_plain:
            parent.merges.append((value, (start, end)))
            return
        path = parent.path + (key,)
        if key in parent.container:
            first = self.doc.key_spans[path][0].line + 1
            self.doc.diagnostics.append(_error(
                "JM002", f"duplicate key {key!r} (first defined on line {first}); YAML would "
                "silently keep only the last one", self.doc.file, _span(*parent.key_marks), path))
        parent.container[key] = value
        self.doc.spans[path] = (start, end)
        self.doc.key_spans[path] = parent.key_marks

    def _apply_merges(self, frame: _Frame) -> None:
        """`<<: *defaults` merges a mapping's keys; keys written out explicitly win."""
        if not frame.is_map:
            return
        for value, marks in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    self.doc.diagnostics.append(_error(
                        "JM102", "a merge key `<<` must name a mapping or a list of mappings",
                        self.doc.file, _span(*marks), frame.path))
                    continue
                for key, item in source.items():
                    if key not in frame.container:
                        frame.container[key] = item
                        self.doc.spans.setdefault(frame.path + (key,), marks)
