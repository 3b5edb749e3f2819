"""Markdown for pull-request comments: no user text becomes a link, an e-mail address, a mention
or an issue reference, even after GitHub drops the backslashes and autolinks the rendered text."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.outputs.report.markdown import escape

from test_diff import OLD

runner = CliRunner()

# What GitHub's autolinker and reference filters look for, in the text once the backslashes are gone.
AUTOLINKS = re.compile(r"(?i)www\.|https?://|[a-z0-9._%+-]@[a-z0-9-]|(?:^|\W)@[a-z0-9]|(?:^|\W)#\d")

HOSTILE = [
    "Visit www.evil.example/login",
    "Visit WWW.evil.example",
    "admin@evil.example",
    "see https://evil.example/x and http://evil.example",
    "ping @acme/team about #12",
]


def rendered(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_nothing_to_autolink(text):
    escaped = escape(text)
    assert not AUTOLINKS.search(rendered(escaped)), escaped
    assert rendered(escaped).replace("\u2060", "") == text  # reads the same


def test_escape_keeps_decimal_points():
    assert escape("CSAT 0.42 of 1.5") == "CSAT 0.42 of 1.5"


MAP = """\
jmap: 1
journey: {id: evil, title: "Visit www.evil.example/login"}
personas: [{id: p, name: P}]
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - id: t
        name: "x"
        channel: web
        owner: "admin@evil.example"
        reach: 10
        satisfaction: {csat: {counts: [10, 10, 10, 1, 1]}}
        pains: ["see https://evil.example/x"]
"""


def test_markdown_report_has_no_autolinks(tmp_path):
    path = tmp_path / "evil.jmap.yaml"
    path.write_text(MAP)
    result = runner.invoke(app, ["report", str(path), "-f", "markdown", "--by", "owner"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    assert "evil" in text and "admin" in text
    assert not AUTOLINKS.search(rendered(text)), text


def test_markdown_diff_has_no_autolinks(tmp_path):
    old = tmp_path / "old.jmap.yaml"
    old.write_text(OLD)
    new = tmp_path / "new.jmap.yaml"
    new.write_text(OLD.replace("owner: marketing", "owner: admin@evil.example")
                   .replace("Too loud", "Visit www.evil.example/login or https://evil.example"))
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    assert "evil" in text
    assert not AUTOLINKS.search(rendered(text)), text
