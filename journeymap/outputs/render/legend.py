"""The header both views carry: the journey's title, what is shown, and the legend."""

from __future__ import annotations

from typing import Optional

from journeymap.outputs.render import palette
from journeymap.outputs.render.dot import clean, html, wrap

LOW_SAMPLE_MARK = "\u26a0"  # ⚠
PAIN_MARK = "\u2691"  # ⚑
TITLE_LIMIT = 200
BREAK = '<BR ALIGN="LEFT"/>'


def header(title: str, subtitle: Optional[str], extra: tuple = (), low_sample: int = 30,
           used: Optional[set] = None) -> str:
    """An HTML-like graph label: title, subtitle, then the legend of the marks `used` as one strip."""
    title_lines = "".join(html(line) + BREAK for line in wrap(clean(title, TITLE_LIMIT), 90, max_lines=2))
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="12"><FONT POINT-SIZE="18"><B>{title_lines}</B></FONT></TD></TR>']
    if subtitle:
        sub_lines = wrap(clean(subtitle, 300), 120, max_lines=2)
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="12"><FONT POINT-SIZE="11" COLOR="{palette.MUTED}">'
                    + "".join(html(s) + BREAK for s in sub_lines) + "</FONT></TD></TR>")
    strip = legend_strip(low_sample, extra, used)
    if strip:
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="12">{strip}</TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


EVERY_MARK = frozenset({"survey", "felt", "none", "low-sample", "pains"})


def legend_strip(low_sample: int = 30, extra: tuple = (), used: Optional[set] = None) -> str:
    """The legend as one row: the score scale when a surveyed score is drawn, the looks of a felt
    emotion and of no data, the marks, then the view's own keys; only what the picture uses
    (`used`, from facts.marks_used). Empty when there is nothing to explain."""
    used = EVERY_MARK if used is None else used
    swatch = '<TD BGCOLOR="{fill}" BORDER="1" COLOR="{border}" WIDTH="{width}"><FONT POINT-SIZE="9" COLOR="{ink}">{text}</FONT></TD>'
    cells = []
    if "survey" in used:
        cells.append('<TD ALIGN="LEFT"><FONT POINT-SIZE="10">Experience score</FONT></TD>')
        for index, (_low, fill, text) in enumerate(palette.SCORE_CLASSES):
            cells.append(swatch.format(fill=fill, border=palette.RULE, width=46, ink=text,
                                       text=palette.class_label(index)))
    if "felt" in used:
        cells.append(swatch.format(fill=palette.FELT_FILL, border=palette.FELT_BORDER, width=96, ink=palette.FELT_TEXT,
                                   text="felt, no survey"))
    if "none" in used:
        cells.append(swatch.format(fill=palette.NO_SCORE_FILL, border=palette.RULE, width=56, ink=palette.NO_SCORE_TEXT,
                                   text="no data"))
    marks = []
    if "low-sample" in used:
        marks.append(f"{LOW_SAMPLE_MARK} fewer than {low_sample} answers")
    if "pains" in used:
        marks.append(f"{PAIN_MARK} pains")
    if marks:
        cells.append(f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">  {"   ".join(marks)}</FONT></TD>')
    for row in extra:
        cells.append(f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">   {row}</FONT></TD>')
    if not cells:
        return ""
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="3"><TR>{"".join(cells)}</TR></TABLE>'


PAGE_HEADER_HEIGHT = 70  # design points: title, subtitle and view keys, legend


def page_header(title: str, subtitle: str, page_label: str, width: float, low_sample: int, extra: tuple = (),
                used: Optional[set] = None) -> str:
    """The HTML-like label heading a fitted page: one title line with the page number, what the page
    shows, the score legend and the view's own keys, in a table of exactly `width` points."""
    title_line = html(wrap(clean(title, TITLE_LIMIT), 80, max_lines=1)[0])
    keys = "   ".join(extra)
    strip = legend_strip(low_sample, (), used)
    return (f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" FIXEDSIZE="TRUE" WIDTH="{int(width)}" '
            f'HEIGHT="{PAGE_HEADER_HEIGHT}">'
            f'<TR><TD ALIGN="LEFT" HEIGHT="22"><FONT POINT-SIZE="16"><B>{title_line}</B></FONT></TD>'
            f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="10" COLOR="{palette.MUTED}">{html(page_label)}</FONT></TD></TR>'
            f'<TR><TD ALIGN="LEFT" HEIGHT="16"><FONT POINT-SIZE="10" COLOR="{palette.MUTED}">'
            f'{html(wrap(clean(subtitle, 300), 110, max_lines=1)[0])}</FONT></TD>'
            + (f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="10">{keys}</FONT></TD></TR>' if keys else "<TD></TD></TR>")
            + (f'<TR><TD ALIGN="LEFT" COLSPAN="2">{strip}</TD></TR>' if strip else "") +
            "</TABLE>>")
