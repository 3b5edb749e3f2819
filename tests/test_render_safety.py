"""User text can never become DOT syntax, SVG markup, a script, a handler or a link."""

import re
import shutil

import pytest
from lxml import etree

from journeymap.outputs.render import build_dot, draw
from journeymap.outputs.render.dot import clean, html, quote, text_width, wrap_to
from journeymap.checks.validation import validate_bytes

from helpers import ROOT

HOSTILE = ROOT / "tests" / "data" / "hostile.jmap.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def hostile_map():
    result = validate_bytes(HOSTILE.read_bytes(), str(HOSTILE))
    assert result.map is not None, result.diagnostics
    return result.map


def test_clean_strips_ansi_controls_and_bidi_and_flattens_newlines():
    assert clean("\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07") == "red link"
    assert clean("a\nb\r\nc\u2028d\te") == "a b c d e"
    assert clean("\u202eevil\x07\x00") == "evil"
    assert clean("x" * 5000, 100) == "x" * 99 + "\u2026"


def test_clean_defuses_graphviz_backslash_escapes():
    assert not re.search(r"\\[A-Za-z]", clean(r"\N \G \L \n"))


def test_html_and_quote_escape_what_would_end_a_label_or_string():
    assert html('<b a="1">&\'[]</b>') == "&lt;b a=&quot;1&quot;&gt;&amp;&#39;&#91;&#93;&lt;/b&gt;"
    assert quote('say "hi" \\') == '"say \\"hi\\" \\\\"'


def test_wrapped_lines_fit_their_width():
    lines = wrap_to(clean("W" * 300 + " short words here " + "i" * 400), 130, 10, max_lines=50)
    assert all(text_width(line, 10) <= 130 for line in lines)
    assert "".join(lines).replace(" ", "").startswith("W" * 300)


@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_hostile_dot_has_only_the_expected_statements(view):
    """Every statement line starts with a node name jmap made from a slug: nothing was injected."""
    dot = build_dot(hostile_map(), view)
    body = dot.splitlines()[1:-1]
    for line in body:
        assert re.match(r'  ("[a-z-]+:[a-z0-9-]+"( -> "[a-z-]+:[a-z0-9-]+")?|graph|node|edge|subgraph "cluster_stage_\d+" \{|\}|  \}) ?', line) \
            or line == "  }", line
    assert len(re.findall(r'^  "tp:[a-z-]+" \[', dot, re.M)) == 3
    assert "\x1b" not in dot and "\x07" not in dot
    assert "&lt;script&gt;" in dot  # in HTML-like labels; quoted tooltips keep it as plain text


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_hostile_svg_has_no_script_handler_or_link(view):
    svg = draw(hostile_map(), "svg", view)
    root = etree.fromstring(svg)  # parses as XML
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        assert tag not in ("script", "foreignObject", "iframe", "object", "embed")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            assert not local.startswith("on"), (tag, name, value)
            assert local != "href", (tag, name, value)
            assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (tag, name, value)
    nodes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"]
    titles = {g.find("{http://www.w3.org/2000/svg}title").text for g in nodes}
    assert {"tp:quote", "tp:script", "tp:long-name"} <= titles
    assert all(re.fullmatch(r"[a-z-]+:[a-z0-9-]+", t) for t in titles)


@needs_dot
def test_hostile_text_is_shown_as_text_and_bounded():
    svg = draw(hostile_map(), "svg", "flow").decode()
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in svg
    assert "x" * 300 not in svg  # 5,000-character strings are shortened
    assert len(svg) < 60_000
