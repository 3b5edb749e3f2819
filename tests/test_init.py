"""jmap init: the templates validate with no error, and an existing file is never overwritten by accident."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.base.diagnostics import Severity
from journeymap.templates import NAMES, template_text
from journeymap.checks.validation import validate_bytes

from helpers import jmap

runner = CliRunner()


@pytest.mark.parametrize("name", NAMES)
def test_template_validates_without_errors_or_warnings(name):
    result = validate_bytes(template_text(name).encode("utf-8"), f"{name}.yaml")
    assert result.map is not None
    assert [d for d in result.diagnostics if d.severity >= Severity.WARNING] == []


@pytest.mark.parametrize("name", NAMES)
def test_template_starts_with_the_schema_modeline(name):
    assert template_text(name).splitlines()[0].startswith("# yaml-language-server: $schema=")


def test_ecommerce_template_has_the_five_stages_and_typical_touchpoints():
    journey_map = validate_bytes(template_text("ecommerce").encode(), "t.yaml").map
    assert [s.id for s in journey_map.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    ids = {tp.id for _s, _t, _stage, tp in journey_map.touchpoints()}
    assert {"social-ad", "search-result", "product-page", "cart", "checkout", "order-confirmation-email",
            "delivery-tracking", "returns", "chatbot", "review-request"} <= ids
    assert len(journey_map.channels) >= 4


def test_init_writes_the_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = runner.invoke(app, ["init"])
    assert found.exit_code == 0, found.output
    written = (tmp_path / "journey.jmap.yaml").read_text(encoding="utf-8")
    assert written == template_text("ecommerce")
    assert runner.invoke(app, ["validate", "journey.jmap.yaml"]).exit_code == 0


def test_init_minimal(tmp_path):
    target = tmp_path / "m.jmap.yaml"
    assert runner.invoke(app, ["init", str(target), "--minimal"]).exit_code == 0
    assert target.read_text(encoding="utf-8") == template_text("minimal")
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0


def test_init_refuses_to_overwrite_without_force(tmp_path, monkeypatch, capsys):
    from journeymap.cli import main

    target = tmp_path / "journey.jmap.yaml"
    target.write_text("keep me\n")
    monkeypatch.setattr("sys.argv", ["jmap", "init", str(target)])
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1 and "--force" in err
    assert target.read_text() == "keep me\n"
    assert runner.invoke(app, ["init", str(target), "--force"]).exit_code == 0
    assert target.read_text(encoding="utf-8") == template_text("ecommerce")
    assert [p.name for p in tmp_path.iterdir()] == ["journey.jmap.yaml"]  # no temporary left behind


def test_templates_are_found_through_importlib_resources():
    from importlib import resources

    folder = resources.files("journeymap.templates")
    assert {f"{name}.yaml" for name in NAMES} <= {entry.name for entry in folder.iterdir()}


def test_init_into_a_missing_folder_is_one_line_naming_the_target(tmp_path):
    target = tmp_path / "nodir" / "x.jmap.yaml"
    result = jmap("init", target, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"jmap: {target}: folder {target.parent} does not exist\n"
    assert not (tmp_path / "nodir").exists()
