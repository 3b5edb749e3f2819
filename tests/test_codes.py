"""Every diagnostic code: a small map, the exact code, line, column, severity and exit code.

For each semantic rule (journeymap/checks/jm*.py) also a near miss that must pass, and the
example its documentation shows, run as written.
"""

import inspect
import re
import textwrap

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.checks import RULES
from journeymap.checks.codes import all_codes
from journeymap.load.settings import Settings

from helpers import check

BASE = """\
jmap: 1
journey: {id: j, title: Journey}
personas:
  - {id: new, name: New, share: 0.6}
  - {id: old, name: Old, share: 0.4}
channels: [web, email]
stages:
  - id: s1
    name: One
    touchpoints:
      - id: a
        name: A
        channel: web
        owner: team
        next: [b]
  - id: s2
    name: Two
    touchpoints:
      - id: b
        name: B
        channel: email
        owner: team
"""


def edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


CASES = [
    # code, map text, (line, column), severity
    ("JM001", "jmap: 1\njourney: [\n", (3, 1), "error"),
    ("JM002", edit("        owner: team\n        next", "        owner: team\n        owner: x\n        next"), (15, 9), "error"),
    ("JM003", "- just\n- a list\n", (1, 1), "error"),
    ("JM004", "a: " + "[" * 100 + "]" * 100 + "\n", (1, 67), "error"),
    # a suppression naming a code that does not exist is always reported (unused ones only with --strict)
    ("JM005", BASE + "# jmap: disable=JM999\n", (23, 17), "warning"),
    ("JM101", edit("        name: B\n", ""), (19, 9), "error"),
    ("JM102", edit("        owner: team\n        next", "        reach: lots\n        owner: team\n        next"), (14, 16), "error"),
    ("JM103", edit("        owner: team\n        next", "        satisfacton: {}\n        owner: team\n        next"), (14, 9), "error"),
    ("JM104", edit("share: 0.6", "share: 1.6"), (4, 33), "error"),
    ("JM105", edit("id: s2", "id: Stage Two"), (16, 9), "error"),
    ("JM106", edit("jmap: 1", "jmap: 2"), (1, 7), "error"),
    ("JM201", edit("      - id: b\n", "      - id: a\n"), (19, 13), "error"),
    ("JM202", edit("        channel: email\n", "        channel: email\n        personas: [neww]\n"), (22, 20), "error"),
    ("JM203", edit("channel: email", "channel: e-mail"), (21, 18), "error"),
    ("JM204", edit("next: [b]", "next: [c]"), (15, 16), "error"),
    ("JM205", edit("        owner: team\n        next", "        owner: team\n        events: [view]\n        next")
     + "        events: [{name: view, where: {page: /b*}}]\n", (24, 18), "error"),
    ("JM206", edit("        channel: email\n", "        channel: email\n        lanes: {thiking: Hm}\n")
     .replace("channels: [web, email]\n", "channels: [web, email]\nlanes: [thinking]\n"), (23, 17), "error"),
    ("JM207", BASE + "measured:\n  undeclared:\n    - {from: b, to: aa, sessions: 3, reached: 10}\n", (25, 21), "error"),
    ("JM301", BASE + "  - id: s3\n    name: Three\n", (23, 5), "warning"),
    ("JM302", edit("        channel: email\n", "        channel: email\n        personas: [old]\n"), (16, 5), "warning"),
    ("JM303", edit("        owner: team\n        next", "        next"), (11, 9), "warning"),
    ("JM304", edit("        owner: team\n        next", "        owner: team\n        pains: [Slow]\n        next"), (15, 17), "warning"),
    ("JM305", BASE + "        satisfaction:\n          csat: {counts: [1, 1, 1, 1, 20]}\n", (24, 11), "warning"),
    ("JM306", edit("share: 0.4", "share: 0.2"), (3, 1), "warning"),
    ("JM307", BASE + "        next: [a]\n", (23, 16), "warning"),
    # a -> b is gone; b links back to a but nothing leads to b (a lists itself: JM204, read as a -> b)
    ("JM308", edit("        next: [b]\n", "") + "        next: [a]\n", (18, 9), "warning"),
    ("JM309", None, (16, 5), "info"),
    ("JM310", BASE + "        satisfaction:\n          csat: {counts: [10, 10, 10, 10, 10]}\n", (24, 11), "warning"),
    # touchpoint b's name is A with a zero-width space: it looks like touchpoint a's
    ("JM311", edit("        name: B\n", '        name: "A\\u200b"\n'), (20, 15), "warning"),
]


# channel web is used at s1 and s3 but not at s2 (stage s2 starts on line 16)
_HOLE = BASE + "        next: [c]\n  - id: s3\n    name: Three\n    touchpoints:\n      - {id: c, name: C, channel: web, owner: t}\n"
CASES[[c[0] for c in CASES].index("JM309")] = ("JM309", _HOLE, (16, 5), "info")


@pytest.mark.parametrize("code,text,position,severity", CASES, ids=[c[0] for c in CASES])
def test_code_line_column_severity_and_exit(code, text, position, severity, tmp_path):
    found = check(text, Settings(show_info=True))
    mine = [d for d in found if d.code == code]
    assert mine, f"{code} not reported; got {[(d.code, d.line, d.column, d.message) for d in found]}"
    d = mine[0]
    assert (d.line, d.column) == position, d.message
    assert d.severity.label == severity
    path = tmp_path / "m.jmap.yaml"
    path.write_text(text)
    result = CliRunner().invoke(app, ["validate", str(path), "--show-info", "--format", "json"])
    others = {x.code for x in found} - {code}
    expected = 1 if severity == "error" or any(x.severity.label == "error" for x in found) else 0
    assert result.exit_code == expected, (result.output, others)
    strict = CliRunner().invoke(app, ["validate", str(path), "--strict", "--format", "json"])
    assert strict.exit_code == (0 if severity == "info" and not others else 1)


