"""Write imported answer counts into a map's `satisfaction` blocks, keeping everything else as it was.

The usual map is edited as text: jmap's own loader parses it once and records where every value
starts and ends, and only the numbers that change are rewritten (a counts list, a metric that
`--replace` turns into counts, or a new line for a metric the touchpoint did not have). Every
other byte stays as it was. The edited text is loaded again and must hold exactly the expected
data.

Layouts that path does not handle (a flow-style `satisfaction: {...}`, anchors, tags, tabs, CRLF
line endings, block scalars where a line is inserted, ...) go through ruamel.yaml's round trip
instead, which keeps comments, blank lines, key order and quoting; the indentation is taken from
the file itself. Either way new counts are written as flow lists `[1, 2, 3, 4, 5]`.
"""

from __future__ import annotations

import io
import re
from typing import Optional

from journeymap.importing.importer import ImportProblem
from journeymap.scoring.metrics import nps_groups
from journeymap.model.records import NPS_GROUPS

# A new `satisfaction` block goes before the first of these keys, so it sits beside `emotion`.
_AFTER_SATISFACTION = ("targets", "kpis", "pains", "opportunities", "next")


def _flow_list(values):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flow_map(**items):
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml means them, from the file's first nested mapping and list.

    A cheap look at the lines rather than ruamel's own guess, which parses the whole document again.
    """
    mapping = sequence = offset = None
    previous = None  # (indent, text) of the last line that opened a block (`key:`)
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if previous is not None and indent > previous:
            if stripped.startswith("- ") and sequence is None:
                offset = indent - previous
                rest = stripped[2:]
                sequence = offset + 2 + (len(rest) - len(rest.lstrip(" ")))
            elif not stripped.startswith("- ") and mapping is None:
                mapping = indent - previous
        if mapping is not None and sequence is not None:
            break
        previous = indent if stripped.rstrip().endswith(":") and not stripped.startswith("- ") else None
    mapping = mapping or 2
    return mapping, sequence or mapping, offset if offset is not None else 0


def _yaml(text: str):
    from ruamel.yaml import YAML

    mapping, sequence, offset = guess_indent(text)
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _touchpoint_nodes(document) -> dict:
    found = {}
    for stage in document.get("stages") or []:
        for touchpoint in stage.get("touchpoints") or []:
            found.setdefault(touchpoint.get("id"), touchpoint)
    return found


def _satisfaction_node(touchpoint):
    from ruamel.yaml.comments import CommentedMap

    node = touchpoint.get("satisfaction")
    if node is None:
        node = CommentedMap()
        keys = list(touchpoint.keys())
        position = next((keys.index(k) for k in _AFTER_SATISFACTION if k in keys), len(keys))
        touchpoint.insert(position, "satisfaction", node)
    return node


def merge(old, imported: list[int], metric: str, replace: bool):
    """The metric's new content, changed in place where it exists; None when adding is impossible."""
    if old is None:
        return _flow_map(counts=_flow_list(imported))
    if replace:
        for key in [k for k in old if k != "counts"]:
            del old[key]
        old["counts"] = _flow_list(imported)
        return old
    if old.get("counts") is not None:
        old["counts"] = _flow_list([a + b for a, b in zip(old["counts"], imported)])
        return old
    if metric == "nps" and all(old.get(k) is not None for k in NPS_GROUPS):
        for group, added in zip(NPS_GROUPS, nps_groups(imported)):
            old[group] += added
        return old
    return None  # value and n: the answers behind the value are unknown, counts cannot be added


def _impossible(names: list[str]) -> ImportProblem:
    return ImportProblem(f"cannot add counts to a score given as value and n ({', '.join(names)}); "
                         "use --replace to set the counts from the file")


