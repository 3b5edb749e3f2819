"""The count writer edits the map's text in place; other layouts go through the ruamel.yaml round trip.

Each case of the text edits is checked against exact text; every layout the edits refuse must
give the round trip's result; and for generated maps both ways must load as the same data, with
every line outside the edited spans kept as it was.
"""

import difflib
import textwrap

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from journeymap.importing.count_writer import Unsupported, rewrite, rewrite_traced, ruamel_rewrite, surgical_edits
from journeymap.importing.importer import ImportProblem
from journeymap.load.loader import load

from helpers import SAMPLE


def doc(text):
    return textwrap.dedent(text)


def body(text):
    """Touchpoints written at the left margin, indented to sit under HEAD's `touchpoints:`."""
    return textwrap.indent(textwrap.dedent(text), " " * 6)


def surgical(text, counts, replace=False):
    """The text edits' result; fails when the round trip was used instead."""
    out, how = rewrite_traced(text, counts, replace)
    assert how == "surgical", how
    return out


def loaded(text):
    document = load(text.encode("utf-8"), "map")
    assert not document.diagnostics, document.diagnostics
    return document.data


HEAD = """\
jmap: 1
journey: {id: j, title: T}  # the journey
stages:
  - id: s
    touchpoints:
"""

# --------------------------------------------------------------------------- the cases, exactly


def test_case_1_counts_are_added_in_place_and_a_trailing_comment_stays_as_it_was():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          csat: {counts: [1, 2, 3, 4, 5]}   # Q2
          nps:
            # last quarter
            counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        pains: [slow]
    """)
    out = surgical(text, {("t", "csat"): [10, 0, 0, 0, 100], ("t", "nps"): [1] * 11})
    assert out == text.replace("[1, 2, 3, 4, 5]}   # Q2", "[11, 2, 3, 4, 105]}   # Q2").replace(
        "counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]", "counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]")


def test_case_1_a_block_counts_list_becomes_a_flow_list_on_the_key_s_line():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          csat:
            counts:
            - 1
            - 2
            - 3
            - 4
            - 5

        next: [u]
    """)
    out = surgical(text, {("t", "csat"): [1, 1, 1, 1, 1]})
    assert out == HEAD + body("""\
      - id: t
        satisfaction:
          csat:
            counts: [2, 3, 4, 5, 6]

        next: [u]
    """)
    assert loaded(out) == loaded(ruamel_rewrite(text, {("t", "csat"): [1, 1, 1, 1, 1]}))


def test_case_1_replace_sets_the_counts():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          csat: {counts: [1, 2, 3, 4, 5]}
    """)
    out = surgical(text, {("t", "csat"): [0, 0, 7, 0, 0]}, replace=True)
    assert out == text.replace("[1, 2, 3, 4, 5]", "[0, 0, 7, 0, 0]")


def test_case_2_replace_turns_a_metric_into_counts_and_keeps_what_is_around_it():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          ces: {value: 4.2, n: 50}  # from the old survey
          nps:   # groups
            promoters: 60
            # a comment inside the metric goes with it
            passives: 20
            detractors: 10  # and this one
          # after nps: stays

        kpis: {a: 1}
    """)
    out = surgical(text, {("t", "ces"): [0, 0, 0, 0, 0, 2, 1], ("t", "nps"): [1] * 11}, replace=True)
    assert out == HEAD + body("""\
      - id: t
        satisfaction:
          ces: {counts: [0, 0, 0, 0, 0, 2, 1]}  # from the old survey
          nps:   # groups
            counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]  # and this one
          # after nps: stays

        kpis: {a: 1}
    """)


def test_case_2_counts_beside_other_keys_leave_only_the_counts():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          csat: {counts: [1, 2, 3, 4, 5], value: 0.8}
    """)
    out = surgical(text, {("t", "csat"): [5, 4, 3, 2, 1]}, replace=True)
    assert out == text.replace("{counts: [1, 2, 3, 4, 5], value: 0.8}", "{counts: [5, 4, 3, 2, 1]}")


def test_case_3_nps_groups_are_added_to_in_place():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          nps: {promoters: 60, passives: 70, detractors: 80}  # groups
      - id: u
        satisfaction:
          nps:
            promoters: 1
            passives: 2
            detractors: 3
    """)
    answers = [1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 5]  # detractors +3, passives +3, promoters +9
    out = surgical(text, {("t", "nps"): answers, ("u", "nps"): answers})
    assert out == text.replace("{promoters: 60, passives: 70, detractors: 80}",
                               "{promoters: 69, passives: 73, detractors: 83}").replace(
        "promoters: 1\n", "promoters: 10\n").replace("passives: 2\n", "passives: 5\n").replace(
        "detractors: 3\n", "detractors: 6\n")


