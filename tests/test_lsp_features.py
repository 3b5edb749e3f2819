"""The language server's parts without the protocol around them: positions, ids, completion,
quick fixes, and that no text a user types can make them fail."""

import textwrap

import pytest

pytest.importorskip("pygls")

from hypothesis import given, settings, strategies as st  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402

from helpers import SAMPLE  # noqa: E402
from journeymap.base.diagnostics import Span  # noqa: E402
from journeymap.lsp import actions, completion, findings, hover, navigation  # noqa: E402
from journeymap.lsp.positions import Lines  # noqa: E402
from journeymap.lsp.state import open_map  # noqa: E402

SAMPLE_TEXT = SAMPLE.read_text()


def state_of(text, name="map.jmap.yaml", tmp=None):
    return open_map(str((tmp or SAMPLE.parent) / name), textwrap.dedent(text))


def position(text, needle, offset=0):
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return lsp.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def test_columns_are_utf16_units_by_default_and_utf8_when_agreed():
    text = "title: 😀é x\n"
    span = Span(1, 11, 1, 12)  # the x: the 11th character
    assert Lines(text).range(span).start.character == 11  # 😀 is two UTF-16 units
    assert Lines(text, "utf-8").range(span).start.character == 14  # 😀 is 4 bytes, é 2
    assert Lines(text, "utf-32").range(span).start.character == 10
    assert Lines(text).column(lsp.Position(line=0, character=11)) == 10


MINI = textwrap.dedent("""\
    jmap: 1
    journey: {id: j, title: J}
    personas:
      - {id: buyer, name: Buyer}
    channels: [web]
    stages:
      - id: s
        name: S
        touchpoints:
          - id: a
            name: A
            channel: web
            owner: o
            personas: ["buyer"]
            emotion: {buyer: 1}
            next: [b]
          - id: b
            name: B
            channel: web
            owner: o
    """)


def test_rename_keeps_quotes_and_renames_emotion_keys():
    state = state_of(MINI)
    text = state.text
    edit = navigation.rename("u", state, position(text, "id: buyer", 5), "shopper")
    new = sorted((e.range.start.line, e.new_text) for e in edit.changes["u"])
    assert new == [(3, "shopper"), (13, '"shopper"'), (14, "shopper")]


def test_rename_quotes_an_id_yaml_would_read_as_a_number_or_boolean():
    state = state_of(MINI)
    edit = navigation.rename("u", state, position(state.text, "id: b\n", 4), "true")
    assert {e.new_text for e in edit.changes["u"]} == {'"true"'}


def test_completion_paths_from_indentation_alone():
    lines = textwrap.dedent(MINI).split("\n")
    assert completion.enclosing(lines, 12, 8) == ["stages", "-", "touchpoints", "-"]
    assert completion.enclosing(lines, 7, 4) == ["stages", "-"]
    assert completion.enclosing(lines, 2, 0) == []
    assert completion.enclosing(lines, 1, 2) is None  # inside `journey: {…}` there is no block mapping


def labels(items):
    return [item.label for item in items]


def complete_at(text, line_text, index=None):
    """Completion at the end of `line_text`, put in place of line `index` (default: the line
    that starts with the same key)."""
    state = state_of(text)
    lines = state.text.split("\n")
    if index is None:
        stem = line_text.split(":")[0].rstrip()
        index = next(i for i, line in enumerate(lines) if line.startswith(stem))
    lines[index] = line_text
    typed = open_map(state.path, "\n".join(lines))
    return completion.complete(typed, state, lsp.Position(line=index, character=len(line_text)))


def test_completion_of_ids_personas_and_next():
    assert labels(complete_at(MINI, "        personas: [")) == ["buyer"]
    assert labels(complete_at(MINI, "        next: [")) == ["a", "b"]
    assert labels(complete_at(MINI, "        channel: w")) == ["web"]


def test_completion_of_keys_carries_the_model_documentation():
    items = complete_at(MINI, "        ", index=12)  # in place of `owner: o` of touchpoint a
    reach = next(item for item in items if item.label == "reach")
    assert "weights roll-ups" in reach.documentation.value
    assert next(item for item in items if item.label == "channel").detail == "required"
    with_satisfaction = MINI.replace("        owner: o\n        personas", "        owner: o\n        satisfaction:\n          x: 1\n        personas", 1)
    satisfaction = complete_at(with_satisfaction, "          ", index=14)  # in place of `x: 1`
    assert labels(satisfaction) == ["csat", "nps", "ces"]


