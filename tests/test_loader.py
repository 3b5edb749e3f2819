"""The loader: positions, YAML 1.2 scalars, and refusal of hostile input (JM001-JM004)."""


import pytest

from journeymap.load.loader import Limits, load


def test_positions_of_values_and_keys_are_one_based():
    doc = load(b"jmap: 1\nstages:\n  - id: a\n    name: A\n", "f")
    assert doc.span(("stages", 0, "name")).line == 4
    assert doc.span(("stages", 0, "name")).column == 11
    assert doc.key_span(("stages", 0, "name")).column == 5
    assert doc.span(("stages", 0, "missing", 3)) == doc.span(("stages", 0))


def test_yaml_12_core_scalars_no_norway_problem():
    doc = load(b"a: no\nb: yes\nc: true\nd: 012\ne: 1.5e2\nf: ~\ng: '7'\nh: 0x1f\ni: 2024-01-01\n", "f")
    assert doc.data == {"a": "no", "b": "yes", "c": True, "d": 12, "e": 150.0, "f": None, "g": "7", "h": 31,
                        "i": "2024-01-01"}


def test_duplicate_key_reported_at_second_key_with_first_line():
    doc = load(b"a: 1\nb: 2\na: 3\n", "f")
    [d] = doc.diagnostics
    assert (d.code, d.line, d.column) == ("JM002", 3, 1)
    assert "first defined on line 1" in d.message


def test_syntax_error_position():
    [d] = load(b"a: [1, 2\nb: 3\n", "f").diagnostics
    assert d.code == "JM001" and d.line == 2


def test_not_utf8_empty_and_not_a_mapping():
    assert [d.code for d in load(b"a: \xff\xfe", "f").diagnostics] == ["JM003"]
    assert [d.code for d in load(b"", "f").diagnostics] == ["JM003"]
    assert [d.code for d in load(b"# only a comment\n", "f").diagnostics] == ["JM003"]
    assert [d.code for d in load(b"- a\n- b\n", "f").diagnostics] == ["JM003"]
    assert [d.code for d in load(b"a: 1\n---\nb: 2\n", "f").diagnostics] == ["JM003"]


BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_at_the_alias_that_crosses_the_limit():
    [d] = load(BILLION_LAUGHS, "f").diagnostics
    assert d.code == "JM004"
    # each f expands to 597,871 nodes; the 9th *f on line 7 takes the total past 5,000,000
    assert (d.line, d.column) == (7, 29)


_DEEP_DOCUMENTS = {
    "flow": b"[" * 200_000,
    "block": b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(2_000)),
    "mapping": b"".join(b" " * i + b"k:\n" for i in range(2_000)),
}


@pytest.mark.parametrize("parser", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("shape", sorted(_DEEP_DOCUMENTS))
def test_deep_nesting_is_refused_not_a_crash(shape, parser, monkeypatch):
    """JM004 whichever refuses first: jmap's own depth bound, or the YAML library's (libyaml 0.2.5
    in PyYAML 6.0.4 stops at 1,000 levels with a scanner error that used to surface as JM001)."""
    import yaml

    import journeymap.load.loader as loader

    monkeypatch.setattr(loader, "_Loader", getattr(yaml, parser))
    [d] = load(_DEEP_DOCUMENTS[shape], "f").diagnostics
    assert d.code == "JM004" and "nested" in d.message


def test_size_and_string_limits_are_configurable():
    limits = Limits(max_bytes=100, max_string=10)
    assert [d.code for d in load(b"a: " + b"x" * 200, "f", limits).diagnostics] == ["JM004"]
    [d] = load(b"a: " + b"x" * 20, "f", limits).diagnostics
    assert d.code == "JM004" and d.line == 1 and d.column == 4


def test_merge_keys_explicit_keys_win():
    doc = load(b"base: &b {owner: x, reach: 1}\ntp:\n  <<: *b\n  owner: y\n", "f")
    assert doc.data["tp"] == {"owner": "y", "reach": 1}
    assert not doc.diagnostics


def test_unknown_tags_are_not_constructed():
    doc = load(b"a: !!python/object:os.system ls\n", "f")
    assert [d.code for d in doc.diagnostics] == ["JM102"]
    assert doc.data == {"a": "ls"}


@pytest.mark.parametrize("parser", ["CSafeLoader", "SafeLoader"])
def test_an_escaped_surrogate_is_a_syntax_error_with_either_parser(parser, monkeypatch):
    """libyaml refuses `\\uD83D`; the pure-Python parser (where libyaml is missing) would pass it on
    as a lone surrogate that the quick path, pydantic and every output then disagree about."""
    import yaml

    import journeymap.load.loader as loader

    monkeypatch.setattr(loader, "_Loader", getattr(yaml, parser))
    document = load(b'jmap: 1\njourney: {id: j, title: "\\uD83D\\uDE00 shop"}\n', "m.jmap.yaml")
    assert document.data is None
    assert [(d.code, d.line) for d in document.diagnostics] == [("JM001", 2)]
    plain = load('jmap: 1\njourney: {id: j, title: "\\U0001F600 shop"}\n'.encode(), "m.jmap.yaml")
    assert plain.data["journey"]["title"] == "\U0001F600 shop" and not plain.diagnostics