def test_case_4_adding_to_value_and_n_is_the_same_error_as_before():
    text = HEAD + body("""\
      - id: t
        satisfaction:
          ces: {value: 4.2, n: 50}
          csat:
            value: 0.8
            n: 10
          nps: {promoters: 1, passives: 2}
    """)
    counts = {("t", "csat"): [1] * 5, ("t", "ces"): [1] * 7, ("t", "nps"): [1] * 11}
    with pytest.raises(ImportProblem) as raised:
        surgical_edits(text, counts)
    message = ("cannot add counts to a score given as value and n (t.csat, t.ces, t.nps); "
               "use --replace to set the counts from the file")
    assert str(raised.value) == message
    with pytest.raises(ImportProblem) as raised:
        rewrite(text, counts)
    assert str(raised.value) == message
    with pytest.raises(ImportProblem) as raised:
        ruamel_rewrite(text, counts)
    assert str(raised.value) == message


def test_case_5_a_missing_metric_is_a_new_line_at_the_end_of_the_block_at_its_indentation():
    text = doc("""\
    jmap: 1
    stages:
        - id: s
          touchpoints:
              - id: t
                satisfaction:
                    csat:
                        counts: [1, 2, 3, 4, 5]  # kept
                    # a comment after the last metric

                pains: [x]
    """)
    out = surgical(text, {("t", "nps"): [0] * 10 + [3], ("t", "ces"): [1] * 7})
    assert out == doc("""\
    jmap: 1
    stages:
        - id: s
          touchpoints:
              - id: t
                satisfaction:
                    csat:
                        counts: [1, 2, 3, 4, 5]  # kept
                    nps: {counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]}
                    ces: {counts: [1, 1, 1, 1, 1, 1, 1]}
                    # a comment after the last metric

                pains: [x]
    """)


def test_case_6_a_new_block_goes_where_the_round_trip_puts_it():
    text = HEAD + body("""\
      - id: before-kpis
        name: A
        # about the kpis
        kpis: {a: 1}
        pains: [x]
      - id: targets-first
        pains: [x]
        targets: {csat: 0.8}
      - id: last-key
        name: C
        reach: 10  # people
      - id: at-the-end
        name: D""")  # no newline at the end of the file
    counts = {("before-kpis", "csat"): [1, 0, 0, 0, 0], ("before-kpis", "ces"): [0] * 6 + [2],
              ("targets-first", "nps"): [1] * 11, ("last-key", "csat"): [0, 0, 0, 0, 9],
              ("at-the-end", "csat"): [0, 0, 1, 0, 0]}
    out = surgical(text, counts)
    assert out == HEAD + body("""\
      - id: before-kpis
        name: A
        # about the kpis
        satisfaction:
          csat: {counts: [1, 0, 0, 0, 0]}
          ces: {counts: [0, 0, 0, 0, 0, 0, 2]}
        kpis: {a: 1}
        pains: [x]
      - id: targets-first
        pains: [x]
        satisfaction:
          nps: {counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
        targets: {csat: 0.8}
      - id: last-key
        name: C
        reach: 10  # people
        satisfaction:
          csat: {counts: [0, 0, 0, 0, 9]}
      - id: at-the-end
        name: D
        satisfaction:
          csat: {counts: [0, 0, 1, 0, 0]}
    """)
    assert loaded(out) == loaded(ruamel_rewrite(text, counts))


def test_the_sample_gives_the_round_trip_s_bytes_both_ways():
    text = SAMPLE.read_text()
    counts = {("instagram-ad", "csat"): [1, 0, 0, 1, 1], ("cart", "csat"): [0, 1, 0, 0, 0],
              ("cart", "ces"): [0, 0, 0, 0, 0, 1, 0], ("delivery-tracking", "nps"): [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]}
    for replace in (False, True):
        assert surgical(text, counts, replace) == ruamel_rewrite(text, counts, replace)


# --------------------------------------------------------------------------- layouts left to the round trip

FALLBACKS = {
    "flow satisfaction": "      - id: t\n        satisfaction: {csat: {counts: [1, 1, 1, 1, 1]}}\n",
    "flow touchpoint": "      - {id: t, name: T}\n",
    "anchor and alias": "      - id: t\n        satisfaction:\n          csat: &c {counts: [1, 1, 1, 1, 1]}\n"
                        "      - id: u\n        satisfaction:\n          csat: *c\n",
    "tag": "      - id: t\n        satisfaction:\n          csat: {counts: [!!int 1, 1, 1, 1, 1]}\n",
    "merge key": "      - id: t\n        satisfaction:\n          csat:\n            <<: {value: 1}\n            n: 3\n",
    "tab": "      - id: t\n        name:\tT\n        satisfaction:\n          csat: {counts: [1, 1, 1, 1, 1]}\n",
    "crlf": "      - id: t\r\n        satisfaction:\r\n          csat: {counts: [1, 1, 1, 1, 1]}\r\n",
    "empty satisfaction": "      - id: t\n        satisfaction:\n        pains: [x]\n",
    "empty metric": "      - id: t\n        satisfaction:\n          csat:\n          ces: {value: 1, n: 2}\n",
    "block scalar last": "      - id: t\n        description: |\n          long\n          text\n",
    "block scalar in satisfaction": "      - id: t\n        satisfaction:\n          note: >\n            folded\n",
    "following key on the dash line": "      - pains: [x]\n        id: t\n",
    "duplicate key": "      - id: t\n        name: A\n        name: B\n",
    "unknown touchpoint": "      - id: other\n",
}


