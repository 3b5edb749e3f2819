"""Pages a picture can be fitted to (`jmap render --fit`), and the frame every fitted page shares.

A page is laid out in *design points*, where body text is 10 pt, and drawn at `zoom` so it
lands exactly on the page: a slide is 960 × 540 pt (1920 × 1080 px at 2×) with body text at
11 pt, so a row of cards stays readable on a projector; A4 and A3 are printed at arm's
length, so text stays at 10 pt; a poster is read from a step back, so it is drawn larger.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from journeymap.outputs import numbers
from journeymap.outputs.render.dot import quote, statement


class Page(NamedTuple):
    name: str
    width: float  # points at 1x (= pixels of a PNG at --scale 1)
    height: float
    zoom: float  # page points per design point

    @property
    def design_width(self) -> float:
        return self.width / self.zoom

    @property
    def design_height(self) -> float:
        return self.height / self.zoom


# Landscape, because journeys run left to right. Sizes in points: 16:9 at 13.33 in wide; ISO A4,
# A3; ISO A1 for the poster.
MEDIA = {
    "slide": Page("slide", 960, 540, 1.1),
    "a4": Page("a4", 842, 595, 1.0),
    "a3": Page("a3", 1191, 842, 1.0),
    "poster": Page("poster", 2384, 1684, 1.6),
}
SLIDE_HEIGHT = MEDIA["slide"].height
SLIDE_ZOOM = MEDIA["slide"].zoom
SMALLEST_SIZE = 200
LARGEST_SIZE = 20000
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX\u00d7]\s*(\d{1,5})\s*$")


class BadPageSize(ValueError):
    pass


def custom_page(text: str) -> Page:
    """`--size 1600x900`: a page of that many points (pixels at 1x), zoomed like a slide of its height."""
    found = _SIZE.match(text)
    if not found:
        raise BadPageSize(f"--size {text!r}: give the page as WIDTHxHEIGHT in pixels, e.g. 1600x900")
    width, height = int(found.group(1)), int(found.group(2))
    if not (SMALLEST_SIZE <= width <= LARGEST_SIZE and SMALLEST_SIZE <= height <= LARGEST_SIZE):
        raise BadPageSize(f"--size {text!r}: each side must be {SMALLEST_SIZE} to {LARGEST_SIZE} pixels")
    zoom = max(1.0, SLIDE_ZOOM * min(height, width * 9 / 16) / SLIDE_HEIGHT)
    return Page(f"{width}x{height}", width, height, round(zoom, 4))


def page_for(fit: str) -> Page:
    return MEDIA[fit]


MARGIN = 16  # design points around the page's content


def frame(page: Page) -> list[str]:
    """The statements that make a DOT graph exactly one page: positions are kept as given
    (`layout=nop2`), a white page-sized box fixes the bounding box, and `size` with `!` scales
    the design points onto the page (so text grows with the zoom, and PNG, SVG and PDF agree)."""
    width, height = page.design_width, page.design_height
    return [
        statement("graph", {
            "layout": "nop2", "outputorder": "edgesfirst", "splines": "line", "bgcolor": '"white"',
            "pad": "0", "margin": "0",
            "size": quote(f"{numbers.fixed(page.width / 72, 4)},{numbers.fixed(page.height / 72, 4)}!"),
        }),
        statement(quote("page"), {
            "pos": quote(f"{numbers.fixed(width / 2, 2)},{numbers.fixed(-height / 2, 2)}!"), "shape": "box", "label": '""',
            "width": quote(numbers.fixed(width / 72, 4)), "height": quote(numbers.fixed(height / 72, 4)),
            "fixedsize": "true", "style": "invis"}),
    ]


def position(left: float, top: float, width: float, height: float) -> dict:
    """pos, width and height of a fixed-size node whose top-left corner is (left, top), y downwards."""
    return {"pos": quote(f"{numbers.fixed(left + width / 2, 1)},{numbers.fixed(-(top + height / 2), 1)}!"),
            "width": quote(numbers.fixed(width / 72, 4)), "height": quote(numbers.fixed(height / 72, 4)), "fixedsize": "true"}
