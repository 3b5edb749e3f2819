"""Mermaid `journey` diagrams: a map exported as one (GitHub draws them in Markdown), and one read back.

Mermaid's journey syntax has no quoting. A title, section or task cannot hold `:`, `#`, `;`
or a line break, actors cannot hold `,`, `%%` starts a comment, and a task whose name starts
with a keyword (`section`, `title`, `journey`, `accTitle`, `accDescr`) is read as that keyword.
So every user text is written with Mermaid's entity codes (`#58;` for `:`, drawn as `:`),
line breaks and control characters become spaces, and a leading keyword gets its first
letter as an entity code. The importer decodes the same codes, so names survive a round trip.

The importer follows Mermaid's own journey grammar (its lexer rules, in their order), so
it accepts what Mermaid accepts and rejects, with a line number, what Mermaid rejects.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from journeymap.scoring import metrics

from journeymap.scoring import estimates as scoring
from journeymap.model.records import SLUG_PATTERN
from journeymap.outputs.registry import View

NO_DATA_SCORE = 3  # a touchpoint with no survey or emotion data is drawn in the middle, and says so
FALLBACK_TITLE = "Imported journey"
UNSECTIONED = "No section"

# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------

_ESCAPED = set("&#;:%<>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_KEYWORD_START = re.compile(r"(journey|title|section|acctitle|accdescr)", re.IGNORECASE)


def mermaid_text(text: str, also: str = "") -> str:
    """User text made safe for one Mermaid journey line: entity codes for syntax characters."""
    text = _CONTROL.sub(" ", str(text)).strip()
    return "".join(f"#{ord(ch)};" if ch in _ESCAPED or ch in also else ch for ch in text)


def _task_name(text: str, fallback: str) -> str:
    name = mermaid_text(text) or fallback
    if _KEYWORD_START.match(name):
        name = f"#{ord(name[0])};{name[1:]}"
    return name


def journey_score(row) -> Optional[int]:
    """The 1..5 score of a touchpoint from its experience score, None without survey data."""
    return None if row.experience is None else metrics.five_point(row.experience.score)


def felt_score(row, scales) -> Optional[int]:
    """The 1..5 of a touchpoint's emotion: what a Mermaid journey draws where no survey exists."""
    felt = None if row.emotion is None else scoring.normalised("emotion", row.emotion, scales)
    return None if felt is None else metrics.five_point(felt)


def to_mermaid(scored, view: View = View()) -> str:
    """A scored map (gaps.scored.ScoredMap) as a Mermaid journey: sections are stages, tasks
    touchpoints, actors the personas served."""
    journey_map = scored.map
    persona_names = {p.id: p.name for p in journey_map.personas}
    lines = ["journey"]
    title = mermaid_text(journey_map.journey.title)
    if title:
        lines.append(f"    title {title}")
    if journey_map.journey.description and mermaid_text(journey_map.journey.description):
        lines.append(f"    accDescr: {mermaid_text(journey_map.journey.description)}")
    for stage in journey_map.stages:
        lines.append(f"    section {mermaid_text(stage.name) or stage.id}")
        for touchpoint in stage.touchpoints:
            row = scored.row(touchpoint.id)
            score = journey_score(row)
            if score is None:
                score = felt_score(row, journey_map.scales)
                lines.append("        %% no survey: drawn at its emotion" if score is not None
                             else f"        %% no survey or emotion data: drawn at {NO_DATA_SCORE}")
                score = NO_DATA_SCORE if score is None else score
            served = touchpoint.personas if touchpoint.personas is not None else list(persona_names)
            actors = [mermaid_text(persona_names.get(p, p), also=",") or p for p in served]
            line = f"        {_task_name(touchpoint.name, touchpoint.id)}: {score}"
            lines.append(line + (f": {', '.join(actors)}" if actors else ""))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Import: Mermaid's lexer rules, in Mermaid's order (first match wins)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str = "error"  # or "warning": the map is still produced


@dataclass
class Task:
    name: str
    score: float
    actors: list
    line: int


@dataclass
class Section:
    name: str
    tasks: list = field(default_factory=list)


@dataclass
class Journey:
    title: Optional[str] = None
    front_matter_title: Optional[str] = None
    acc_title: Optional[str] = None
    acc_descr: Optional[str] = None
    sections: list = field(default_factory=list)


_RULES = {
    "INITIAL": [
        (None, r"%%(?!\{)[^\n]*"),
        (None, r"[^}]%%[^\n]*"),
        ("NEWLINE", r"\n+"),
        (None, r"\s+"),
        (None, r"#[^\n]*"),
        ("journey", r"journey\b"),
        ("title", r"title\s[^#\n;]+"),
        ("acc_title", r"accTitle\s*:\s*"),
        ("acc_descr", r"accDescr\s*:\s*"),
        ("acc_descr_multiline", r"accDescr\s*\{\s*"),
        ("section", r"section\s[^#:\n;]+"),
        ("taskName", r"[^#:\n;]+"),
        ("taskData", r":[^#\n;]+"),
        (":", r":"),
        ("INVALID", r"."),
    ],
    "acc_title": [("acc_title_value", r"[^\n]*")],
    "acc_descr": [("acc_descr_value", r"[^\n]*")],
    "acc_descr_multiline": [("END", r"\}"), ("acc_descr_multiline_value", r"[^}]*")],
}
_COMPILED = {state: [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in rules] for state, rules in _RULES.items()}
_NEXT_STATE = {"acc_title": "acc_title", "acc_descr": "acc_descr", "acc_descr_multiline": "acc_descr_multiline"}


