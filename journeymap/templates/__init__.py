"""Map templates for `jmap init`, shipped as package data and read with importlib.resources."""

from __future__ import annotations

from importlib import resources

NAMES = ("ecommerce", "minimal")


def template_text(name: str) -> str:
    """The template's YAML text as shipped (comments included), under the schema modeline
    (`journeymap.MODELINE`, so that the schema's address is written once)."""
    from journeymap import MODELINE

    if name not in NAMES:
        raise ValueError(f"unknown template {name!r}; choose one of {', '.join(NAMES)}")
    return MODELINE + "\n" + resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