def test_the_base_map_is_clean():
    assert check(BASE) == []


def test_every_code_in_the_table_has_a_case_and_documentation():
    documented = all_codes()
    assert sorted(documented) == sorted(c[0] for c in CASES)
    for code in documented.values():
        assert code.doc.strip(), code.code
        assert "Example" in code.doc or code.code == "JM003" or code.code == "JM004", code.code


def test_messages_carry_did_you_mean():
    [d] = [d for d in check(edit("next: [b]", "next: [bb]")) if d.code == "JM204"]
    assert "did you mean 'b'?" in d.message
    assert d.path_text == "stages[0].touchpoints[0].next[0]"


def test_an_unknown_key_does_not_hide_the_rest_of_the_map():
    found = check(edit("        owner: team\n        next: [b]", "        owner: team\n        satisfacton: {}\n        next: [c]"))
    # with the link to b broken, b is also unreachable (JM308 at its line)
    assert [(d.code, d.line) for d in found] == [("JM103", 15), ("JM204", 16), ("JM308", 20)]


# --------------------------------------------------------------------------- near misses: each rule stays quiet

PASSES = [
    # code, a map just inside the rule's bounds (the rule's own code must not appear)
    ("JM104", edit("share: 0.6", "share: 1.0").replace("share: 0.4", "share: 0.0")),  # shares may be 0 and 1
    ("JM201", edit("id: s2", "id: b")),  # a stage and a touchpoint may share an id: ids are unique per kind
    ("JM202", edit("        channel: email\n", "        channel: email\n        personas: [new, old]\n")),
    ("JM203", edit("channels: [web, email]", "channels: [web, {id: email, name: E-mail}]")),
    ("JM204", BASE),
    # two claims on one event name with different `where` patterns: each touchpoint has its own events
    ("JM205", edit("        owner: team\n        next", "        owner: team\n        events: [{name: view, where: {page: /a*}}]\n"
                   "        next") + "        events: [{name: view, where: {page: /b*}}]\n"),
    # text for every declared lane, and a declared lane with no text at all
    ("JM206", edit("        channel: email\n", "        channel: email\n        lanes: {thinking: Hm}\n")
     .replace("channels: [web, email]\n", "channels: [web, email]\nlanes: [doing, thinking]\n")),
    ("JM207", BASE + "measured:\n  undeclared:\n    - {from: b, to: a, sessions: 3, reached: 10}\n"),
    ("JM301", BASE),
    ("JM302", edit("        channel: email\n", "        channel: email\n        personas: [old, new]\n")),
    ("JM303", BASE),
    ("JM304", edit("        owner: team\n        next", "        owner: team\n        pains: [Slow]\n"
                   "        opportunities: [Cache]\n        next")),
    ("JM305", BASE + "        satisfaction:\n          csat: {counts: [1, 1, 1, 1, 26]}\n"),  # 30 responses: enough
    ("JM306", edit("share: 0.4", "share: 0.405")),  # 1.005: within the 0.01 tolerance
    # a loop within one stage is not a jump back
    ("JM307", BASE + "        next: [c]\n      - {id: c, name: C, channel: email, owner: team, next: [b]}\n"),
    ("JM308", BASE),
    # web at s1 only, email at s2 and s3: no channel is missing between two stages that use it
    ("JM309", BASE + "  - id: s3\n    name: Three\n    touchpoints:\n      - {id: c, name: C, channel: email, owner: t}\n"),
    ("JM310", BASE + "        satisfaction:\n          csat: {counts: [0, 0, 10, 20, 20]}\n"),  # 40/50 = 0.80: on target
    # two KPI keys that differ in what they say, not only in invisible characters
    ("JM311", edit("        channel: email\n", "        channel: email\n        kpis:\n          drop_off: {value: 0.2}\n"
                   "          drop_offs: {value: 0.3}\n")),
]


def test_every_rule_has_a_failing_and_a_passing_case():
    rules = sorted(rule.CODE for rule in RULES)
    assert rules == sorted({c[0] for c in CASES} & set(rules))
    assert rules == sorted(code for code, _text in PASSES)


@pytest.mark.parametrize("code,text", PASSES, ids=[c[0] for c in PASSES])
def test_a_near_miss_passes_the_rule(code, text):
    found = check(text, Settings(show_info=True))
    assert code not in {d.code for d in found}, [(d.code, d.line, d.column, d.message) for d in found]
    assert not [d for d in found if d.severity.label == "error"], [(d.code, d.message) for d in found]


# --------------------------------------------------------------------------- the documented examples

def documented_example(rule) -> str:
    """The map under `Example:` in a rule's docstring, as a user would copy it."""
    doc = inspect.cleandoc(rule.__doc__)
    assert "Example:\n" in doc, rule.CODE
    return textwrap.dedent(doc.split("Example:\n", 1)[1]) + "\n"


def announced(example: str) -> list[tuple[str, int, str]]:
    """(code, line, message) of every `# JMnnn: message` comment in an example."""
    found = []
    for number, line in enumerate(example.splitlines(), 1):
        match = re.search(r"#\s*(JM\d{3}): (.+)$", line)
        if match:
            found.append((match.group(1), number, match.group(2)))
    return found


@pytest.mark.parametrize("rule", RULES, ids=[rule.CODE for rule in RULES])
def test_the_documented_example_produces_what_it_says(rule):
    example = documented_example(rule)
    expected = announced(example)
    assert expected and {code for code, _line, _message in expected} == {rule.CODE}
    found = check(example, Settings(show_info=True))
    assert [(d.code, d.line, d.message) for d in found] == expected
