"""What the test modules share: paths, the map builder, the golden-file check, the CLI runners.

A plain module, not a test module (pytest collects nothing here): tests import from it, never
from one another. The fixtures built on these (`cli`, `run_main`, `golden`) are in conftest.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "online-store.jmap.yaml"
GOLDEN = ROOT / "tests" / "golden"


def check(text: str, settings=None):
    """Validate a dedented YAML snippet; returns the diagnostics."""
    from journeymap.checks.validation import validate_bytes
    from journeymap.load.settings import Settings

    raw = textwrap.dedent(text).encode("utf-8")
    return validate_bytes(raw, "map.jmap.yaml", settings or Settings()).diagnostics


def codes(diagnostics) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diagnostics]


def valid_map(text: str):
    """The model of a dedented map that has no error (the test fails otherwise)."""
    from journeymap.checks.validation import validate_bytes

    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml")
    assert result.map is not None, [(d.code, d.line, d.column, d.message) for d in result.diagnostics]
    return result.map


# --------------------------------------------------------------------------- the map builder

# A valid map whose one touchpoint `a` ends the text: append its further fields, 8 spaces in.
ONE_TOUCHPOINT = """\
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
        owner: team
"""


def validate_touchpoint(touchpoint_lines: str):
    """The validation result of ONE_TOUCHPOINT with these lines added to its touchpoint."""
    from journeymap.checks.validation import validate_bytes

    return validate_bytes((ONE_TOUCHPOINT + touchpoint_lines).encode(), "m.jmap.yaml")


def touchpoint(id: str = "a", **fields: Any) -> dict:
    """A touchpoint with the required fields (and an owner, so JM303 stays quiet) plus `fields`."""
    return {"id": id, "name": id.upper(), "channel": "web", "owner": "team", **fields}


def small_map(*touchpoints: dict, title: str = "J", channels=("web",), personas=None, **top: Any) -> str:
    """A valid one-stage map: `jmap`, `journey`, the top-level keys given and `channels`, then
    stage `s` with one touchpoint per line (JSON flow mappings, which are YAML).

    `small_map(touchpoint("a", reach=10), targets={"csat": 0.8})`; no touchpoint: an empty stage.
    """
    head = {"journey": {"id": "j", "title": title}, **top, "channels": list(channels)}
    if personas is not None:
        head["personas"] = personas
    lines = ["jmap: 1"] + [f"{key}: {json.dumps(value)}" for key, value in head.items()]
    lines += ["stages:", "  - id: s", "    name: S"]
    if touchpoints:
        lines.append("    touchpoints:")
        lines += [f"      - {json.dumps(tp)}" for tp in touchpoints]
    return "\n".join(lines) + "\n"


def first_touchpoint_line(text: str) -> int:
    """The line the first touchpoint of a small_map starts on."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("      - "))


# --------------------------------------------------------------------------- golden files

def update_golden() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


def assert_golden(name: str, actual: str) -> None:
    """`actual` equals tests/golden/NAME; with UPDATE_GOLDEN=1 (`make golden`) the file is rewritten first."""
    path = GOLDEN / name
    if update_golden():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"tests/golden/{name} differs: run `make golden` and review the diff"


# --------------------------------------------------------------------------- running jmap

class Ran(NamedTuple):
    """What the real entry point did: exit status, standard output, standard error."""

    code: int
    out: str
    err: str


JMAP = [sys.executable, "-m", "journeymap"]  # the command as a shell runs it, from this checkout
JMAP_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def jmap(*args, cwd=None, env=None, input=None, text: bool = True, timeout: float = 120):
    """`python -m journeymap ARGS` in a real process: a CompletedProcess (str, or bytes with text=False).

    `env` replaces the environment (default: JMAP_ENV, this one with NO_COLOR and this checkout)."""
    return subprocess.run([*JMAP, *map(str, args)], capture_output=True, text=text, cwd=cwd,
                          env=JMAP_ENV if env is None else env, input=input, timeout=timeout)


def exit_status(stop: SystemExit) -> int:
    """The status a shell would see for this SystemExit."""
    if stop.code is None:
        return 0
    return stop.code if isinstance(stop.code, int) else 1


# What GitHub's autolinker and reference filters look for, in Markdown once the backslashes are gone.
AUTOLINKS = re.compile(r"(?i)www\.|https?://|[a-z0-9._%+-]@[a-z0-9-]|(?:^|\W)@[a-z0-9]|(?:^|\W)#\d")


def rendered_markdown(markdown: str) -> str:
    """Markdown as GitHub shows it, as far as escapes go: every backslash escape dropped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def format_choices(command_name: str) -> list[str]:
    """The values of a command's --format option, read from the command itself, so new formats are covered too."""
    import enum
    import importlib
    import typing

    from journeymap.commands import COMMANDS

    for name, module_name, function in COMMANDS:
        if name == command_name:
            hints = typing.get_type_hints(getattr(importlib.import_module(module_name), function))
            kind = hints["format"]
            kind = next((k for k in typing.get_args(kind) if isinstance(k, type)), kind)
            assert issubclass(kind, enum.Enum), kind
            return [member.value for member in kind]
    raise AssertionError(f"no command {command_name}")
