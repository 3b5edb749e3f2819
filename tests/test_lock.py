"""requirements.lock pins what `make demo` and `make test` install: it must cover every dependency
pyproject.toml names, at a version its range allows, or a fresh install resolves something untested."""

import re
import sys
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, list[tuple[Version, str]]]:
    pins: dict[str, list[tuple[Version, str]]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            [spec] = requirement.specifier
            marker = str(requirement.marker) if requirement.marker else ""
            pins.setdefault(_normal(requirement.name), []).append((Version(spec.version), marker))
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    return [Requirement(line) for line in lines]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    environment = default_environment()
    for requirement in _declared():
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = _normal(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        applicable = [version for version, marker in pins[name]
                      if not marker or Requirement(f"x; {marker}").marker.evaluate(environment)]
        assert applicable, f"no pin of {name} applies to this Python"
        for version in applicable:
            assert SpecifierSet(str(requirement.specifier)).contains(version, prereleases=True), (
                f"requirements.lock pins {name}=={version}, outside pyproject's {requirement.specifier}: run `make lock`")
