"""Where a map comes from: a file, stdin or a git revision (`REV:PATH`)."""

from __future__ import annotations

import os
import subprocess

from journeymap.commands.common import fail, read_input


def read_source(spec: str) -> bytes:
    """A path that exists is a file; `-` is stdin; `REV:PATH` is read with `git show`."""
    if spec == "-" or os.path.exists(spec):
        try:
            return read_input(spec)
        except OSError as error:
            fail(f"{spec}: cannot read ({error.strerror or error})")
    if ":" not in spec:
        fail(f"{spec}: no such file (for a git revision write REV:PATH, e.g. HEAD~1:maps/journey.jmap.yaml)")
    if spec.startswith("-"):
        fail(f"{spec}: a git revision cannot start with '-'")
    try:
        shown = subprocess.run(["git", "show", spec], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        fail(f"{spec}: not a file, and git is not installed to read it as REV:PATH")
    except subprocess.TimeoutExpired:
        fail(f"{spec}: git show took longer than 60 s")
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        fail(f"{spec}: not a file, and git cannot show it ({reason[0] if reason else 'git show failed'})")
    return shown.stdout
