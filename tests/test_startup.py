"""Start-up cost is a feature: `jmap --version` and a small `jmap validate` import only what they use.

Each check runs the real entry point in a fresh interpreter and lists the modules it loaded,
so an eager import anywhere on the path (a command module, a format, the CLI) fails here.
"""

import json
import subprocess
import sys

import pytest

from helpers import ROOT, SAMPLE

PROBE = """
import json, sys
sys.argv = ["jmap"] + json.loads(sys.argv[1])
from journeymap.cli import run
try:
    run()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""

HEAVY = ("pydantic", "pydantic_core", "rich", "graphviz", "ruamel", "scipy", "numpy", "jsonschema")


def loaded_by(*args: str) -> set:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules), done


def _tops(modules: set) -> set:
    return {name.split(".")[0] for name in modules}


def test_version_imports_nothing_heavy():
    """Not even the command line parser: `jmap --version` alone is answered before typer loads."""
    modules, done = loaded_by("--version")
    assert done.stdout.startswith("jmap ")
    heavy = set(HEAVY + ("yaml", "typer", "click"))
    assert not _tops(modules) & heavy, sorted(_tops(modules) & heavy)
    assert "journeymap.model.definition" not in modules and "journeymap.checks.validation" not in modules


def test_validate_of_a_small_map_loads_no_renderer_terminal_ui_or_statistics():
    modules, done = loaded_by("validate", str(SAMPLE), "--format", "parsable")
    assert "journeymap.checks.validation" in modules  # it did the work
    assert done.stdout.strip() and "Traceback" not in done.stderr
    assert not _tops(modules) & {"rich", "graphviz", "ruamel", "scipy", "numpy", "jsonschema"}
    assert not {"journeymap.outputs.render", "journeymap.scoring.rollups", "journeymap.gaps", "journeymap.outputs.mermaid"} & modules
    assert not _tops(modules) & {"pygls", "lsprotocol", "cattrs"} and "journeymap.lsp" not in modules


@pytest.mark.parametrize("command", [("validate",), ("render", "--format", "dot"), ("score", "--format", "json")])
def test_a_valid_map_is_read_without_pydantic(command):
    """pydantic costs more to import than a small run takes: only a broken map needs its diagnostics."""
    modules, done = loaded_by(command[0], str(SAMPLE), *command[1:])
    assert done.stdout.strip() and "Traceback" not in done.stderr
    assert "journeymap.model.records" in modules
    assert not _tops(modules) & {"pydantic", "pydantic_core"}, sorted(m for m in modules if "pydantic" in m)


def test_a_broken_map_gets_pydantic_for_its_diagnostics(tmp_path):
    broken = tmp_path / "broken.jmap.yaml"
    broken.write_text("jmap: 1\njourney: {id: j, title: J}\nstages: [{id: s, name: S, nmae: x}]\n")
    modules, done = loaded_by("validate", str(broken), "--format", "parsable")
    assert ":3:27: [error] unknown field 'nmae' (did you mean 'name'?) (JM103)" in done.stdout, done.stdout
    assert "pydantic" in _tops(modules)


@pytest.mark.parametrize("args", [("schema",), ("init", "--help"), ("--version", "--help")])
def test_other_light_commands_skip_the_renderer(args):
    modules, _done = loaded_by(*args)
    assert not _tops(modules) & {"rich", "graphviz", "ruamel", "scipy"}


def test_the_probe_would_see_an_eager_import():
    """The probe is honest: a command that does import rich shows up."""
    modules, _done = loaded_by("report", str(SAMPLE), "--format", "table")
    assert "journeymap.gaps" in modules


def test_a_command_builds_only_itself():
    """typer inspects every registered command on each run; `jmap render` registers render alone."""
    modules, done = loaded_by("render", str(SAMPLE), "--format", "dot")
    assert done.stdout.startswith("digraph")
    assert "journeymap.commands.render" in modules
    assert not {"journeymap.commands.validate", "journeymap.commands.report", "journeymap.commands.diff"} & modules


def test_a_mistyped_command_still_gets_a_suggestion_from_the_full_list():
    _modules, done = loaded_by("rendr", str(SAMPLE))
    assert "No such command 'rendr'. Did you mean 'render'?" in done.stderr
