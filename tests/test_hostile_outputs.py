"""One hostile map through every command and every output format, with each format's own checks.

tests/data/hostile-outputs.jmap.yaml is a valid map whose every text attacks some output:
spreadsheet formulas, Markdown tables, links and HTML, terminal escapes (colours, screen
clearing, OSC 8 hyperlinks and window titles), control characters that make XML invalid,
bidirectional overrides, line separators and GitHub workflow commands. A second, broken
copy carries hostile unknown keys and references so that validate's messages quote them.
"""

import csv
import io
import json
import re
import shutil
import subprocess

import jsonschema
import pytest
from lxml import etree, html as lxml_html
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.base.textsafe import FORMULA_START

from helpers import ROOT, format_choices

HOSTILE = ROOT / "tests" / "data" / "hostile-outputs.jmap.yaml"
runner = CliRunner()

# What must never reach a terminal or a line-based format raw: C0 controls but newline, DEL, C1
# controls, line/paragraph separators, bidirectional overrides and isolates.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TAGS_FROM_USER_TEXT = ("<script", "<img", "<a href", "<a ", "<b>", "<svg", "</testcase", "<![CDATA[")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The hostile map with hostile unknown keys and references: validate quotes them in its findings."""
    text = HOSTILE.read_text(encoding="utf-8")
    text = text.replace("        next: [cart]\n",
                        "        next: [cart, \"=cmd|' /C calc'!A0\"]\n"
                        "        \"\\e[31mevil\\e]8;;http://x\\a | <b>key</b>\": 1\n"
                        "        \"%0A::error::forged\\r\\n::warning::forged\": 2\n")
    text = text.replace("personas: [mallory, trudy]\n        owner: \"| owner",
                        "personas: [mallory, \"<script>alert('persona')</script>\"]\n        owner: \"| owner")
    path = tmp_path_factory.mktemp("hostile") / "broken.jmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args, code=(0, 1)):
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in code, (args, result.exit_code, result.output[-1500:])
    return result


def no_raw_controls(text: str, where: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 60):found.start() + 20]!r}"


def test_the_fixture_is_hostile_and_valid():
    """The fixture really carries each attack, and the map is valid so every command reaches its formatter."""
    raw = HOSTILE.read_text(encoding="utf-8")
    for attack in ("=HYPERLINK", "@SUM", "+1+1", "-2+3", "\\e[31m", "\\e]8;;", "\\e]0;", "\\x00", "\\u202e",
                   "\\u2028", "<script>", "javascript:", "](http", "| pipe", "::error::", "\\r\\n", "</testcase>"):
        assert attack in raw, attack
    assert "[error]" not in run("validate", HOSTILE, "--format", "parsable").stdout


# ----------------------------------------------------------------------------- terminal and line formats

TERMINAL_LINES = (
    [("validate", "{broken}", "--format", f) for f in ("text", "parsable", "github")]
    + [("validate", "{map}", "--format", f) for f in ("text", "parsable", "github")]
    + [("score", "{map}", "--format", "table"), ("report", "{map}", "--format", "table"),
       ("report", "{map}", "--by", "owner"), ("diff", "{map}", "{other}", "--format", "table"),
       ("render", "{broken}", "--format", "dot"), ("score", "{broken}"), ("report", "{broken}"),
       ("export", "{broken}", "--format", "mermaid"), ("diff", "{broken}", "{map}")]
)


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """The hostile map with different numbers and names, so diff shows changed hostile texts."""
    text = HOSTILE.read_text(encoding="utf-8").replace("[10, 5, 3, 1, 1]", "[1, 1, 3, 5, 10]")
    text = text.replace("=1+1 | **bold**", "=2+2 | **renamed** \\e[5mblink\\e[0m")
    path = tmp_path_factory.mktemp("other") / "other.jmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _args(line, broken, other):
    return [str(part).format(map=HOSTILE, broken=broken, other=other) for part in line]


@pytest.mark.parametrize("line", TERMINAL_LINES, ids=lambda line: " ".join(line))
def test_terminal_output_shows_user_text_inert(line, broken, other):
    result = run(*_args(line, broken, other), code=(0, 1, 2))
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        no_raw_controls(text.replace("\t", " ") if line[0] == "render" else text, f"{' '.join(line)} {stream}")
    assert result.stdout.strip() or result.stderr.strip()


