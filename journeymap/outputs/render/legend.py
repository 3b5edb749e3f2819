"""The header both views carry: the journey's title, what is shown, and the legend."""

from __future__ import annotations

from typing import Optional

from journeymap.outputs.render import palette
from journeymap.outputs.render.dot import clean, html, wrap

LOW_SAMPLE_MARK = "\u26a0"  # ⚠
PAIN_MARK = "\u2691"  # ⚑
TITLE_LIMIT = 200
BREAK = '<BR ALIGN="LEFT"/>'


def header(title: str, subtitle: Optional[str], extra: tuple = (), low_sample: int = 30, legend: bool = True) -> str:
    """An HTML-like graph label: title, subtitle, then the score legend as one strip of swatches
    (`legend=False` for a view that draws no score)."""
    title_lines = "".join(html(line) + BREAK for line in wrap(clean(title, TITLE_LIMIT), 90, max_lines=2))
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="12"><FONT POINT-SIZE="18"><B>{title_lines}</B></FONT></TD></TR>']
    if subtitle:
        sub_lines = wrap(clean(subtitle, 300), 120, max_lines=2)
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="12"><FONT POINT-SIZE="11" COLOR="{palette.MUTED}">'
                    + "".join(html(s) + BREAK for s in sub_lines) + "</FONT></TD></TR>")
    if legend:
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="12">{legend_strip(low_sample, extra)}</TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def legend_strip(low_sample: int = 30, extra: tuple = ()) -> str:
    """The score legend as one row of swatches, then the marks, then any view-specific keys."""
    cells = ['<TD ALIGN="LEFT"><FONT POINT-SIZE="10">Experience score</FONT></TD>']
    for index, (_low, fill, text) in enumerate(palette.SCORE_CLASSES):
        cells.append(f'<TD BGCOLOR="{fill}" BORDER="1" COLOR="{palette.RULE}" WIDTH="46">'
                     f'<FONT POINT-SIZE="9" COLOR="{text}">{palette.class_label(index)}</FONT></TD>')
    cells.append(f'<TD BGCOLOR="{palette.NO_SCORE_FILL}" BORDER="1" COLOR="{palette.RULE}" WIDTH="60">'
                 f'<FONT POINT-SIZE="9">no score</FONT></TD>')
    cells.append(f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">  {LOW_SAMPLE_MARK} fewer than {low_sample} answers'
                 f'   {PAIN_MARK} pains</FONT></TD>')
    for row in extra:
        cells.append(f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">   {row}</FONT></TD>')
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="3"><TR>{"".join(cells)}</TR></TABLE>'


PAGE_HEADER_HEIGHT = 70  # design points: title, subtitle and view keys, legend


def page_header(title: str, subtitle: str, page_label: str, width: float, low_sample: int, extra: tuple = (),
                legend: bool = True) -> str:
    """The HTML-like label heading a fitted page: one title line with the page number, what the page
    shows, the score legend and the view's own keys, in a table of exactly `width` points."""
    title_line = html(wrap(clean(title, TITLE_LIMIT), 80, max_lines=1)[0])
    keys = "   ".join(extra)
    return (f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" FIXEDSIZE="TRUE" WIDTH="{int(width)}" '
            f'HEIGHT="{PAGE_HEADER_HEIGHT}">'
            f'<TR><TD ALIGN="LEFT" HEIGHT="22"><FONT POINT-SIZE="16"><B>{title_line}</B></FONT></TD>'
            f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="10" COLOR="{palette.MUTED}">{html(page_label)}</FONT></TD></TR>'
            f'<TR><TD ALIGN="LEFT" HEIGHT="16"><FONT POINT-SIZE="10" COLOR="{palette.MUTED}">'
            f'{html(wrap(clean(subtitle, 300), 110, max_lines=1)[0])}</FONT></TD>'
            f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="10">{keys}</FONT></TD></TR>'
            + (f'<TR><TD ALIGN="LEFT" COLSPAN="2">{legend_strip(low_sample)}</TD></TR>' if legend else "") +
            "</TABLE>>")
