"""Which files a run checks: named files as given, folders searched for map files.

Ignore patterns follow .gitignore: relative to the configuration's folder, `/` inside or at
the start anchors a pattern there, a trailing `/` matches folders only, `*` stays within one
folder, `**` crosses folders, and `!pattern` takes a path back in (the last match wins).
They apply to named files too, so a pre-commit run honours them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from journeymap.load.patterns import PatternError, compile_glob, match_name
from journeymap.load.settings import Settings

STDIN = "-"


@dataclass
class Discovery:
    files: list = field(default_factory=list)  # paths to check, `-` for standard input
    problems: list = field(default_factory=list)  # one-line I/O messages (exit 2)


def discover(paths: list[str], settings: Settings = Settings()) -> Discovery:
    found = Discovery()
    ignore = IgnoreRules(settings.ignore, settings.root or os.getcwd())
    for path in paths:
        if path == STDIN:
            found.files.append(STDIN)
        elif os.path.isdir(path):
            found.files.extend(_walk(path, settings, ignore, found))
        elif os.path.exists(path):
            if not ignore.ignored(path, is_dir=False):
                found.files.append(path)  # named explicitly: checked whatever its name
        else:
            found.problems.append(f"{path}: no such file or folder")
    return found


def _walk(folder: str, settings: Settings, ignore: "IgnoreRules", found: Discovery) -> list[str]:
    matches = []

    def complain(error: OSError) -> None:
        found.problems.append(f"{error.filename}: cannot read folder ({error.strerror})")

    for root, dirs, files in os.walk(folder, onerror=complain):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and not ignore.ignored(os.path.join(root, d), is_dir=True))
        for name in sorted(files):
            if not name.startswith(".") and matches_patterns(name, settings):
                path = os.path.join(root, name)
                if not ignore.ignored(path, is_dir=False):
                    matches.append(path)
    return matches


def matches_patterns(name: str, settings: Settings) -> bool:
    """Whether a file name is one a folder search picks up (`*.jmap.yaml` unless configured)."""
    return any(match_name(p, name) for p in settings.patterns)


def included(path: str, settings: Settings) -> bool:
    """Whether a folder search from the configuration's root would check this file: its name
    matches the include patterns and no ignore pattern covers it (the editor's question)."""
    name = os.path.basename(path)
    if name.startswith(".") or not matches_patterns(name, settings):
        return False
    return not IgnoreRules(settings.ignore, settings.root or os.getcwd()).ignored(path, is_dir=False)


class IgnoreRules:
    """Gitignore-style patterns, compiled once per run."""

    def __init__(self, patterns, root: str):
        self.root = os.path.abspath(root)
        self.rules = [rule for rule in (_compile(p) for p in patterns) if rule is not None]

    def ignored(self, path: str, is_dir: bool) -> bool:
        if not self.rules:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        parts = [p for p in relative.split("/") if p not in ("", ".", "..")]
        # a file inside an ignored folder is ignored: test every leading folder, then the path itself
        for depth in range(1, len(parts) + 1):
            candidate = "/".join(parts[:depth])
            is_folder = depth < len(parts) or is_dir
            verdict = None
            for negated, folders_only, pattern in self.rules:
                if folders_only and not is_folder:
                    continue
                if pattern.match(candidate):
                    verdict = not negated
            if verdict:
                return True
        return False


@lru_cache(maxsize=256)
def compile_rule(pattern: str):
    """(negated, folders only, Glob over the path relative to the root) or None for a blank/comment.

    Raises patterns.PatternError for a pattern that cannot mean anything (`[z-a]`).
    """
    stripped = pattern.strip()
    if not stripped or stripped.startswith("#"):
        return None
    offset = len(pattern) - len(pattern.lstrip())
    negated = stripped.startswith("!")
    body = stripped[1:] if negated else stripped
    folders_only = body.endswith("/")
    body = body.rstrip("/")
    anchored = "/" in body
    leading = len(body) - len(body.lstrip("/"))
    glob = compile_glob(body.lstrip("/"), anywhere=not anchored, offset=offset + negated + leading)
    return negated, folders_only, glob


def _compile(pattern: str):
    try:
        return compile_rule(pattern)
    except PatternError:  # the configuration reports it; a pattern that means nothing matches nothing
        return None
