"""Colours: a colour-blind-safe diverging scale for scores, and markers that do not rely on colour.

Scores use ColorBrewer's 5-class RdYlBu (Brewer & Harrower, colorbrewer2.org), rated safe for
the common forms of colour blindness and for photocopying: red is poor, blue is good, pale
yellow is the neutral middle. Five classes, not a continuous ramp, so a reader can match a node
to the legend by eye. Text on each class uses whichever of near-black or white contrasts more.
"""

from __future__ import annotations

from typing import Optional

# (lowest score of the class, fill, text colour); the last class includes 100.
SCORE_CLASSES = (
    (0.0, "#d7191c", "#ffffff"),
    (20.0, "#fdae61", "#1a1a1a"),
    (40.0, "#ffffbf", "#1a1a1a"),
    (60.0, "#abd9e9", "#1a1a1a"),
    (80.0, "#2c7bb6", "#ffffff"),
)
NO_SCORE_FILL = "#eeeeee"
NO_SCORE_TEXT = "#1a1a1a"
# An emotion without a survey: a designer's judgement, not a measurement, so never a score colour.
# A pale purple (ColorBrewer Purples) with a purple dashed border: outside RdYlBu, apart in greyscale.
FELT_FILL = "#f2f0f7"
FELT_BORDER = "#756bb1"
FELT_TEXT = "#1a1a1a"

INK = "#1a1a1a"
MUTED = "#595959"  # secondary text: 7:1 on white
RULE = "#bdbdbd"
STAGE_FILL = "#f5f5f5"
STAGE_BORDER = "#d0d0d0"
FADED_FILL = "#fafafa"
FADED_TEXT = "#a6a6a6"
FADED_LINE = "#e0e0e0"
BACKWARD = "#b2182b"
UNDECLARED = "#01665e"  # a measured step the map does not declare (BrBG dark teal: apart from BACKWARD's red)
BLUEPRINT_LINE = "#2c7bb6"  # the blueprint's lines of interaction, visibility and internal interaction

# Okabe & Ito (2008) categorical colours, each paired with its own marker shape and dash
# so persona lines stay apart in greyscale print too.
PERSONA_STYLES = (
    ("#0072b2", "circle", "solid"),
    ("#d55e00", "square", "dashed"),
    ("#009e73", "diamond", "dotted"),
    ("#cc79a7", "triangle", "solid"),
    ("#e69f00", "invtriangle", "dashed"),
    ("#56b4e9", "pentagon", "dotted"),
    ("#000000", "hexagon", "solid"),
)


def score_class(score: Optional[float]) -> Optional[int]:
    """Index into SCORE_CLASSES, or None without a score."""
    if score is None:
        return None
    found = 0
    for index, (low, _fill, _text) in enumerate(SCORE_CLASSES):
        if score >= low:
            found = index
    return found


def score_colours(score: Optional[float]) -> tuple[str, str]:
    """(fill, text) for a 0-100 experience score; light grey for no score."""
    index = score_class(score)
    if index is None:
        return NO_SCORE_FILL, NO_SCORE_TEXT
    _low, fill, text = SCORE_CLASSES[index]
    return fill, text


def class_label(index: int) -> str:
    low = SCORE_CLASSES[index][0]
    high = SCORE_CLASSES[index + 1][0] if index + 1 < len(SCORE_CLASSES) else 100.0
    return f"{low:.0f}\u2013{high:.0f}"


def persona_style(index: int) -> tuple[str, str, str]:
    return PERSONA_STYLES[index % len(PERSONA_STYLES)]
