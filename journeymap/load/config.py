"""Read the run's configuration: `--config FILE`, else `.jmap.yaml` or `[tool.jmap]` in
`pyproject.toml`, the nearest one found upward from the working folder (stopping at the
repository root, the folder holding `.git`).

A broken configuration must never be half-applied: every problem is a ConfigError carrying
`file:line:col: message`, which the command turns into exit 2.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from typing import Any, Callable, Optional

from journeymap.base.diagnostics import Severity
from journeymap.load.loader import Limits
from journeymap.load.settings import Settings
from journeymap.base.suggest import did_you_mean
from journeymap.model.records import Targets

YAML_NAME = ".jmap.yaml"
PYPROJECT = "pyproject.toml"

KEYS = ("disable", "levels", "targets", "low_sample", "include", "ignore", "limits", "show_info")
# The bounds a map's own `targets:` have, from the one definition of the map's shape.
TARGET_RANGES = {name: (spec.kind.low, spec.kind.high) for name, spec in Targets.SHAPE.items()}
CONFIG_MAX_BYTES = 4 * 1024 * 1024  # a configuration file is a few lines; never read a huge one whole
LIMIT_KEYS = ("max_bytes", "max_depth", "max_nodes", "max_string")
LEVELS = ("error", "warning", "info")

Locate = Callable[[tuple, bool], tuple]  # (path, on_key) -> (line, column)


class ConfigError(Exception):
    """A configuration problem, already phrased as `file:line:col: message`."""


def find_config(start: str) -> Optional[str]:
    """The nearest `.jmap.yaml`, or `pyproject.toml` with a `[tool.jmap]` table, up to the repository root."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, YAML_NAME)
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, PYPROJECT)
        if os.path.isfile(candidate) and _has_tool_jmap(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if os.path.exists(os.path.join(folder, ".git")) or parent == folder:
            return None
        folder = parent


def load_settings(explicit: Optional[str] = None, start: str = ".", **overrides: Any) -> Settings:
    """Settings from the explicit or discovered file (or defaults), then the command line's overrides."""
    path = explicit or find_config(start)
    settings = Settings(root=os.path.abspath(start)) if path is None else read_config(path)
    return replace(settings, **overrides) if overrides else settings


def read_config(path: str) -> Settings:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(CONFIG_MAX_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration ({error.strerror or error})") from None
    if len(raw) > CONFIG_MAX_BYTES:
        raise ConfigError(f"{path}: a configuration file over {CONFIG_MAX_BYTES:,} bytes is not read")
    if os.path.basename(path) == PYPROJECT or path.endswith(".toml"):
        data, locate = _from_toml(raw, path)
    else:
        data, locate = _from_yaml(raw, path)
    return settings_from(data, path, locate)


def _has_tool_jmap(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return re.search(rb"^\s*\[\s*tool\s*\.\s*jmap\s*[\].]", handle.read(CONFIG_MAX_BYTES), re.M) is not None
    except OSError:
        return False


def _from_yaml(raw: bytes, path: str) -> tuple[dict, Locate]:
    from journeymap.load.loader import load

    document = load(raw, path)
    if document.data is None and [d.code for d in document.diagnostics] == ["JM003"] and \
            document.diagnostics[0].message.startswith("file is empty"):
        return {}, lambda _path, _on_key: (1, 1)  # nothing but comments: the defaults
    if document.diagnostics:
        first = min(document.diagnostics, key=lambda d: d.sort_key())
        message = first.message
        if first.code == "JM003" and "top level" in message:
            message = "the configuration must be a mapping of settings"
        raise ConfigError(f"{path}:{first.line}:{first.column}: {message}")

    def locate(where: tuple, on_key: bool) -> tuple:
        span = document.key_span(where) if on_key else document.span(where)
        return span.line, span.column

    return document.data, locate


def _from_toml(raw: bytes, path: str) -> tuple[dict, Locate]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        try:
            import tomli as tomllib
        except ImportError:
            raise ConfigError(f"{path}: reading pyproject.toml needs Python 3.11 or the 'tomli' package") from None
    text = raw.decode("utf-8", "replace")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        if found:
            where = f"{found.group(1)}:{found.group(2)}"
        else:  # "(at end of document)"
            where = f"{text.count(chr(10)) + 1}:{len(text) - text.rfind(chr(10))}"
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise ConfigError(f"{path}:{where}: TOML syntax error: {message}") from None
    data = document.get("tool", {}).get("jmap", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1:1: [tool.jmap] must be a table")
    return data, lambda where, _on_key: _toml_position(text, where)


def _toml_position(text: str, where: tuple) -> tuple:
    """TOML parsers keep no positions: find the deepest named key after the `[tool.jmap` header."""
    header = re.search(r"^\s*\[\s*tool\s*\.\s*jmap\b", text, re.M)
    start = header.start() if header else 0
    position = (text.count("\n", 0, start) + 1, 1)
    for part in where:
        if not isinstance(part, str):
            continue
        found = re.compile(r'(?:^|[{,\s."])' + re.escape(part) + r'"?\s*[=\]]', re.M).search(text, start)
        if found is None:
            break
        start = found.start() + (0 if text[found.start()] == part[:1] else 1)
        position = (text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1)
    return position


def settings_from(data: Any, source: str, locate: Locate) -> Settings:
    """Check every key and value, then build the frozen Settings the core reads."""

    def problem(where: tuple, message: str, on_key: bool = False) -> ConfigError:
        line, column = locate(where, on_key)
        return ConfigError(f"{source}:{line}:{column}: {message}")

    if not isinstance(data, dict):
        raise problem((), "the configuration must be a mapping of settings")
    for key in data:
        if key not in KEYS:
            raise problem((key,), f"unknown configuration key {key!r}{did_you_mean(key, KEYS)}; "
                          f"known keys: {', '.join(KEYS)}", on_key=True)
    found: dict[str, Any] = {"source": source, "root": os.path.dirname(os.path.abspath(source))}
    if "disable" in data:
        found["disabled"] = frozenset(_codes(data["disable"], ("disable",), problem))
    if "levels" in data:
        found["levels"] = _levels(data["levels"], problem)
    if "targets" in data:
        found["targets"] = _targets(data["targets"], problem)
    if "low_sample" in data:
        found["low_sample"] = _positive_int(data["low_sample"], ("low_sample",), problem)
    if "include" in data:
        found["patterns"] = tuple(_patterns(data["include"], ("include",), problem))
    if "ignore" in data:
        found["ignore"] = tuple(_patterns(data["ignore"], ("ignore",), problem))
    if "limits" in data:
        found["limits"] = _limits(data["limits"], problem)
    if "show_info" in data:
        if not isinstance(data["show_info"], bool):
            raise problem(("show_info",), "show_info must be true or false")
        found["show_info"] = data["show_info"]
    return Settings(**found)


def _known_codes() -> list[str]:
    from journeymap.checks.codes import all_codes

    return list(all_codes())


def _list(value: Any, where: tuple, problem) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise problem(where, f"{where[-1]} must be a list")
    return value


def _codes(value: Any, where: tuple, problem) -> list[str]:
    known = _known_codes()
    codes = []
    for i, code in enumerate(_list(value, where, problem)):
        code = str(code).strip().upper() if isinstance(code, str) else code
        if code not in known:
            raise problem(where + (i,), f"unknown code {code!r}{did_you_mean(code, known)}")
        codes.append(code)
    return codes


def _levels(value: Any, problem) -> dict:
    if not isinstance(value, dict):
        raise problem(("levels",), "levels must be a mapping of code to level, e.g. {JM303: error}")
    known = _known_codes()
    levels = {}
    for code, level in value.items():
        if str(code).upper() not in known:
            raise problem(("levels", code), f"unknown code {code!r}{did_you_mean(str(code).upper(), known)}",
                          on_key=True)
        if not isinstance(level, str) or level.strip().lower() not in LEVELS:
            raise problem(("levels", code), f"level {level!r} for {code} is not one of {', '.join(LEVELS)}")
        levels[str(code).upper()] = Severity.parse(level)
    return levels


def _targets(value: Any, problem) -> dict:
    if not isinstance(value, dict):
        raise problem(("targets",), "targets must be a mapping, e.g. {csat: 0.85, nps: 30, ces: 5}")
    targets = {}
    for metric, target in value.items():
        if metric not in TARGET_RANGES:
            raise problem(("targets", metric), f"unknown target {metric!r}{did_you_mean(metric, TARGET_RANGES)}",
                          on_key=True)
        if isinstance(target, bool) or not isinstance(target, (int, float)) or target != target:
            raise problem(("targets", metric), f"target {metric} must be a number")
        low, high = TARGET_RANGES[metric]
        if (low is not None and target < low) or (high is not None and target > high):
            shown = f"{'-∞' if low is None else format(low, 'g')} … {'∞' if high is None else format(high, 'g')}"
            raise problem(("targets", metric), f"target {metric} {target} is outside {shown}")
        targets[metric] = float(target)
    return targets


def _positive_int(value: Any, where: tuple, problem) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise problem(where, f"{where[-1]} must be a whole number of at least 1")
    return value


def _texts(value: Any, where: tuple, problem) -> list[str]:
    items = _list(value, where, problem)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise problem(where + (i,), f"{where[-1]} entries must be non-empty text patterns")
    return items


def _patterns(value: Any, where: tuple, problem) -> list[str]:
    """Ignore or include patterns, each one compiled now so a bad one is reported where it is written."""
    from journeymap.load.discovery import compile_rule
    from journeymap.load.patterns import PatternError

    items = _texts(value, where, problem)
    for i, item in enumerate(items):
        try:
            compile_rule(item)
        except PatternError as error:
            raise problem(where + (i,), f"{where[-1]} pattern {item!r}: {error} (at character {error.offset + 1})") from None
    return items


def _limits(value: Any, problem) -> Limits:
    if not isinstance(value, dict):
        raise problem(("limits",), f"limits must be a mapping with any of {', '.join(LIMIT_KEYS)}")
    for key, item in value.items():
        if key not in LIMIT_KEYS:
            raise problem(("limits", key), f"unknown limit {key!r}{did_you_mean(key, LIMIT_KEYS)}", on_key=True)
        _positive_int(item, ("limits", key), problem)
    return Limits(**value)