# Old numbers that new ones would be added to, written in ways the edits do not redo; --replace
# overwrites them, so there the edits are fine.
ADD_FALLBACKS = {
    "hex count": "      - id: t\n        satisfaction:\n          csat: {counts: [0x1, 1, 1, 1, 1]}\n",
    "float group": "      - id: t\n        satisfaction:\n          nps: {promoters: 1.0, passives: 1, detractors: 1}\n",
    "quoted count": "      - id: t\n        satisfaction:\n          csat: {counts: ['1', 1, 1, 1, 1]}\n",
}


@pytest.mark.parametrize(("name", "replace"), [(name, replace) for name in sorted(FALLBACKS) for replace in (False, True)]
                         + [(name, False) for name in sorted(ADD_FALLBACKS)])
def test_layouts_the_edits_refuse_get_the_round_trip_s_result(name, replace):
    text = HEAD + {**FALLBACKS, **ADD_FALLBACKS}[name]
    if name == "crlf":
        text = text.replace("\n", "\r\n")
    if name == "tab":
        text = "\ufeff" + text  # and a byte order mark
    counts = {("t", "csat"): [1, 2, 3, 4, 5], ("t", "nps"): [0] * 9 + [1, 1]}
    with pytest.raises(Unsupported):
        surgical_edits(text, counts, replace)
    assert outcome(lambda: rewrite_traced(text, counts, replace)[0]) == outcome(
        lambda: ruamel_rewrite(text, counts, replace))
    if outcome(lambda: rewrite(text, counts, replace))[0] == "text":
        assert rewrite_traced(text, counts, replace)[1].startswith("ruamel: ")


def test_a_multi_document_file_is_left_to_the_round_trip():
    text = HEAD + "      - id: t\n---\njmap: 1\n"
    counts = {("t", "csat"): [1, 2, 3, 4, 5]}
    with pytest.raises(Unsupported):
        surgical_edits(text, counts)
    assert outcome(lambda: rewrite(text, counts)) == outcome(lambda: ruamel_rewrite(text, counts))


def outcome(write):
    try:
        return "text", write()
    except Exception as error:  # the round trip's own errors must stay as they were
        return "error", type(error).__name__, str(error)


# --------------------------------------------------------------------------- generated maps

METRICS = {"csat": 5, "nps": 11, "ces": 7}
AFTER = ("targets", "kpis", "pains", "opportunities", "next")