def _shared_nodes(touchpoints: dict) -> dict:
    """id of a satisfaction or metric node -> how many touchpoints reach it (anchors, aliases, `<<`)."""
    reached: dict = {}
    for touchpoint in touchpoints.values():
        seen = set()
        satisfaction = touchpoint.get("satisfaction") if isinstance(touchpoint, dict) else None
        if isinstance(satisfaction, dict):
            seen.add(id(satisfaction))
            seen.update(id(node) for node in satisfaction.values() if isinstance(node, (dict, list)))
        for key in seen:
            reached[key] = reached.get(key, 0) + 1
    return reached


def _plain_copy(node):
    """A copy of a ruamel node with no anchor, keeping flow style: the touchpoint's own from now on."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, dict):
        copy = CommentedMap((key, _plain_copy(value)) for key, value in node.items())
    elif isinstance(node, list):
        copy = CommentedSeq(_plain_copy(value) for value in node)
    elif isinstance(node, int) and not isinstance(node, bool):
        return int(node)
    elif isinstance(node, float):
        return float(node)
    else:
        return node
    if getattr(node, "fa", None) is not None and node.fa.flow_style():
        copy.fa.set_flow_style()
    return copy


def _own(parent, key, reached: dict, label: str, notes: list):
    """parent[key], copied into parent first when other places share it: they keep what they have."""
    node = parent.get(key)
    if not isinstance(node, (dict, list)):
        return node
    anchor = getattr(getattr(node, "anchor", None), "value", None)
    merged = hasattr(parent, "_ok") and key not in parent._ok
    if reached.get(id(node), 0) <= 1 and anchor is None and not merged:
        return node
    line = getattr(getattr(node, "lc", None), "line", None)
    how = f"the anchor &{anchor}" if anchor else ("a merge key `<<`" if merged else "an alias")
    where = f" (line {line + 1})" if line is not None else ""
    notes.append(f"{label} was shared through {how}{where}; it now has its own counts, "
                 "the other places keep theirs")
    copy = _plain_copy(node)
    parent[key] = copy
    return copy


def ruamel_rewrite(text: str, counts: dict, replace: bool = False, notes: Optional[list] = None) -> str:
    """`rewrite` by a ruamel.yaml round trip of the whole file: any layout, about 0.1-0.3 s a map.

    Counts shared through anchors, aliases or `<<` merge keys are never changed where they are
    shared: the touchpoint gets its own copy first, and `notes` says so.
    """
    notes = [] if notes is None else notes
    yaml = _yaml(text)
    document = yaml.load(text)
    touchpoints = _touchpoint_nodes(document)
    reached = _shared_nodes(touchpoints)
    impossible = []
    for (touchpoint_id, metric), imported in counts.items():
        touchpoint = touchpoints[touchpoint_id]
        _own(touchpoint, "satisfaction", reached, f"{touchpoint_id}.satisfaction", notes)
        satisfaction = _satisfaction_node(touchpoint)
        _own(satisfaction, metric, reached, f"{touchpoint_id}.{metric}", notes)
        merged = merge(satisfaction.get(metric), imported, metric, replace)
        if merged is None:
            impossible.append(f"{touchpoint_id}.{metric}")
        elif satisfaction.get(metric) is not merged:
            satisfaction[metric] = merged
    if impossible:
        raise _impossible(impossible)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


# --------------------------------------------------------------------------- text edits

class Unsupported(Exception):
    """The text edits do not handle this map's layout (the message says why): the round trip does."""


# Characters that make the text edits' line arithmetic unsafe: CR, tab, the other YAML 1.1 line
# breaks (NEL, LS, PS) and a byte order mark (which the loader drops, shifting every offset).
_AWKWARD = ("\r", "\t", "\x85", "\u2028", "\u2029", "\ufeff")
_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_METRIC_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_LINE_REST = re.compile(r"[ ]*(?:#[^\n]*)?(?:\n|\Z)")  # what may follow a value on its last line
_KEY_TO_BLOCK = re.compile(r"[ ]*:[ \n]*\Z")  # between a key and its block list: no comment