def test_validate_quotes_the_hostile_key_visibly(broken):
    out = run("validate", broken, "--format", "parsable").stdout
    assert "JM103" in out and "\\x1b[31mevil" in out  # shown, as text
    assert "JM202" in out or "JM105" in out or "JM204" in out


def test_github_annotations_cannot_be_forged(broken):
    """User text cannot end an annotation or start a workflow command of its own."""
    result = run("validate", broken, "--format", "github")
    parsed = json.loads(run("validate", broken, "--format", "json").stdout)
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if re.match(r"::(error|warning|notice) ", line)]
    commands = [line for line in lines if line.startswith("::")]
    assert annotations and len(annotations) == len(parsed["findings"])
    assert len(commands) == len(annotations) + 2  # plus ::group:: and ::endgroup::
    assert "forged" in result.stdout and "%0A::error::forged" not in result.stdout  # % itself is escaped
    assert "%250A::error::forged" in result.stdout
    no_raw_controls(result.stdout, "github")


# ----------------------------------------------------------------------------- CSV

def _csv_outputs():
    yield ("score", "csv")
    yield ("report", "csv")
    if "csv" in format_choices("export"):
        yield ("export", "csv")


@pytest.mark.parametrize("command,fmt", list(_csv_outputs()))
def test_csv_cells_are_never_formulas_and_rows_never_break(command, fmt):
    out = run(command, HOSTILE, "--format", fmt).stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) > 1
    widths = {len(row) for row in rows}
    assert widths == {len(rows[0])}, f"{command} csv: rows of {widths} cells"
    starts = []
    for row in rows[1:]:
        for cell in row:
            no_raw_controls(cell, f"{command} csv cell")
            if cell.startswith(FORMULA_START):
                float(cell)  # only numbers may start with - or +: a text cell here would be a formula
            if cell.startswith("'"):
                starts.append(cell[1:2])
    assert set(starts) & {"=", "@", "+", "-"}, "the fixture's formulas reached the CSV neutralised"


# ----------------------------------------------------------------------------- Markdown

