"""Every `jmap validate` format over the same small set of maps, byte for byte.

The expected outputs live in tests/golden/validate/; after an intended change, regenerate
them with `make golden` and review the diff.
"""

import json

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.base.files import WriteRefused
from journeymap.base.diagnostics import Diagnostic, Severity, Span
from journeymap.outputs.registry import VALIDATE, View
from journeymap.outputs.validate import choose
from journeymap.outputs.validate.github import annotation, escape_data, escape_property
from journeymap.checks.run import Run

from helpers import ROOT

FORMATS = tuple(f.name for f in VALIDATE.formats)


def render(name, run, **view):
    return VALIDATE.render(name, run, View(**view))


DATA = ROOT / "tests" / "data"
MAPS = DATA / "validate"
EXTENSION = {"text": "txt", "parsable": "txt", "github": "txt", "json": "json", "sarif": "sarif", "junit": "xml"}
NO_CI = {"GITHUB_ACTIONS": None, "NO_COLOR": None}


def invoke(*args, env=NO_CI):
    result = CliRunner(env=env).invoke(app, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, (SystemExit, WriteRefused)), result.exception
    return result


def test_every_format_has_a_golden_file():
    assert sorted(EXTENSION) == sorted(FORMATS)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden_output(name, monkeypatch, golden):
    monkeypatch.chdir(MAPS)
    result = invoke(".", "--format", name)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    golden(f"validate/{name}.{EXTENSION[name]}", result.stdout)


def test_output_is_byte_identical_between_runs(monkeypatch):
    monkeypatch.chdir(MAPS)
    for name in FORMATS:
        assert invoke(".", "-f", name).stdout == invoke(".", "-f", name).stdout, name


def test_text_summary_and_grouping(monkeypatch):
    monkeypatch.chdir(MAPS)
    text = invoke(".", "-f", "text").stdout
    assert text.splitlines()[0] == "./broken.jmap.yaml"
    assert text.endswith("\n8 problems (3 errors, 5 warnings) in 3 of 4 files\n")
    assert "clean.jmap.yaml" not in text
    assert "\x1b" not in text  # the ANSI escape in a pain is shown, never sent


def test_clean_run_says_so(monkeypatch):
    monkeypatch.chdir(MAPS)
    result = invoke("clean.jmap.yaml")
    assert (result.exit_code, result.stdout) == (0, "no problems in 1 file\n")


def test_text_wraps_to_the_terminal_width():
    d = Diagnostic("JM304", Severity.WARNING, "pain at 'receipt' has no opportunity: " + "slow " * 12,
                   "m.jmap.yaml", Span(24, 17, 24, 80))
    lines = render("text", Run(["m.jmap.yaml"], [d]), width=60).splitlines()
    assert lines[1] == "  24:17     warning pain at 'receipt' has no opportunity:"
    assert all(len(line) <= 60 for line in lines)
    assert lines[2].startswith(" " * 20 + "slow")
    assert lines[-3].endswith("JM304")


def test_text_colour_only_when_asked():
    d = Diagnostic("JM303", Severity.WARNING, "no owner", "m.jmap.yaml", Span(3, 5, 3, 9))
    assert "\x1b[33mwarning\x1b[0m" in render("text", Run(["m.jmap.yaml"], [d]), color=True)
    assert "\x1b" not in render("text", Run(["m.jmap.yaml"], [d]), color=False)


def test_auto_is_github_in_actions_and_text_elsewhere(monkeypatch):
    monkeypatch.chdir(MAPS)
    in_actions = invoke("broken.jmap.yaml", env={"GITHUB_ACTIONS": "true"})
    assert in_actions.stdout.startswith("::group::broken.jmap.yaml\n::error file=broken.jmap.yaml,line=10,col=18,")
    assert invoke("broken.jmap.yaml").stdout.startswith("broken.jmap.yaml\n  10:18     error   unknown channel")
    assert choose("auto", {"GITHUB_ACTIONS": "false"}, terminal=True) == "text"
    assert choose("json", {"GITHUB_ACTIONS": "true"}, terminal=False) == "json"


def test_github_escapes_data_and_properties():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    d = Diagnostic("JM204", Severity.ERROR, "100% wrong: a, b\n::error::injected", "maps/a:b,c.jmap.yaml",
                   Span(3, 5, 3, 9))
    assert annotation(d) == ("::error file=maps/a%3Ab%2Cc.jmap.yaml,line=3,col=5,endLine=3,endColumn=9,"
                             "title=JM204::100%25 wrong: a, b%0A::error::injected")


