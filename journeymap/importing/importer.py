"""`jmap import`, the core: survey responses in (CSV or JSON Lines), answer counts per touchpoint out.

Speed and memory: rows are never turned into objects. A chunk of rows at a time goes through
`Counter(map(itemgetter(...), rows))`, which counts the distinct (touchpoint, metric, answer, ...)
tuples in C; only those few distinct tuples are checked in Python. Memory stays bounded by
the chunk's distinct tuples, whatever the file's size. Row numbers are needed only for
rejected rows, so they are found by a second pass that runs only when something was rejected.

Row numbers count the header as row 1, so in a CSV without multi-line cells a row number is
the line number; in JSON Lines it is the line number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from operator import itemgetter
from typing import Iterator, Optional

from journeymap.model.records import MAX_COUNT, JourneyMap
from journeymap.base.suggest import did_you_mean

METRICS = ("csat", "nps", "ces")
FAST_CHUNK_LINES = 50_000  # about the lines held at once on the fast path, which reads blocks of
LINE_GUESS = 32  # FAST_CHUNK_LINES * LINE_GUESS characters (about a survey export's line length)
SPLIT_MEMORY = 200_000  # distinct lines whose cells are remembered across chunks
CHUNK_ROWS = 1_000_000  # rows counted before their distinct tuples are judged; memory is bounded by those tuples
EXAMPLES_PER_KIND = 20
MAX_LINE = 1_000_000  # characters in one line of a survey export: memory stays bounded whatever the file
DATE_MEMORY = 100_000  # distinct date texts whose verdict is remembered (10 M distinct timestamps would not fit)

# Kinds of rejected rows, in the order the summary lists them.
EMPTY, MISSING, NOT_JSON = "empty cell", "missing cells", "not a JSON object"
UNKNOWN_TOUCHPOINT, UNKNOWN_METRIC, UNKNOWN_PERSONA = "unknown touchpoint", "unknown metric", "unknown persona"
NOT_SERVED = "persona not served"
NOT_WHOLE, OFF_SCALE, BAD_DATE, BAD_COUNT = "answer not a whole number", "answer off the scale", "bad date", "bad count"
KINDS = (MISSING, NOT_JSON, EMPTY, UNKNOWN_TOUCHPOINT, UNKNOWN_METRIC, NOT_WHOLE, OFF_SCALE,
         UNKNOWN_PERSONA, NOT_SERVED, BAD_DATE, BAD_COUNT)


class ImportProblem(Exception):
    """The import cannot run as asked (missing column, unreadable file, ...): exit 2."""


@dataclass(frozen=True)
class Columns:
    touchpoint: str = "touchpoint"
    metric: str = "metric"
    answer: str = "answer"
    persona: Optional[str] = None  # None: use the column named "persona" when there is one
    date: Optional[str] = None
    count: Optional[str] = None


@dataclass(frozen=True)
class Window:
    since: Optional[date] = None
    until: Optional[date] = None

    @property
    def active(self) -> bool:
        return self.since is not None or self.until is not None


@dataclass
class Rejected:
    rows: int = 0
    examples: list = field(default_factory=list)  # (row number, message), first rows first


@dataclass
class Tally:
    counts: dict = field(default_factory=dict)  # (touchpoint, metric) -> answer counts, lowest answer first
    # (touchpoint, metric) -> {persona: answer counts}: the part of `counts` whose rows name a persona
    persona_counts: dict = field(default_factory=dict)
    rows: int = 0  # data rows read
    responses: int = 0  # responses counted (a row with a count stands for that many)
    filtered: int = 0  # rows outside --since/--until
    rejected: dict = field(default_factory=dict)  # kind -> Rejected

    @property
    def rejected_rows(self) -> int:
        return sum(r.rows for r in self.rejected.values())


def parse_date(text: str) -> Optional[date]:
    """ISO 8601 date or date-time (its date part); None when it is neither."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if text[-1:] in ("Z", "z"):  # UTC; Python 3.10's fromisoformat knows only +00:00
            text = text[:-1] + "+00:00"
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


