"""`jmap score`: CSAT, NPS and CES with 95 % intervals per touchpoint, rolled up."""

from __future__ import annotations

import shutil
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from journeymap.commands.common import EXIT_FINDINGS, color_wanted, fail, read_input, write_output


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def load_valid_map(path: str, settings):
    """The map's model, or None after printing its errors (parsable form, stderr): the caller exits 1."""
    from journeymap.diagnostics import Severity
    from journeymap.formats.parsable import line
    from journeymap.validation import validate_bytes

    name = "<stdin>" if path == "-" else path
    try:
        raw = read_input(path, settings.limits.max_bytes)
    except OSError as error:
        fail(f"{name}: cannot read ({error.strerror or error})")
    result = validate_bytes(raw, name, settings)
    if result.map is None:
        for d in result.diagnostics:
            if d.severity == Severity.ERROR:
                typer.echo(line(d), err=True)
        return None, raw
    return result.map, raw


def write_to(text: str, output: Optional[Path], inputs: list) -> None:
    """stdout, or the file atomically, never over an input."""
    if output is None:
        write_output(text, None)
        return
    from journeymap.files import write_atomic

    write_atomic(output, text.encode("utf-8"), inputs=inputs)


def settings_for(config: Optional[str], low_sample: Optional[int]):
    from journeymap.config import ConfigError, load_settings

    try:
        settings = load_settings(config)
    except ConfigError as problem:
        fail(str(problem))
    if low_sample is not None:
        from dataclasses import replace

        settings = replace(settings, low_sample=low_sample)
    return settings


def score(
    map_path: str = typer.Argument(..., metavar="MAP", help="The journey map, or - for stdin."),
    format: ScoreFormat = typer.Option(ScoreFormat.table, "--format", "-f", help="table, json or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="SCORE",
                                               help="Exit 1 when the journey's experience score (0-100) is below SCORE."),
    low_sample: Optional[int] = typer.Option(None, "--low-sample", min=1,
                                             help="Flag figures resting on fewer responses (default 30)."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file (targets, low-sample threshold)."),
) -> None:
    """Score a map: CSAT, NPS, CES with 95 % intervals per touchpoint, stage, persona, channel and journey."""
    from journeymap.rollups import score_map
    from journeymap.score_formats import render

    settings = settings_for(config, low_sample)
    journey_map, raw = load_valid_map(map_path, settings)
    if journey_map is None:
        typer.echo(f"jmap: {'<stdin>' if map_path == '-' else map_path}: not scored, the map has errors", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    scores = score_map(journey_map, settings)
    color = output is None and format == ScoreFormat.table and color_wanted()
    width = shutil.get_terminal_size((100, 24)).columns
    text = render(format.value, scores, color=color, width=width, threshold=settings.low_sample)
    write_to(text, output, inputs=[] if map_path == "-" else [map_path])
    if fail_under is not None:
        journey = scores.journey.experience
        if journey is None:
            typer.echo("jmap: the journey has no experience score to compare with --fail-under", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        if journey.score < fail_under:
            typer.echo(f"jmap: journey experience score {journey.score:.1f} is under {fail_under:g}", err=True)
            raise typer.Exit(EXIT_FINDINGS)
