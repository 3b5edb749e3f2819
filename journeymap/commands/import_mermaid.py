"""`jmap import-mermaid FILE`: a Mermaid journey diagram as a jmap map."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, fail, read_input, write_output


def import_mermaid(
    file: str = typer.Argument(..., help="A Mermaid journey diagram (.mmd), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the map to this file (atomically) instead of stdout."),
    channel: str = typer.Option("web", "--channel",
                                help="Channel of every touchpoint (Mermaid journeys have no channels)."),
) -> None:
    """Read a Mermaid journey into a map: sections become stages, tasks touchpoints, actors personas, scores emotions."""
    from journeymap.load.loader import TooLarge
    from journeymap.outputs.mermaid import journey_to_map, map_yaml, parse_journey
    from journeymap.model.records import SLUG_PATTERN
    from journeymap.base.textsafe import inert

    if not re.fullmatch(SLUG_PATTERN, channel):
        fail(f"--channel {channel!r}: a channel id is a lower-case slug such as web or mobile-app")
    name = "<stdin>" if file == "-" else file
    try:
        text = read_input(file).decode("utf-8")
    except TooLarge as too_large:
        fail(f"{name}: {too_large.size or 'more than ' + str(too_large.limit)} bytes, "
             f"over the limit of {too_large.limit} bytes")
    except OSError as error:
        fail(f"{name}: cannot read ({error.strerror or error})")
    except UnicodeDecodeError:
        fail(f"{name}: not UTF-8 text")
    journey, problems = parse_journey(text)
    for problem in problems:
        level = "" if problem.severity == "error" else f"{problem.severity}: "
        typer.echo(f"{inert(name)}:{problem.line}: {level}{inert(problem.message)}", err=True)
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(EXIT_FINDINGS)
    result = map_yaml(journey_to_map(journey, channel), channel)
    if output is None:
        write_output(result, None)
        return
    from journeymap.base.files import write_atomic

    write_atomic(output, result.encode("utf-8"), inputs=[] if file == "-" else [file])