class _Checker:
    """Judges one distinct row tuple: (touchpoint, metric, answer index, responses) or a rejection."""

    def __init__(self, journey_map: JourneyMap, fields: tuple, window: Window):
        self.fields = fields  # names of the tuple's parts, e.g. ("touchpoint", "metric", "answer", "date")
        self.touchpoints = {tp.id for _s, _t, _stage, tp in journey_map.touchpoints()}
        self.personas = {p.id for p in journey_map.personas}
        self.serves = {tp.id: None if tp.personas is None else set(tp.personas)
                       for _s, _t, _stage, tp in journey_map.touchpoints()}
        self.scales = {m: getattr(journey_map.scales, m) for m in METRICS}
        self.window = window
        self.dates: dict = {}
        self.date_at = fields.index("date") if "date" in fields else None
        self.undated: dict = {}  # verdicts of the row without its date: an export has few of those

    def judge(self, key: tuple):
        """("ok", touchpoint, metric, index, responses, persona) | ("filtered",) | ("bad", kind, message).

        Daily exports make most distinct rows differ only by their date, so the rest of the row
        is judged once and the date on its own.
        """
        at = self.date_at
        if at is None:
            return self._judge(key)
        when = key[at]
        if self.window.active and (when is None or (isinstance(when, str) and not when.strip())):
            return "bad", EMPTY, "empty date cell"
        rest = key[:at] + key[at + 1:]
        verdict = self.undated.get(rest)
        if verdict is None:
            if len(self.undated) > 100_000:
                self.undated.clear()
            verdict = self.undated[rest] = self._judge(rest, self.fields[:at] + self.fields[at + 1:])
        if verdict[0] != "ok" or when is None or not str(when).strip():
            return verdict
        text = str(when).strip()
        day = self.dates.get(text)
        if day is None:
            if len(self.dates) >= DATE_MEMORY:
                self.dates.clear()
            day = self.dates[text] = parse_date(text) or False
        if day is False:
            return "bad", BAD_DATE, f"date {text!r} is not an ISO 8601 date (YYYY-MM-DD)"
        if (self.window.since and day < self.window.since) or (self.window.until and day > self.window.until):
            return ("filtered",)
        return verdict

    def _judge(self, key: tuple, fields: Optional[tuple] = None):
        cells = dict(zip(fields or self.fields, key))
        for name in ("touchpoint", "metric", "answer") + (("count",) if "count" in cells else ()):
            value = cells.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                return "bad", EMPTY, f"empty {name} cell"
        touchpoint = str(cells["touchpoint"]).strip()
        if touchpoint not in self.touchpoints:
            return "bad", UNKNOWN_TOUCHPOINT, f"unknown touchpoint {touchpoint!r}{_hint(touchpoint, self.touchpoints)}"
        metric = str(cells["metric"]).strip().lower()
        if metric not in self.scales:
            return "bad", UNKNOWN_METRIC, f"unknown metric {str(cells['metric'])!r} (csat, nps or ces)"
        answer = _whole(cells["answer"])
        if answer is TOO_LARGE:
            return "bad", OFF_SCALE, f"{metric.upper()} answer {_shown(cells['answer'])} is off the scale"
        if answer is None:
            return "bad", NOT_WHOLE, f"{metric.upper()} answer {_shown(cells['answer'])} is not a whole number"
        scale = self.scales[metric]
        if not scale.min <= answer <= scale.max:
            return "bad", OFF_SCALE, f"{metric.upper()} answer {answer} is off the scale {scale.min}-{scale.max}"
        persona = cells.get("persona")
        persona = str(persona).strip() if persona is not None and str(persona).strip() else None
        if persona is not None and persona not in self.personas:
            return "bad", UNKNOWN_PERSONA, f"unknown persona {persona!r}{_hint(persona, self.personas)}"
        served = self.serves[touchpoint]
        if persona is not None and served is not None and persona not in served:
            return "bad", NOT_SERVED, (f"persona {persona!r} at touchpoint {touchpoint!r}, which serves "
                                       f"{', '.join(sorted(served)) or 'no persona'}")
        responses = 1
        if "count" in cells:
            responses = _whole(cells["count"])
            if responses is TOO_LARGE:
                return "bad", BAD_COUNT, f"count {_shown(cells['count'])} is over the bound of {MAX_COUNT:,}"
            if responses is None or responses < 0:
                return "bad", BAD_COUNT, f"count {_shown(cells['count'])} is not a whole number 0 or more"
        return "ok", touchpoint, metric, answer - scale.min, responses, persona


