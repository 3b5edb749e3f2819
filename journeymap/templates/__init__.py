"""Map templates for `jmap init`, shipped as package data and read with importlib.resources."""

from __future__ import annotations

from importlib import resources

NAMES = ("ecommerce", "minimal")


def template_text(name: str) -> str:
    """The template's YAML text, exactly as shipped (comments and modeline included)."""
    if name not in NAMES:
        raise ValueError(f"unknown template {name!r}; choose one of {', '.join(NAMES)}")
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
