"""Every diagnostic code: a small map, the exact code, line, column, severity and exit code."""

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
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
    ("JM301", BASE + "  - id: s3\n    name: Three\n", (23, 5), "warning"),
    ("JM302", edit("        channel: email\n", "        channel: email\n        personas: [old]\n"), (16, 5), "warning"),
    ("JM303", edit("        owner: team\n        next", "        next"), (11, 9), "warning"),
    ("JM304", edit("        owner: team\n        next", "        owner: team\n        pains: [Slow]\n        next"), (15, 17), "warning"),
    ("JM305", BASE + "        satisfaction:\n          csat: {counts: [1, 1, 1, 1, 20]}\n", (24, 11), "warning"),
    ("JM306", edit("share: 0.4", "share: 0.2"), (3, 1), "warning"),
    ("JM307", BASE + "        next: [a]\n", (23, 16), "warning"),
    # a -> b is gone; b links back to a but nothing leads to b
    ("JM308", edit("next: [b]", "next: [a]"), (19, 9), "warning"),
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