# A whole number as text: ASCII digits only (never `５`, `٥` or `1_0`, which Python's int() takes),
# optionally with a zero fraction (`5.0`, as spreadsheets write whole numbers).
_WHOLE_TEXT = re.compile(r"[+-]?([0-9]+)(?:\.0*)?\Z", re.ASCII)
TOO_LARGE = object()  # a whole number beyond MAX_COUNT, refused from its text before conversion


def _whole(value):
    """An int from "5", " 5 ", "5.0" or 5; None for "4.5", "five", "５", "1_0", True; TOO_LARGE
    for a whole number over MAX_COUNT (a 5,000-digit cell is never converted)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) <= MAX_COUNT else TOO_LARGE
    if isinstance(value, float):
        if not value.is_integer():
            return None
        return int(value) if abs(value) <= MAX_COUNT else TOO_LARGE
    found = _WHOLE_TEXT.match(str(value).strip())
    if found is None:
        return None
    if len(found.group(1).lstrip("0")) > len(str(MAX_COUNT)):
        return TOO_LARGE
    number = int(found.group(0).split(".")[0])
    return number if abs(number) <= MAX_COUNT else TOO_LARGE


def _shown(value) -> str:
    """A cell as a message shows it: quoted, and cut to its ends when long."""
    text = str(value)
    return repr(text) if len(text) <= 40 else f"{text[:16]!r}…{text[-8:]!r} ({len(text):,} characters)"


def _hint(text: str, known) -> str:
    return did_you_mean(text, sorted(known)) or ""


# --------------------------------------------------------------------------- sources

class _CsvSource:
    def __init__(self, handle, columns: Columns):
        self.handle = handle
        self.split_lines: dict = {}  # line -> its selected cells, on the fast path
        self.reader = csv.reader(bounded_lines(handle))
        try:
            header = next(self.reader)
        except StopIteration:
            raise ImportProblem("the file is empty (no header row)") from None
        except csv.Error as error:
            raise ImportProblem(f"not a CSV file ({error})") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        self.fields, indices = _select(header, columns)
        self.width = max(indices) + 1
        self.getter = itemgetter(*indices)

    def keys(self, bad: Tally) -> Iterator[Counter]:
        """Counted tuples, one Counter per chunk; short rows are rejected, with their row numbers.

        An export of a million responses holds a few thousand distinct lines, so the file is read
        in large blocks, cut into lines at the last line break of each, the lines counted as they
        are (in C) and only the distinct ones split into cells. A block with a quote (a cell that
        may hold a comma or a line break), a carriage return that does not end a line, or a short
        row hands the rest of the file, from that block's first line, to the csv module, which
        reads it exactly and numbers its rows.
        """
        line = self.reader.line_num  # the header's last line
        handle = self.handle
        pending = Counter()  # line -> occurrences; every line in it is split in self.split_lines
        size = FAST_CHUNK_LINES * LINE_GUESS
        tail = ""  # a line begun at the end of the last block
        while True:
            block = handle.read(size)
            if block:
                cut = block.rfind("\n") + 1
                if not cut:  # no line ends in this block
                    tail += block
                    if len(tail) > MAX_LINE:
                        raise _line_too_long(line + 1)
                    continue
                text, tail = tail + block[:cut], block[cut:]
            else:
                text, tail = tail, ""  # the last line, without a line break
                if not text:
                    break
            lines = text.split("\n")
            if not lines[-1]:
                lines.pop()
            if self._count(pending, lines, text):
                line += len(lines)
                if len(pending) > SPLIT_MEMORY:  # memory follows distinct lines, not rows
                    yield from self._flush(pending, bad)
                    pending = Counter()
                    self.split_lines.clear()
                if block:
                    continue
                break
            yield from self._flush(pending, bad)
            rest = text + tail + (handle.readline(MAX_LINE + 1) if block else "")  # whole lines, then the file
            yield from self._csv_keys(chain(io.StringIO(rest, newline=""), bounded_lines(handle)), line, bad)
            return
        yield from self._flush(pending, bad)

    def _count(self, pending: Counter, lines: list, text: str) -> bool:
        """Add the lines to `pending` and split the new ones; False, adding nothing, when the csv
        module must read them: a quote, a lone carriage return (a line break to csv) or a short row."""
        if '"' in text or ("\r" in text and text.count("\r") != text.count("\r\n")):
            return False
        before = len(pending)
        pending.update(lines)
        if self._learn(islice(reversed(pending), len(pending) - before)):  # new keys come last
            return True
        pending.subtract(lines)
        for gone in [seen for seen, occurrences in pending.items() if occurrences <= 0]:
            del pending[gone]
        return False

    def _learn(self, texts) -> bool:
        """Split new distinct lines into their cells; False at the first row with too few cells."""
        for text in texts:
            cells = text.rstrip("\r\n")
            if not cells:
                self.split_lines[text] = None  # blank lines are not responses
                continue
            row = cells.split(",")
            if len(row) < self.width:
                return False
            self.split_lines[text] = self.getter(row)
        return True

    def _flush(self, pending: Counter, bad: Tally) -> Iterator[Counter]:
        chunk = Counter()
        known = self.split_lines
        for text, occurrences in pending.items():
            key = known[text]
            if key is not None:
                chunk[key] += occurrences
        bad.rows += sum(chunk.values())
        if chunk:
            yield chunk

    def _csv_keys(self, lines, offset: int, bad: Tally) -> Iterator[Counter]:
        reader = csv.reader(lines)
        rows = filter(None, reader)  # blank lines are not responses
        while True:
            chunk = Counter()
            part = islice(rows, CHUNK_ROWS)
            before = 0
            while True:
                try:
                    chunk.update(map(self.getter, part))
                    break
                except IndexError:  # a row with fewer cells than the header names
                    _reject(bad, MISSING, offset + reader.line_num,
                            "fewer cells than the header's columns")
                    before += 1
                except csv.Error as error:  # a cell over the csv module's field limit, a NUL byte ...
                    raise ImportProblem(f"row {offset + reader.line_num}: not readable as CSV ({error})") from None
            seen = sum(chunk.values()) + before
            bad.rows += seen
            yield chunk
            if seen < CHUNK_ROWS:
                return

    def numbered(self) -> Iterator[tuple[int, tuple]]:
        for row in self.reader:
            if row and len(row) >= self.width:
                yield self.reader.line_num, self.getter(row)


class _JsonLinesSource:
    def __init__(self, handle, columns: Columns):
        self.handle = handle
        names = {"touchpoint": columns.touchpoint, "metric": columns.metric, "answer": columns.answer,
                 "persona": columns.persona or "persona", "date": columns.date or "date",
                 "count": columns.count or "count"}
        optional = {"persona": columns.persona, "date": columns.date, "count": columns.count}
        self.required = {k: v for k, v in names.items() if k not in optional or optional[k]}
        self.names = names
        self.fields = None

    def _keys_of(self, line_number: int, line: str, bad: Optional[Tally]):
        try:
            data = json.loads(line, parse_int=_json_int)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if bad is not None:
                _reject(bad, NOT_JSON, line_number, "not a JSON object")
            return None
        if self.fields is None:  # optional columns: those the first object names
            self.fields = tuple(k for k, v in self.names.items() if k in self.required or v in data)
        return tuple(_cell(data.get(self.names[k])) for k in self.fields)

    def keys(self, bad: Tally) -> Iterator[Counter]:
        chunk = Counter()
        for number, line in enumerate(bounded_lines(self.handle), start=1):
            if not line.strip():
                continue
            bad.rows += 1
            key = self._keys_of(number, line, bad)
            if key is not None:
                chunk[key] += 1
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = Counter()
        yield chunk

    def numbered(self) -> Iterator[tuple[int, tuple]]:
        for number, line in enumerate(bounded_lines(self.handle), start=1):
            if line.strip():
                key = self._keys_of(number, line, None)
                if key is not None:
                    yield number, key


def _json_int(text: str):
    """A JSON integer; one with more digits than MAX_COUNT stays text, so the row is rejected as too
    large (Python would refuse to convert 4,300 digits and more, and the row would look like bad JSON)."""
    return int(text) if len(text.lstrip("-").lstrip("0")) <= len(str(MAX_COUNT)) else text


def bounded_lines(handle) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE characters (or an endless one, /dev/zero)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise _line_too_long(number)
        yield line


def _line_too_long(number: int) -> ImportProblem:
    return ImportProblem(f"line {number} is longer than {MAX_LINE:,} characters; a survey export has one "
                         "response a line")


def _cell(value):
    """JSON values as cells: strings and numbers stay, null is empty, anything else is shown as text."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    return json.dumps(value)