def _flow(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


class _Planner:
    """Works out the text edits for one map: (start, end, new text) with offsets into the text."""

    def __init__(self, text: str, document):
        self.text = text
        self.spans = document.spans
        self.key_spans = document.key_spans
        self.edits: list[tuple[int, int, str]] = []
        self._indent: Optional[int] = None

    def _start(self, path) -> int:
        return self.spans[path][0].index

    def _first(self, path) -> str:
        index = self._start(path)
        return self.text[index:index + 1]

    def is_flow(self, path) -> bool:
        return self._first(path) in ("[", "{")

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def end(self, path, value) -> int:
        """Where a value really ends: a block collection's recorded end reaches over the comments
        and blank lines after it to the next token, so it is taken from its last entry instead."""
        while isinstance(value, (dict, list)) and value and not self.is_flow(path):
            if isinstance(value, dict):
                key = next(reversed(value))
                path, value = path + (key,), value[key]
            else:
                path, value = path + (len(value) - 1,), value[-1]
        start, end = self.spans[path]
        if start.index >= end.index or self.text[start.index] in "|>":
            raise Unsupported(f"the value at {_dotted(path)} has no exact end (empty, or a block scalar)")
        return end.index

    def after_line(self, path, value) -> tuple[int, str]:
        """(offset, prefix) to insert whole lines after the line on which a value ends."""
        end = self.end(path, value)
        rest = _LINE_REST.match(self.text, end)
        if rest is None:
            raise Unsupported(f"something other than a comment follows {_dotted(path)} on its line")
        if rest.end() == len(self.text) and not self.text.endswith("\n"):
            return len(self.text), "\n"
        return rest.end(), ""

    def key_column(self, path, alone: bool) -> int:
        """The column of a key; with `alone`, the key must start its line (no `- ` before it)."""
        start = self.key_spans[path][0].index
        line = self._line_start(start)
        if alone and self.text[line:start].strip(" "):
            raise Unsupported(f"the key {_dotted(path)} does not start its line")
        return start - line

    def ints(self, path, values) -> list[int]:
        """Old numbers that the new ones are added to: plain decimal whole numbers only."""
        if not isinstance(values, list):
            raise Unsupported(f"{_dotted(path)} is not a list of whole numbers")
        for i, value in enumerate(values):
            self.number(path + (i,), value)
        return values

    def number(self, path, value) -> int:
        start, end = self.spans[path]
        if type(value) is not int or not _INT_TEXT.match(self.text[start.index:end.index]):
            raise Unsupported(f"{_dotted(path)} is not written as a plain whole number")
        return value

    def set_scalar(self, path, value: int) -> None:
        start, end = self.spans[path]
        self.edits.append((start.index, end.index, str(value)))

    def set_counts(self, path, old, values) -> None:
        """The counts list at `path` becomes the flow list `values`.

        A list with a comment inside keeps its layout: only its numbers change, one by one.
        """
        start, end = self._start(path), self.end(path, old)
        if "#" in self.text[start:end] and isinstance(old, list) and len(old) == len(values):
            for i, (before, value) in enumerate(zip(old, values)):
                self.number(path + (i,), before)
                self.set_scalar(path + (i,), value)
            return
        if not isinstance(old, (dict, list)) or self.is_flow(path):
            self.edits.append((start, end, _flow(values)))
            return
        key_end = self.key_spans[path][1].index  # a block list: `counts:` and the list become one line
        if not _KEY_TO_BLOCK.match(self.text, key_end, start) or "#" in self.text[start:end]:
            raise Unsupported(f"comments in or before the block list {_dotted(path)}")
        self.edits.append((key_end, end, ": " + _flow(values)))

    def set_metric(self, path, old, values) -> None:
        """A metric becomes `{counts: [...]}` (its other keys and any comments inside it go)."""
        start, end = self._start(path), self.end(path, old)
        if self.is_flow(path):
            self.edits.append((start, end, "{counts: " + _flow(values) + "}"))
        else:
            self.edits.append((start, end, "counts: " + _flow(values)))

    def mapping_indent(self) -> int:
        if self._indent is None:
            self._indent = guess_indent(self.text)[0]
        return self._indent

    def insert(self, offset: int, lines: str) -> None:
        self.edits.append((offset, offset, lines))


def apply_edits(text: str, edits: list) -> str:
    """The text with every (start, end, new text) edit made; edits that overlap or share a start are refused."""
    edits = sorted(edits)
    for (start, end, _new), (next_start, _end, _next) in zip(edits, edits[1:]):
        if next_start < end or next_start == start:
            raise Unsupported("two edits overlap or start at one offset")
    pieces, at = [], 0
    for start, end, new in edits:
        pieces += [text[at:start], new]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _dotted(path) -> str:
    return ".".join(str(part) for part in path)


def _metric_line(indent: int, metric: str, values) -> str:
    return f"{' ' * indent}{metric}: {{counts: {_flow(values)}}}\n"


def surgical_edits(text: str, counts: dict, replace: bool = False):
    """(edits, expected data): the text edits that write `counts`, and the data the edited text must hold.

    Raises Unsupported when the layout needs the round trip, ImportProblem (as the round trip
    would) when counts cannot be added to a score given as value and n.
    """
    from journeymap.load.loader import load

    if any(c in text for c in _AWKWARD):
        raise Unsupported("CR line endings, tabs, a byte order mark or unusual line breaks")
    if text.startswith("%") or "\n%" in text:
        raise Unsupported("a YAML directive")
    if "<<" in text:
        raise Unsupported("a merge key `<<` (or text that looks like one)")
    for (touchpoint_id, metric), values in counts.items():
        if not isinstance(metric, str) or not _METRIC_NAME.match(metric) or \
                not all(type(v) is int for v in values):
            raise Unsupported(f"counts the text edits do not write: {touchpoint_id}.{metric}")
    try:
        document = load(text.encode("utf-8"), "map")
    except UnicodeEncodeError:
        raise Unsupported("text that is not valid Unicode") from None
    if document.diagnostics or not isinstance(document.data, dict):
        raise Unsupported("the loader reports problems with the map")
    if any(c in text for c in "&*!"):  # an anchor, alias or tag starts the span of its node
        for marks in (*document.spans.values(), *document.key_spans.values()):
            if text[marks[0].index:marks[0].index + 1] in ("&", "*", "!"):
                raise Unsupported("anchors, aliases or tags")
    plan = _Planner(text, document)
    data = document.data
    touchpoints = _touchpoint_paths(data)
    impossible = []
    missing: dict = {}  # touchpoint id -> [(metric, counts)] to write as new lines, in order
    updates = []  # (mapping, key, value): the expected data, set once every edit is planned on the old
    for (touchpoint_id, metric), imported in counts.items():
        if touchpoint_id not in touchpoints:
            raise Unsupported(f"no touchpoint {touchpoint_id!r}")
        path, touchpoint = touchpoints[touchpoint_id]
        if plan.is_flow(path):
            raise Unsupported(f"the touchpoint {touchpoint_id} is a flow mapping")
        satisfaction = touchpoint.get("satisfaction")
        if satisfaction is None:
            if "satisfaction" in touchpoint:
                raise Unsupported(f"{touchpoint_id}.satisfaction is empty")
            missing.setdefault(touchpoint_id, []).append((metric, imported))
            continue
        where = path + ("satisfaction",)
        if not isinstance(satisfaction, dict) or not satisfaction or plan.is_flow(where):
            raise Unsupported(f"{touchpoint_id}.satisfaction is not a block mapping")
        old = satisfaction.get(metric)
        if old is None:
            if metric in satisfaction:
                raise Unsupported(f"{touchpoint_id}.satisfaction.{metric} is empty")
            missing.setdefault(touchpoint_id, []).append((metric, imported))
            continue
        if not isinstance(old, dict):
            raise Unsupported(f"{touchpoint_id}.satisfaction.{metric} is not a mapping")
        where += (metric,)
        if replace:
            if list(old) == ["counts"] and old["counts"] is not None:
                plan.set_counts(where + ("counts",), old["counts"], imported)
            else:
                plan.set_metric(where, old, imported)
            updates.append((satisfaction, metric, {"counts": list(imported)}))
        elif old.get("counts") is not None:
            added = [a + b for a, b in zip(plan.ints(where + ("counts",), old["counts"]), imported)]
            plan.set_counts(where + ("counts",), old["counts"], added)
            updates.append((old, "counts", added))
        elif metric == "nps" and all(old.get(k) is not None for k in NPS_GROUPS):
            for group, added in zip(NPS_GROUPS, nps_groups(imported)):
                total = plan.number(where + (group,), old[group]) + added
                plan.set_scalar(where + (group,), total)
                updates.append((old, group, total))
        else:
            impossible.append(f"{touchpoint_id}.{metric}")
    if impossible:
        raise _impossible(impossible)
    for touchpoint_id, metrics in missing.items():
        path, touchpoint = touchpoints[touchpoint_id]
        satisfaction = touchpoint.get("satisfaction")
        if satisfaction is not None:  # new lines at the end of the block, at its keys' indentation
            where = path + ("satisfaction",)
            indent = plan.key_column(where + (next(iter(satisfaction)),), alone=True)
            offset, prefix = plan.after_line(where, satisfaction)
            plan.insert(offset, prefix + "".join(_metric_line(indent, m, v) for m, v in metrics))
            updates += [(satisfaction, m, {"counts": list(v)}) for m, v in metrics]
            continue
        # a new block, where the round trip puts it: before the first of _AFTER_SATISFACTION, else last
        indent = plan.key_column(path + (next(iter(touchpoint)),), alone=False)
        following = next((k for k in _AFTER_SATISFACTION if k in touchpoint), None)
        if following is not None:
            plan.key_column(path + (following,), alone=True)
            offset, prefix = plan._line_start(plan.key_spans[path + (following,)][0].index), ""
        else:
            offset, prefix = plan.after_line(path, touchpoint)
        block = f"{' ' * indent}satisfaction:\n" + "".join(
            _metric_line(indent + plan.mapping_indent(), m, v) for m, v in metrics)
        plan.insert(offset, prefix + block)
        updates.append((touchpoint, "satisfaction", {m: {"counts": list(v)} for m, v in metrics}))
    for mapping, key, value in updates:
        mapping[key] = value
    return plan.edits, data


def _touchpoint_paths(data: dict) -> dict:
    """Touchpoint id -> (path, touchpoint), the first touchpoint of an id as the round trip finds it."""
    found = {}
    stages = data.get("stages") or []
    if not isinstance(stages, list):
        raise Unsupported("stages is not a list")
    for s, stage in enumerate(stages):
        if not isinstance(stage, dict) or not isinstance(stage.get("touchpoints") or [], list):
            raise Unsupported(f"stage {s} is not a mapping with a list of touchpoints")
        for t, touchpoint in enumerate(stage.get("touchpoints") or []):
            if not isinstance(touchpoint, dict):
                raise Unsupported(f"touchpoint {t} of stage {s} is not a mapping")
            found.setdefault(touchpoint.get("id"), (("stages", s, "touchpoints", t), touchpoint))
    return found


def rewrite_traced(text: str, counts: dict, replace: bool = False,
                   notes: Optional[list] = None) -> tuple[str, str]:
    """`rewrite`, and how it was done: "surgical", or "ruamel: <why the text edits could not>"."""
    from journeymap.load.loader import load

    try:
        edits, expected = surgical_edits(text, counts, replace)
        edited = apply_edits(text, edits)
        check = load(edited.encode("utf-8"), "map")
        if check.diagnostics or check.data != expected:
            raise Unsupported("the edited text does not load as the expected data")
    except Unsupported as why:
        return ruamel_rewrite(text, counts, replace, notes), f"ruamel: {why}"
    return edited, "surgical"


def rewrite(text: str, counts: dict, replace: bool = False, notes: Optional[list] = None) -> str:
    """The map's text with `counts` ((touchpoint, metric) -> answer counts) added or set.

    `notes` collects what the user should know, such as counts that were shared and now are not.
    """
    return rewrite_traced(text, counts, replace, notes)[0]


# --------------------------------------------------------------------------- measured numbers

# A touchpoint's new `reach` goes before the first of these keys; new `kpis` before the first of the rest.
_AFTER_REACH = ("emotion", "satisfaction") + _AFTER_SATISFACTION
_AFTER_KPIS = _AFTER_SATISFACTION[2:]


def _put(node, key: str, value, before: tuple) -> None:
    """Set `key` in a mapping, in place when it exists, else before the first of `before` there."""
    if key in node:
        node[key] = value
        return
    keys = list(node.keys())
    node.insert(next((keys.index(k) for k in before if k in keys), len(keys)), key, value)


def write_measured(text: str, reach: dict, rates: dict, measured: dict) -> str:
    """The map's text with measured numbers, by the same round trip as the counts (comments kept):
    `reach` (touchpoint -> count), `rates` ((touchpoint, KPI name) -> (successes, n)) as KPIs with
    their counts (a target, `better` or unit already there stays), and the top-level `measured` block
    (a list in it, such as `undeclared`, replaces the old one, one flow mapping per line; empty: removed)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml(text)
    document = yaml.load(text)
    touchpoints = _touchpoint_nodes(document)
    for touchpoint_id, count in reach.items():
        _put(touchpoints[touchpoint_id], "reach", count, _AFTER_REACH)
    for (touchpoint_id, name), (successes, n) in rates.items():
        node = touchpoints[touchpoint_id]
        if node.get("kpis") is None:
            _put(node, "kpis", CommentedMap(), _AFTER_KPIS)
        kpi = node["kpis"].get(name)
        if kpi is None:
            node["kpis"][name] = _flow_map(successes=successes, n=n)
        else:
            kpi.pop("value", None)
            kpi["successes"], kpi["n"] = successes, n
    block = document.get("measured")
    if block is None:
        document["measured"] = block = CommentedMap()
    for key, value in measured.items():
        if not isinstance(value, list):
            block[key] = value
        elif value:
            block[key] = CommentedSeq([_flow_map(**item) for item in value])
        else:
            block.pop(key, None)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


# --------------------------------------------------------------------------- personas and period

def rewrite_split(text: str, persona_counts: dict, replace: bool = False, period: Optional[str] = None) -> str:
    """Write each persona's counts under its metric (`csat: {counts, personas: {p: {counts}}}`) and
    stamp `journey.period`, by a ruamel.yaml round trip (comments, order and quoting kept).

    Run after `rewrite` has written the pooled counts. With `replace` (or a new period) a metric's
    per-persona counts become exactly the imported ones; otherwise they are added, persona by
    persona. A metric written as a flow mapping turns block style, so the split stays readable.
    """
    from ruamel.yaml.comments import CommentedMap

    if not persona_counts and period is None:
        return text
    yaml = _yaml(text)
    document = yaml.load(text)
    if period is not None:
        journey = document.get("journey")
        if journey.get("period") != period:
            if "period" in journey:
                journey["period"] = period
            else:
                keys = list(journey.keys())
                journey.insert(keys.index("title") + 1 if "title" in keys else len(keys), "period", period)
    touchpoints = _touchpoint_nodes(document)
    for (touchpoint_id, metric), split in persona_counts.items():
        node = touchpoints[touchpoint_id]["satisfaction"][metric]
        if getattr(node, "fa", None) is not None and node.fa.flow_style():
            node.fa.set_block_style()
        personas = node.get("personas")
        if personas is None or replace:
            personas = CommentedMap()
            node["personas"] = personas
        for persona in sorted(split):
            imported = split[persona]
            old = personas.get(persona)
            if old is not None and old.get("counts") is not None:
                old["counts"] = _flow_list([a + b for a, b in zip(old["counts"], imported)])
            else:
                personas[persona] = _flow_map(counts=_flow_list(imported))
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