SPLIT = """\
    jmap: 1
    journey: {id: j, title: J}
    channels: [web]
    stages:
      - id: s
        name: S
        touchpoints:
          - id: a
            name: A
            channel: web
            owner: o
            pains:
              - Delivery: slow
            opportunities: [Faster: delivery]
    """


def fixes(state):
    found = {}
    everything = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=999, character=0))
    for action in actions.actions("u", state, everything):
        found.setdefault(action.title, []).append(action.edit.changes["u"][0])
    return found


def test_quote_a_text_that_split_into_a_key_and_a_value():
    state = state_of(SPLIT)
    quoted = fixes(state)["Quote the text (YAML split it at ': ')"]
    assert sorted(edit.new_text for edit in quoted) == ['"Delivery: slow"', '"Faster: delivery"']


def test_quote_a_value_yaml_refuses_on_its_line():
    text = SPLIT.replace("name: A", "name: Cart: step 2")
    state = state_of(text)
    assert [f.code for f in state.findings] == ["JM001"]
    (edit,) = fixes(state)["Quote the text (YAML split it at ': ')"]
    assert edit.new_text == '"Cart: step 2"' and edit.range.start.character == 14


def test_disable_adds_a_comment_or_extends_the_one_there():
    text = MINI[: MINI.rindex("    owner: o")]  # touchpoint b without an owner: JM303
    state = state_of(text)
    jm303 = next(f for f in state.findings if f.code == "JM303")
    title, (edit,), _ = list(actions._fixes(state, jm303))[-1]
    line = state.lines.line(jm303.span.line - 1)
    assert title.startswith("Disable JM303")
    assert edit.new_text == "  # jmap: disable=JM303" and edit.range.start.character == len(line)
    lines = text.split("\n")
    lines[jm303.span.line - 1] += "  # jmap: disable=JM304"
    state = state_of("\n".join(lines))
    jm303 = next(f for f in state.findings if f.code == "JM303")
    _title, (edit,), _ = list(actions._fixes(state, jm303))[-1]
    assert edit.new_text == ",JM303" and edit.range.start.character == len(lines[jm303.span.line - 1])


def test_hover_on_a_map_with_errors_says_why_there_are_no_numbers():
    state = state_of(MINI.replace("channel: web\n        owner: o\n        personas", "channel: mail\n        owner: o\n        personas"))
    shown = hover.hover(state, position(state.text, "id: a", 4)).contents.value
    assert "refuses a map with errors" in shown


def test_published_json_is_the_protocols_own_shape():
    from lsprotocol.converters import get_converter

    state = open_map(str(SAMPLE), SAMPLE_TEXT.replace("channel: social", "channel: sociall", 1))
    assert state.findings
    for finding in state.findings:
        typed = findings.to_protocol(finding, state.lines)
        assert get_converter().unstructure(typed) == findings.to_json(finding, state.lines)
        assert typed.code_description.href.endswith(f"#{finding.code.lower()}")


def test_a_file_outside_the_include_patterns_gets_no_diagnostics():
    assert findings.diagnostics(state_of(MINI, name="notes.yaml")) == []
    assert findings.diagnostics(state_of(MINI.replace("owner: o\n", "", 1))) != []


lines_of_yaml = st.lists(st.sampled_from(SAMPLE_TEXT.split("\n")) | st.text(max_size=30), max_size=40)


@settings(max_examples=120, deadline=None)
@given(lines=lines_of_yaml, line=st.integers(0, 45), character=st.integers(0, 60))
def test_no_text_makes_a_feature_fail(lines, line, character):
    text = "\n".join(lines)
    state = open_map(str(SAMPLE), text)
    here = lsp.Position(line=line, character=character)
    findings.diagnostics(state)
    hover.hover(state, here)
    navigation.definition("u", state, here)
    navigation.references("u", state, here, True)
    navigation.symbols(state)
    navigation.folding(state)
    completion.complete(state, state, here)
    actions.actions("u", state, lsp.Range(start=here, end=here))
    try:
        navigation.rename("u", state, here, "new-id")
    except navigation.RenameRefused:
        pass


@settings(max_examples=60, deadline=None)
@given(lines=lines_of_yaml)
def test_diagnostics_are_validates_findings_one_for_one(lines):
    from journeymap.checks.validation import validate_bytes
    from journeymap.load.settings import Settings

    text = "\n".join(lines)
    state = open_map(str(SAMPLE), text)
    shown = findings.diagnostics(state)
    expected = [d for d in validate_bytes(text.encode("utf-8", "surrogatepass"), str(SAMPLE), Settings()).diagnostics
                if d.severity.label != "info"]
    assert [(d["code"], d["message"]) for d in shown] == [(d.code, d.message) for d in expected]