def _tokens(text: str, first_line: int):
    """(kind, text, line) in Mermaid's order; comments and spaces skipped; ends with EOF."""
    state, pos, line = "INITIAL", 0, first_line
    while pos < len(text):
        for kind, pattern in _COMPILED[state]:  # noqa: B007 - the matching kind is read after the loop
            found = pattern.match(text, pos)
            if found is not None:
                break
        else:  # an exclusive state with nothing left to match
            break
        lexeme = found.group()
        if kind in _NEXT_STATE:
            state = _NEXT_STATE[kind]
            if kind != "acc_descr_multiline":
                yield kind, lexeme, line
        elif kind == "END":
            state = "INITIAL"
        elif kind is not None:
            if state in ("acc_title", "acc_descr"):
                state = "INITIAL"
            yield kind, lexeme, line
        line += lexeme.count("\n")
        if found.end() == pos and kind not in ("acc_title_value", "acc_descr_value"):
            break  # an empty match that changes nothing would loop forever
        pos = found.end()
    yield "EOF", "", line


_ENTITY = re.compile(r"#\w+;")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def _decode(text: str, entities: list) -> str:
    """Mermaid's entity codes (`#58;`, `#amp;`) back to the characters they draw."""
    def one(found):
        code = entities[int(found.group(1))][1:-1]
        if code.isdigit():
            number = int(code)
            return chr(number) if 0 < number < 0x110000 else f"#{code};"
        decoded = html.unescape(f"&{code};")
        return f"#{code};" if decoded == f"&{code};" else decoded
    return _PLACEHOLDER.sub(one, text)


def js_number(text: str) -> float:
    """JavaScript's Number(text), which Mermaid uses for a task's score: '' is 0, junk is NaN."""
    s = text.strip()
    if not s:
        return 0.0
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return float(s)
    if re.fullmatch(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+", s):
        return float(int(s, 0))
    if s in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if s.startswith("-") else math.inf
    return math.nan


def _front_matter(text: str, journey: Journey, problems: list) -> str:
    """Take the `---` front matter off (keeping line numbers) and read its title."""
    import yaml

    if not re.match(r"---[ \t]*\n", text):
        return text
    end = re.search(r"\n---[ \t]*(\n|$)", text)
    if end is None:
        problems.append(Problem(1, "front matter opened with '---' is never closed"))
        return text
    block = text[text.index("\n") + 1:end.start() + 1]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Problem(2 + (mark.line if mark else 0), f"front matter is not valid YAML ({getattr(error, 'problem', None) or error})"))
        return text
    if data is not None and not isinstance(data, dict):
        problems.append(Problem(2, "front matter must be a YAML mapping"))
    elif data and data.get("title") is not None:
        journey.front_matter_title = str(data["title"])
    consumed = text[:end.end()]
    return "\n" * consumed.count("\n") + text[end.end():]


def parse_journey(text: str) -> tuple[Journey, list]:
    """Read Mermaid journey text; problems carry 1-based line numbers of the original text."""
    journey, problems = Journey(), []
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _front_matter(text, journey, problems)
    if problems:
        return journey, problems
    text = re.sub(r"%%\{.*?\}%%", lambda m: "\n" * m.group().count("\n"), text, flags=re.DOTALL)
    entities: list = []

    def hide(found):
        entities.append(found.group())
        return f"\ue000{len(entities) - 1}\ue001"
    text = _ENTITY.sub(hide, text)
    first = next(((number, line) for number, line in enumerate(text.split("\n"), 1)
                  if line.strip() and not re.match(r"\s*%%(?!\{)", line)), (1, ""))
    if not first[1].lstrip().startswith("journey"):
        problems.append(Problem(first[0], "not a Mermaid journey diagram: it must start with 'journey'"))
        return journey, problems
    _statements(_tokens(text, 1), journey, problems, lambda s: _decode(s, entities))
    return journey, problems