def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", re.sub(r"`[^`]*`", "", line)))


@pytest.mark.parametrize("args", [("report", "{map}", "--format", "markdown"),
                                  ("report", "{map}", "--format", "markdown", "--by", "owner"),
                                  ("diff", "{map}", "{other}", "--format", "markdown"),
                                  ("diff", "{other}", "{map}", "--format", "markdown")], ids=" ".join)
def test_markdown_tables_hold_and_links_and_html_stay_text(args, broken, other):
    out = run(*_args(args, broken, other)).stdout
    no_raw_controls(out, "markdown")
    table = None
    for line in out.splitlines():
        if line.startswith("|"):
            table = table if table is not None else _unescaped_pipes(line)
            assert _unescaped_pipes(line) == table, f"a row breaks its table: {line}"
        else:
            table = None
    outside_code = re.sub(r"`[^`\n]*`", "", out)
    for tag in TAGS_FROM_USER_TEXT:
        assert tag not in outside_code.lower(), f"raw HTML {tag} in Markdown"
    assert not re.search(r"(?<!\\)\]\((?:javascript|http)", outside_code), "a user's link became a Markdown link"
    assert not re.search(r"(?<![\\`])!\[", outside_code), "a user's image became a Markdown image"


# ----------------------------------------------------------------------------- JSON, SARIF, JUnit

@pytest.mark.parametrize("args", [("validate", "{broken}", "--format", "json"), ("validate", "{map}", "--format", "json"),
                                  ("score", "{map}", "--format", "json"), ("report", "{map}", "--format", "json"),
                                  ("diff", "{map}", "{other}", "--format", "json")], ids=" ".join)
def test_json_parses_and_keeps_user_text_exactly(args, broken, other):
    out = run(*_args(args, broken, other)).stdout
    data = json.loads(out)
    assert out.isascii() or not RAW_CONTROL.search(out)  # JSON escapes controls itself
    strings = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                strings.append(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            strings.append(node)

    walk(data)
    joined = "\n".join(strings)
    if args[0] in ("score", "report"):
        # nothing lost: the exact user text, controls included, survives in JSON
        expected = "=IMPORTXML(\"http://evil.example\",\"//a\")" if args[0] == "report" else "<img src=x onerror=alert(1)>"
        assert expected in joined


def test_sarif_is_valid_and_quotes_text_as_data(broken):
    out = run("validate", broken, "--format", "sarif").stdout
    sarif = json.loads(out)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    messages = [r["message"]["text"] for run_ in sarif["runs"] for r in run_["results"]]
    assert any("evil" in m for m in messages)
    no_raw_controls("\n".join(messages), "sarif messages")


@pytest.mark.parametrize("path", ["{broken}", "{map}"])
def test_junit_is_well_formed_xml_without_control_characters(path, broken, other):
    out = run("validate", _args([path], broken, other)[0], "--format", "junit").stdout
    assert not XML_INVALID.search(out)
    root = etree.fromstring(out.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    cases = root.findall(".//testcase")
    assert cases
    for element in root.iter():
        assert element.tag in ("testsuites", "testsuite", "testcase", "failure", "error", "skipped",
                               "properties", "property", "system-out", "system-err"), element.tag
    text = "".join(root.itertext())
    no_raw_controls(text.replace("\t", " "), "junit text")


# ----------------------------------------------------------------------------- DOT, SVG, HTML, Mermaid

def test_dot_output_compiles_and_holds_no_raw_control_characters():
    for view in ("flow", "lanes"):
        dot = run("render", HOSTILE, "--format", "dot", "--view", view).stdout
        no_raw_controls(dot.replace("\t", " "), f"dot {view}")
        if shutil.which("dot"):
            checked = subprocess.run(["dot", "-Tcanon"], input=dot.encode(), capture_output=True, timeout=60)
            assert checked.returncode == 0, checked.stderr.decode()[-500:]


def _no_active_markup(tree, where: str) -> None:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("img", "iframe", "object", "embed", "foreignobject"), f"{where}: <{tag}> from user text"
        if tag == "script":
            assert "alert(" not in (element.text or ""), f"{where}: user text in a script"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), f"{where}: event handler {name}={value!r}"
            if local in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, value)


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_svg_has_no_script_handler_or_link_from_user_text(view):
    result = runner.invoke(app, ["render", str(HOSTILE), "--format", "svg", "--view", view], catch_exceptions=False)
    assert result.exit_code == 0, result.output[-800:]
    svg = result.stdout_bytes
    tree = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    _no_active_markup(tree, f"svg {view}")
    assert not XML_INVALID.search(svg.decode("utf-8"))


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
def test_html_export_keeps_user_text_as_text():
    if "html" not in format_choices("export"):
        pytest.skip("no HTML export in this build")
    out = run("export", HOSTILE, "--format", "html").stdout
    tree = lxml_html.document_fromstring(out)
    _no_active_markup(tree, "html")
    no_raw_controls(out.replace("\t", " "), "html")
    for raw in ("<img src=x onerror", "<script>alert", "<a href='javascript", "<b>x</b>"):
        assert raw not in out, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in out  # shown, as text


def test_mermaid_export_keeps_the_structure():
    """User text cannot add sections or tasks: importing the export gives back the same stages and touchpoints."""
    out = run("export", HOSTILE, "--format", "mermaid").stdout
    no_raw_controls(out, "mermaid")
    result = runner.invoke(app, ["import-mermaid", "-"], input=out, catch_exceptions=False)
    assert result.exit_code == 0, result.output[-800:]
    import yaml

    back = yaml.safe_load(result.stdout)
    assert [len(stage["touchpoints"]) for stage in back["stages"]] == [1, 1]


@pytest.mark.parametrize("line", [("validate", "{f}"), ("validate", "{f}", "--format", "github"), ("score", "{f}"),
                                  ("report", "{f}"), ("render", "{f}", "--format", "dot"), ("export", "{f}", "--format", "mermaid"),
                                  ("diff", "{f}", "{f}"), ("import-mermaid", "{f}"), ("score", "{f}x")], ids=" ".join)
def test_a_hostile_file_name_is_shown_inert(tmp_path, line, run_main):
    """File names are user text too: escapes, newlines and bidi overrides in a name stay visible characters."""
    name = tmp_path / "evil\x1b[31m\x1b]8;;http:x\x07\u202e\nname.jmap.yaml"
    name.write_text("jmap: 1\njourney: {id: x}\n")  # errors, so the name is printed with them
    code, out, err = run_main(*[part.format(f=name) for part in line], cwd=tmp_path)
    assert code in (1, 2) and "evil" in err + out
    no_raw_controls(err + out, " ".join(line))
