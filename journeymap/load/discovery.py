"""Which files a run checks: named files as given, folders searched for map files.

Ignore patterns follow .gitignore: relative to the configuration's folder, `/` inside or at
the start anchors a pattern there, a trailing `/` matches folders only, `*` stays within one
folder, `**` crosses folders, and `!pattern` takes a path back in (the last match wins).
They apply to named files too, so a pre-commit run honours them.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

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
            if not name.startswith(".") and any(fnmatch.fnmatchcase(name, p) for p in settings.patterns):
                path = os.path.join(root, name)
                if not ignore.ignored(path, is_dir=False):
                    matches.append(path)
    return matches


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
def _compile(pattern: str):
    """(negated, folders only, regex over the path relative to the root) or None for a blank/comment."""
    pattern = pattern.strip()
    if not pattern or pattern.startswith("#"):
        return None
    negated = pattern.startswith("!")
    pattern = pattern[1:] if negated else pattern
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    regex = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex += "(?:.*/)?"
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            regex += "/.*"
            i += 3
        elif pattern.startswith("**", i):
            regex += ".*"
            i += 2
        elif pattern[i] == "*":
            regex += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            regex += "[^/]"
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                regex += re.escape("[")
                i += 1
            else:
                body = pattern[i + 1:end]
                regex += "[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]"
                i = end + 1
        else:
            regex += re.escape(pattern[i])
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return negated, folders_only, re.compile(prefix + regex + r"\Z")