def _select(header: list[str], columns: Columns) -> tuple[tuple, list[int]]:
    position = {}
    for i, name in enumerate(header):
        position.setdefault(name.strip(), i)
    fields, indices = [], []
    for name, column, required in (("touchpoint", columns.touchpoint, True), ("metric", columns.metric, True),
                                   ("answer", columns.answer, True),
                                   ("persona", columns.persona or "persona", columns.persona is not None),
                                   ("date", columns.date or "date", columns.date is not None),
                                   ("count", columns.count or "count", columns.count is not None)):
        if column in position:
            fields.append(name)
            indices.append(position[column])
        elif required:
            raise ImportProblem(f"no column {column!r} in the header{did_you_mean(column, list(position)) or ''}")
    return tuple(fields), indices


def _reject(tally: Tally, kind: str, row: int, message: str) -> None:
    found = tally.rejected.setdefault(kind, Rejected())
    found.rows += 1
    if len(found.examples) < EXAMPLES_PER_KIND:
        found.examples.append((row, message))


def open_source(handle, input_format: str, columns: Columns):
    if input_format == "csv":
        return _CsvSource(handle, columns)
    if input_format == "jsonl":
        return _JsonLinesSource(handle, columns)
    raise ImportProblem(f"unknown input format {input_format!r} (csv or jsonl)")


