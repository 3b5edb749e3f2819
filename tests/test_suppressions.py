"""`# jmap: disable=…` and `# jmap: disable-file=…`: what they silence, what they must not, and JM005."""

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.base.diagnostics import Severity
from journeymap.load.loader import load
from journeymap.load.settings import Settings
from journeymap.load.suppressions import scan

from helpers import check, codes

# two touchpoints without an owner: `a` at 8:9 and `b` at 11:9
MAP = """\
jmap: 1
journey: {id: j, title: Journey}
channels: [web]
stages:
  - id: s1
    name: One
    touchpoints:
      - id: a{a}
        name: A
        channel: web
      - id: b{b}
        name: B
        channel: web
"""


def with_comments(a: str = "", b: str = "", tail: str = "") -> str:
    return MAP.replace("{a}", a).replace("{b}", b) + tail


def test_without_comments_both_are_reported():
    assert codes(check(with_comments())) == [("JM303", 8, 9), ("JM303", 11, 9)]


def test_trailing_comment_silences_its_line_only():
    assert codes(check(with_comments(a="  # jmap: disable=JM303"))) == [("JM303", 11, 9)]


def test_comment_alone_on_the_line_above_silences_the_next_content_line():
    text = with_comments().replace("      - id: b", "      # jmap: disable=JM303\n\n      # why: owner is being hired\n      - id: b")
    assert codes(check(text)) == [("JM303", 8, 9)]


def test_several_codes_and_spaces_and_a_reason():
    text = with_comments(a="  #jmap:disable=JM305, jm303 -- owner being hired")
    assert codes(check(text)) == [("JM303", 11, 9)]


def test_disable_file_anywhere():
    assert check(with_comments(tail="# jmap: disable-file=JM303\n")) == []


def test_quoted_text_and_data_are_not_comments():
    text = with_comments(a="\n        owner: \"x # jmap: disable=JM303\"") \
        .replace("title: Journey}", "title: 'See # jmap: disable-file=JM303'}")
    assert codes(check(text)) == [("JM303", 12, 9)]
    block = with_comments(tail="        pains:\n          - |\n            # jmap: disable-file=JM303\n"
                                 "        opportunities: [x]\n")
    assert [c for c in codes(check(block)) if c[0] == "JM303"] == [("JM303", 8, 9), ("JM303", 11, 9)]


def test_a_hash_without_a_space_before_is_not_a_comment():
    text = with_comments(a="  # ok").replace("name: A", "name: A#jmap:disable=JM303")
    assert codes(check(text)) == [("JM303", 8, 9), ("JM303", 11, 9)]


def test_format_version_line_is_never_read_as_a_suppression():
    document = load(with_comments(a="  # jmap: 1 is the version").encode(), "m.jmap.yaml")
    assert scan(document).rules == [] and scan(document).problems == []


def test_unknown_directive_and_code_are_always_reported():
    text = with_comments(a="  # jmap: disabel=JM303", b="  # jmap: disable=JM3O3")
    found = [(d.code, d.line, d.column, d.message) for d in check(text) if d.code == "JM005"]
    assert found == [
        ("JM005", 8, 24, "unknown suppression 'disabel' (did you mean 'disable'?); write `# jmap: disable=JM303` "
                         "or `# jmap: disable-file=JM309`"),
        ("JM005", 11, 32, "suppression names unknown code 'JM3O3' (did you mean 'JM303'?)"),
    ]


def test_unused_suppression_only_when_strict():
    text = with_comments(a="  # jmap: disable=JM303,JM305", tail="# jmap: disable-file=JM310\n")
    assert codes(check(text)) == [("JM303", 11, 9)]
    strict = check(text, Settings(report_unused_suppressions=True))
    assert [(d.code, d.line, d.column, d.message) for d in strict] == [
        ("JM005", 8, 38, "unused suppression: no JM305 finding on line 8"),
        ("JM303", 11, 9, "touchpoint 'b' has no owner"),
        ("JM005", 14, 22, "unused suppression: no JM310 finding in this file"),
    ]


def test_suppressing_a_disabled_code_is_not_unused():
    text = with_comments(a="  # jmap: disable=JM303")
    found = check(text, Settings(report_unused_suppressions=True, disabled=frozenset({"JM303"})))
    assert found == []


def test_jm005_follows_configured_levels():
    text = with_comments(a="  # jmap: disable=JM310")
    found = check(text, Settings(report_unused_suppressions=True, levels={"JM005": Severity.ERROR}))
    assert [(d.code, d.severity.label) for d in found if d.code == "JM005"] == [("JM005", "error")]


@pytest.fixture
def mapfile(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "m.jmap.yaml"
    return path


def run(*args):
    result = CliRunner(env={"GITHUB_ACTIONS": None}).invoke(app, ["validate", "-f", "parsable", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_cli_suppression_then_strict_reports_the_stale_one(mapfile):
    mapfile.write_text(with_comments(a="  # jmap: disable=JM303", b="  # jmap: disable=JM303"))
    assert run("m.jmap.yaml") == (0, "")
    assert run("m.jmap.yaml", "--strict") == (0, "")
    mapfile.write_text(with_comments(a="  # jmap: disable=JM303", b="  # jmap: disable=JM303")
                       .replace("name: B\n", "name: B\n        owner: team\n"))
    assert run("m.jmap.yaml", "--strict") == (
        1, "m.jmap.yaml:11:32: [warning] unused suppression: no JM303 finding on line 11 (JM005)\n")


def test_cli_disable_file(mapfile):
    mapfile.write_text("# jmap: disable-file=JM303\n" + with_comments())
    assert run("m.jmap.yaml", "--strict") == (0, "")