def test_github_levels_map_to_commands():
    found = [Diagnostic(code, level, "m", "f.jmap.yaml", Span(1, 1, 1, 2))
             for code, level in (("JM309", Severity.INFO), ("JM303", Severity.WARNING))]
    lines = render("github", Run(["f.jmap.yaml"], found)).splitlines()
    assert [line.split(" ")[0] for line in lines[1:3]] == ["::notice", "::warning"]


def test_github_end_position_never_before_start():
    d = Diagnostic("JM001", Severity.ERROR, "m", "f.jmap.yaml", Span(5, 7, 1, 1))
    assert "line=5,col=7,endLine=5,endColumn=7," in annotation(d)


def test_sarif_is_valid_against_the_schema(monkeypatch):
    from jsonschema import Draft4Validator

    monkeypatch.chdir(MAPS)
    document = json.loads(invoke(".", "-f", "sarif").stdout)
    schema = json.loads((DATA / "sarif-2.1.0.json").read_text())
    errors = sorted(Draft4Validator(schema).iter_errors(document), key=str)
    assert errors == []
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    jm303 = next(rule for rule in rules if rule["id"] == "JM303")
    assert jm303["helpUri"] == "https://github.com/jmap-dev/jmap/blob/main/README.md#jm303"
    assert jm303["help"]["text"].startswith("What it does: finds touchpoints without an `owner`.\n\nWhy it matters:")
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["JM203", "JM204", "JM303", "JM305", "JM304", "JM304", "JM303", "JM103"]


def _junit_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(DATA / "jenkins-junit-10.xsd")))


def test_junit_is_valid_against_the_jenkins_schema(monkeypatch):
    from lxml import etree

    monkeypatch.chdir(MAPS)
    document = etree.fromstring(invoke(".", "-f", "junit").stdout.encode("utf-8"))
    schema = _junit_schema()
    assert schema.validate(document), schema.error_log
    suites = document.findall("testsuite")
    assert [s.get("name") for s in suites] == ["./broken.jmap.yaml", "./clean.jmap.yaml", "./gaps.jmap.yaml",
                                               "./typo.jmap.yaml"]
    assert [(s.get("tests"), s.get("failures")) for s in suites] == [("2", "2"), ("1", "0"), ("4", "0"), ("2", "1")]


def test_junit_warnings_fail_only_under_strict(monkeypatch):
    from lxml import etree

    monkeypatch.chdir(MAPS)
    document = etree.fromstring(invoke("gaps.jmap.yaml", "-f", "junit", "--strict").stdout.encode("utf-8"))
    assert document.get("failures") == "5"  # the three warnings, the two pains and the idle suppression
    assert document.find("testsuite/testcase/failure").get("type") == "warning"


def test_junit_survives_control_characters_and_markup():
    from lxml import etree

    hostile = "a\x00b\x0bc\x1b[31m<d>&\"e\"\ud800\ufffe"
    d = Diagnostic("JM304", Severity.ERROR, hostile, "x<&>\x01.jmap.yaml", Span(1, 1, 1, 2))
    text = render("junit", Run(["x<&>\x01.jmap.yaml"], [d]))
    document = etree.fromstring(text.encode("utf-8"))
    assert _junit_schema().validate(document)
    failure = document.find("testsuite/testcase/failure")
    assert failure.get("message") == "abc[31m<d>&\"e\""
    assert document.find("testsuite").get("name") == "x<&>.jmap.yaml"


def test_parsable_line_shape(monkeypatch):
    monkeypatch.chdir(MAPS)
    first = invoke(".", "-f", "parsable").stdout.splitlines()[0]
    assert first == "./broken.jmap.yaml:10:18: [error] unknown channel 'wbe' (did you mean 'web'?) (JM203)"


def test_output_file_is_written_atomically_and_never_over_an_input(tmp_path, monkeypatch):
    monkeypatch.chdir(MAPS)
    target = tmp_path / "report.sarif"
    result = invoke(".", "-f", "sarif", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]  # no temporary left behind
    copy = tmp_path / "m.jmap.yaml"
    copy.write_bytes((MAPS / "clean.jmap.yaml").read_bytes())
    refused = invoke(str(copy), "-o", str(copy))
    assert isinstance(refused.exception, WriteRefused)  # `jmap` turns it into one line and exit 2
    assert copy.read_bytes() == (MAPS / "clean.jmap.yaml").read_bytes()
