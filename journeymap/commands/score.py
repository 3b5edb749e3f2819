"""`jmap score`: CSAT, NPS and CES with 95 % intervals per touchpoint, rolled up."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from journeymap.outputs.registry import SCORE
from journeymap.commands.common import (EXIT_FINDINGS, color_wanted, load_valid_result, settings_for, terminal_width,
                                        write_output)
from journeymap.commands.options import config_option, format_option, output_option


ScoreFormat = SCORE.choices()


def score(
    map_path: str = typer.Argument(..., metavar="MAP", help="The journey map, or - for stdin."),
    format: ScoreFormat = format_option(SCORE, "table"),
    output: Optional[Path] = output_option("the scores"),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="SCORE",
                                               help="Exit 1 when the journey's experience score (0-100) is below SCORE."),
    low_sample: Optional[int] = typer.Option(None, "--low-sample", min=1,
                                             help="Flag figures resting on fewer responses (default 30)."),
    config: Optional[str] = config_option(),
) -> None:
    """Score a map: CSAT, NPS, CES with 95 % intervals per touchpoint, stage, persona, channel and journey."""
    from journeymap.scoring.rollups import score_map
    from journeymap.outputs.registry import View

    settings = settings_for(config, low_sample=low_sample)
    checked = load_valid_result(map_path, settings, verb="scored")
    scores = score_map(checked.map, settings, checked.context)
    color = output is None and format.value == "table" and color_wanted()
    text = SCORE.render(format.value, scores, View(color=color, width=terminal_width(), low_sample=settings.low_sample))
    write_output(text, output, inputs=[map_path])
    if fail_under is not None:
        journey = scores.journey.experience
        if journey is None:
            typer.echo("jmap: the journey has no experience score to compare with --fail-under", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        if journey.score < fail_under:
            from journeymap.outputs.numbers import experience

            typer.echo(f"jmap: journey experience score {experience(journey.score, digits=1)} is under {fail_under:g}", err=True)
            raise typer.Exit(EXIT_FINDINGS)