@st.composite
def maps(draw):
    """A small block-style map: (text, touchpoint ids). Indentation 2 or 4, lists indented or not,
    comments and blank lines here and there, satisfaction and its metrics in every form."""
    step = draw(st.sampled_from([2, 4]))
    dash = draw(st.sampled_from([0, step]))  # a list's `-` under its key, or indented
    lines = []

    def noise(indent):
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(["", " " * indent + "# note", "# at the margin"])))

    def trailing():
        return draw(st.sampled_from(["", "", "  # c", "   # trailing: comment"]))

    def numbers(n):
        return draw(st.lists(st.integers(0, 120), min_size=n, max_size=n))

    def flow(values):
        return "[" + ", ".join(map(str, values)) + "]"

    def block_list(indent, values):
        at = " " * (indent + draw(st.sampled_from([0, step])))
        return [f"{at}- {v}" for v in values]

    def metric(indent, name):
        """Lines of `name: ...` at `indent`."""
        forms = ["flow counts", "counts", "block counts", "flow value", "value", "counts and value"]
        form = draw(st.sampled_from(forms + (["groups", "flow groups"] * 2 if name == "nps" else [])))
        key = " " * indent + name + ":"
        inner = " " * (indent + step)
        size = METRICS[name]
        if form == "flow counts":
            return [f"{key} {{counts: {flow(numbers(size))}}}{trailing()}"]
        if form == "counts":
            return [key + trailing(), f"{inner}counts: {flow(numbers(size))}{trailing()}"]
        if form == "block counts":
            return [key, f"{inner}counts:"] + block_list(indent + step, numbers(size))
        if form == "flow value":
            return [f"{key} {{value: 4.5, n: 30}}{trailing()}"]
        if form == "value":
            return [key, f"{inner}value: 0.75{trailing()}", f"{inner}# inside", f"{inner}n: 12{trailing()}"]
        if form == "counts and value":
            return [key, f"{inner}value: 3", f"{inner}counts: {flow(numbers(size))}"]
        groups = numbers(3)
        if form == "flow groups":
            return [f"{key} {{promoters: {groups[0]}, passives: {groups[1]}, detractors: {groups[2]}}}"]
        return [key] + [f"{inner}{g}: {v}{trailing()}" for g, v in zip(("promoters", "passives", "detractors"), groups)]

    def touchpoint(indent, tp_id, following):
        keys = draw(st.lists(st.sampled_from(["name", "emotion", "description", *AFTER]), unique=True, max_size=5))
        if draw(st.integers(0, 3)):
            keys.insert(draw(st.integers(0, len(keys))), "satisfaction")
        lines.append(" " * (indent - 2) + f"- id: {tp_id}{trailing()}")
        for key in keys:
            noise(indent)
            at = " " * indent
            if key == "satisfaction":
                lines.append(at + "satisfaction:" + trailing())
                names = draw(st.lists(st.sampled_from(sorted(METRICS)), unique=True, min_size=1))
                for name in names:
                    noise(indent + step)
                    lines.extend(metric(indent + step, name))
            elif key == "name":
                lines.append(at + draw(st.sampled_from(["name: Plain name", 'name: "Quoted: name"',
                                                        "name: 'single # not a comment'"])) + trailing())
            elif key == "emotion":
                lines.append(at + f"emotion: {draw(st.integers(-2, 2))}{trailing()}")
            elif key == "description":
                lines.append(at + "description: a plain text that")
                lines.append(at + "  runs over two lines")
            elif key in ("kpis", "targets"):
                if draw(st.booleans()):
                    lines.append(at + f"{key}: {{csat: 0.8}}{trailing()}")
                else:
                    lines.extend([at + f"{key}:", at + " " * step + "csat: 0.8" + trailing()])
            elif key == "next":
                lines.append(at + f"next: [{following}]" if following else at + "next: []")
            else:
                if draw(st.booleans()):
                    lines.append(at + f"{key}: [one, two]{trailing()}")
                else:
                    lines.append(at + f"{key}:")
                    lines.extend(block_list(indent, ["one", "two"]))
        noise(indent)

    lines += ["# a map", "jmap: 1", "journey: {id: j, title: T}", "", "stages:"]
    ids = []
    for s in range(draw(st.integers(1, 2))):
        stage_keys = dash + 2
        lines.append(" " * dash + f"- id: s{s}")
        lines.append(" " * stage_keys + "touchpoints:")
        count = draw(st.integers(1, 3))
        for t in range(count):
            tp_id = f"t{s}{t}"
            ids.append(tp_id)
            touchpoint(stage_keys + dash + 2, tp_id, f"t{s}{t + 1}" if t + 1 < count else None)
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n# the end\n"]))
    return text, ids


@st.composite
def maps_and_counts(draw):
    text, ids = draw(maps())
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(sorted(METRICS))), unique=True,
                          min_size=1, max_size=6))
    counts = {pair: draw(st.lists(st.integers(0, 50), min_size=METRICS[pair[1]], max_size=METRICS[pair[1]]))
              for pair in pairs}
    return text, counts, draw(st.booleans())


def edit_kind(edit):
    start, end, new = edit
    if start == end:
        return "new satisfaction block" if "satisfaction:" in new else "new metric lines"
    for prefix, kind in (("{counts:", "flow metric replaced"), ("counts:", "block metric replaced"),
                         (": [", "block counts list replaced"), ("[", "counts list replaced")):
        if new.startswith(prefix):
            return kind
    return "nps group added to"


def edited_lines(text, edits):
    """Numbers of the input's lines that an edit replaces a part of."""
    touched = set()
    for start, end, _new in edits:
        if end > start:
            touched.update(range(text.count("\n", 0, start), text.count("\n", 0, end - 1) + 1))
    return touched


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(maps_and_counts())
def test_generated_maps_load_as_the_round_trip_s_data_and_keep_every_other_line(case):
    text, counts, replace = case
    loaded(text)  # the generator writes valid YAML
    expected = outcome(lambda: ruamel_rewrite(text, counts, replace))
    got = outcome(lambda: rewrite_traced(text, counts, replace))
    if expected[0] == "error":
        event("error " + expected[1])
        assert got == expected
        return
    event("text")
    out, how = got[1]
    assert how == "surgical", how  # every generated layout is one the edits handle
    assert loaded(out) == loaded(expected[1])
    edits, _data = surgical_edits(text, counts, replace)
    for edit in edits:
        event(edit_kind(edit))
    touched = edited_lines(text, edits)
    before, after = text.splitlines(), out.splitlines()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(i1, i2)) <= touched, (tag, before[i1:i2])
