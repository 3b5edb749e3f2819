"""`jmap init [PATH]`: start a new map from a template that validates as it is."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


class Template(str, Enum):
    ecommerce = "ecommerce"
    minimal = "minimal"


def init(
    path: Path = typer.Argument(Path("journey.jmap.yaml"), help="Where to write the new map."),
    template: Template = typer.Option(Template.ecommerce, "--template", "-t",
                                      help="ecommerce: the five standard stages with typical touchpoints; minimal: one touchpoint."),
    minimal: bool = typer.Option(False, "--minimal", help="Same as --template minimal."),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
) -> None:
    """Write a new journey map from a template, with comments that explain each field."""
    from journeymap.commands.common import fail
    from journeymap.base.files import write_atomic
    from journeymap.templates import template_text

    if path.exists() and not force:
        fail(f"{path}: already exists (use --force to overwrite)")
    if path.is_dir():
        fail(f"{path}: is a folder")
    write_atomic(path, template_text("minimal" if minimal else template.value).encode("utf-8"))
    typer.echo(f"wrote {path} from the {'minimal' if minimal else template.value} template; "
               f"check it with: jmap validate {path}", err=True)