def _statements(tokens, journey: Journey, problems: list, decode) -> None:
    tokens = iter(tokens)
    kind, lexeme, line = next(tokens)
    while kind == "NEWLINE":  # Mermaid trims the text before parsing
        kind, lexeme, line = next(tokens)
    if kind != "journey":
        problems.append(Problem(line, "not a Mermaid journey diagram: it must start with 'journey'"))
        return
    current: Optional[Section] = None
    for kind, lexeme, line in tokens:
        if kind in ("NEWLINE", "EOF"):
            continue
        if kind == "title":
            journey.title = decode(lexeme[6:]).strip()
        elif kind in ("acc_title", "acc_descr"):
            _value_kind, value, _line = next(tokens)
            setattr(journey, kind, decode(value).strip())
        elif kind == "acc_descr_multiline_value":
            journey.acc_descr = decode(lexeme).strip()
        elif kind == "section":
            current = Section(decode(lexeme[8:]).strip())
            journey.sections.append(current)
        elif kind == "taskName":
            data_kind, data, _line = next(tokens)
            name = decode(lexeme).strip()
            if data_kind == "INVALID":
                problems.append(_unexpected(data, line))
                return
            if data_kind != "taskData":
                problems.append(Problem(line, f"task '{name}' has no score: write '{name}: 5' or '{name}: 5: Actor'"))
                return
            task = _task(name, data[1:], line, problems, decode)
            if task is None:
                return
            if current is None:
                current = Section(UNSECTIONED)
                journey.sections.append(current)
            current.tasks.append(task)
        elif kind in ("taskData", ":"):
            problems.append(Problem(line, "':' with no task name before it"))
            return
        elif kind == "journey":
            problems.append(Problem(line, "'journey' may only start the diagram"))
            return
        else:
            problems.append(_unexpected(lexeme, line))
            return


def _unexpected(lexeme: str, line: int) -> Problem:
    character = lexeme[:1]
    hint = {";": " (write #59; for a semicolon)"}.get(character, "")
    return Problem(line, f"unexpected {character!r}{hint}")


def _task(name: str, data: str, line: int, problems: list, decode) -> Optional[Task]:
    """Mermaid's reading of `: score: actor, actor`: Number() of the first part, later parts ignored."""
    pieces = [decode(piece) for piece in data.split(":")]
    score = js_number(pieces[0])
    if math.isnan(score):
        problems.append(Problem(line, f"task '{name}': score '{pieces[0].strip()}' is not a number (1-5)"))
        return None
    if not 1 <= score <= 5:
        clamped = min(5.0, max(1.0, score))
        problems.append(Problem(line, f"task '{name}': score {pieces[0].strip() or '(empty)'} is outside 1-5 "
                                      f"(Mermaid draws it outside the chart); taken as {clamped:g}", "warning"))
        score = clamped
    actors = [] if len(pieces) == 1 else [decode(a).strip() for a in data.split(":")[1].split(",") if decode(a).strip()]
    return Task(name or "Task", score, actors, line)


# --------------------------------------------------------------------------
# Import: the parsed journey as a jmap map
# --------------------------------------------------------------------------


def slug(text: str, fallback: str) -> str:
    """A lower-case slug the model accepts (ASCII letters and digits joined by '-'), or the fallback."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    found = "-".join(re.findall(r"[a-z0-9]+", folded))[:80].strip("-")
    return found if re.fullmatch(SLUG_PATTERN, found) else fallback


def _unique(base: str, taken: set) -> str:
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = base[:80 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def journey_to_map(journey: Journey, channel: str) -> dict:
    """Sections become stages, tasks touchpoints on `channel`, actors personas, score 1..5 emotion -2..2."""
    title = journey.title or journey.front_matter_title or journey.acc_title or FALLBACK_TITLE
    persona_ids: dict = {}
    taken_personas: set = set()
    for section in journey.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor not in persona_ids:
                    persona_ids[actor] = _unique(slug(actor, "persona"), taken_personas)
    stages, taken_stages, taken_touchpoints = [], set(), set()
    for section in journey.sections:
        touchpoints = []
        for task in section.tasks:
            touchpoint = {"id": _unique(slug(task.name, "touchpoint"), taken_touchpoints),
                          "name": task.name, "channel": channel}
            if task.actors:
                touchpoint["personas"] = list(dict.fromkeys(persona_ids[a] for a in task.actors))
            touchpoint["emotion"] = _number(metrics.emotion_from_five_point(task.score))
            touchpoints.append(touchpoint)
        name = section.name or UNSECTIONED
        stages.append({"id": _unique(slug(name, "stage"), taken_stages), "name": name, "touchpoints": touchpoints})
    if not stages:
        stages.append({"id": "journey", "name": title, "touchpoints": []})
    data = {"jmap": 1, "journey": {"id": slug(title, "journey"), "title": title}}
    if journey.acc_descr:
        data["journey"]["description"] = journey.acc_descr
    if persona_ids:
        data["personas"] = [{"id": pid, "name": name} for name, pid in persona_ids.items()]
    data["channels"] = [channel]
    data["stages"] = stages
    return data


def map_yaml(data: dict, channel: str) -> str:
    import yaml

    from journeymap import MODELINE

    header = (f"{MODELINE}\n"
              "# Imported from a Mermaid journey diagram: sections are stages, tasks touchpoints,\n"
              f"# actors personas, scores 1..5 emotions -2..2; every touchpoint is on channel '{channel}'.\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)