def format_of(path: str) -> str:
    lowered = path.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith((".csv", ".txt")):
        return "csv"
    raise ImportProblem(f"{path}: cannot tell the format from the extension; use --input-format csv or jsonl")


# --------------------------------------------------------------------------- tally

def tally(path: str, journey_map: JourneyMap, columns: Columns = Columns(), window: Window = Window(),
          input_format: Optional[str] = None) -> Tally:
    """Count the responses in a survey export; every rejected row is counted and kept with its number."""
    input_format = input_format or format_of(path)
    result = Tally()
    sizes = {m: getattr(journey_map.scales, m).max - getattr(journey_map.scales, m).min + 1 for m in METRICS}
    bad_keys: dict = {}  # distinct rejected tuple -> (kind, message); bounded below
    with open(path, newline="", encoding="utf-8-sig", errors="strict") as handle:
        source = open_source(handle, input_format, columns)
        checker = None
        verdicts: dict = {}  # distinct tuple -> verdict, kept across chunks while it stays small
        for chunk in source.keys(result):
            if checker is None and source.fields is not None:
                checker = _Checker(journey_map, source.fields, window)
            if len(verdicts) > 200_000:
                verdicts.clear()
            for key, occurrences in chunk.items():
                verdict = verdicts.get(key)
                if verdict is None:
                    verdict = verdicts[key] = checker.judge(key)
                if verdict[0] == "ok":
                    _, touchpoint, metric, index, responses, persona = verdict
                    counts = result.counts.get((touchpoint, metric))
                    if counts is None:
                        counts = result.counts[(touchpoint, metric)] = [0] * sizes[metric]
                    counts[index] += occurrences * responses
                    result.responses += occurrences * responses
                    if persona is not None:
                        split = result.persona_counts.setdefault((touchpoint, metric), {})
                        split.setdefault(persona, [0] * sizes[metric])[index] += occurrences * responses
                elif verdict[0] == "filtered":
                    result.filtered += occurrences
                else:
                    _, kind, message = verdict
                    found = result.rejected.setdefault(kind, Rejected())
                    found.rows += occurrences
                    if len(bad_keys) < 100_000:
                        bad_keys[key] = (kind, message)
    if bad_keys:
        _number_rejected_rows(path, input_format, columns, result, bad_keys)
    for found in result.rejected.values():
        found.examples.sort()
    result.rejected = {kind: result.rejected[kind] for kind in KINDS if kind in result.rejected}
    return result


def _number_rejected_rows(path, input_format, columns, result: Tally, bad_keys: dict) -> None:
    """Second pass, only when rows were rejected: find the row numbers of the first ones of each kind."""
    wanted = {kind for kind, _m in bad_keys.values()}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        source = open_source(handle, input_format, columns)
        for number, key in source.numbered():
            found = bad_keys.get(key)
            if found is None:
                continue
            kind, message = found
            examples = result.rejected[kind].examples
            if len(examples) < EXAMPLES_PER_KIND:
                examples.append((number, message))
            elif kind in wanted:
                wanted.discard(kind)
                if not wanted:
                    return
