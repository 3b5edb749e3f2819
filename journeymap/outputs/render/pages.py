"""Pages a picture can be fitted to (`jmap render --fit`), and the frame every fitted page shares.

A page is laid out in *design points*, where body text is 10 pt, and drawn at `zoom` so it
lands exactly on the page: a slide is 960 × 540 pt (1920 × 1080 px at 2×) with body text at
11 pt, so a row of cards stays readable on a projector; A4 and A3 are printed at arm's
length, so text stays at 10 pt; a poster is read from a step back, so it is drawn larger.
"""

from __future__ import annotations

import math
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


def snap_zoom(width: int, height: int, zoom: float) -> float:
    """The zoom nearest `zoom` at which the page is a whole number of design points both ways.

    Graphviz rounds a drawing's bounding box to whole points; a page of 613.6 design points
    would lose its last pixel row to that rounding."""
    step = height // math.gcd(width, height)  # the smallest whole design height with a whole width
    design_height = max(step, round(height / zoom / step) * step)
    return height / design_height


def page(name: str, width: int, height: int, zoom: float) -> Page:
    return Page(name, width, height, snap_zoom(width, height, zoom))


# Landscape, because journeys run left to right. Sizes in points: 16:9 at 13.33 in wide; ISO A4,
# A3; ISO A1 for the poster.
MEDIA = {
    "slide": page("slide", 960, 540, 1.1),
    "a4": page("a4", 842, 595, 1.0),
    "a3": page("a3", 1191, 842, 1.0),
    "poster": page("poster", 2384, 1684, 4 / 3),
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
    return page(f"{width}x{height}", width, height, zoom)


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
            # a hair over the page, so that rounding inside Graphviz never loses the last pixel
            "size": quote(f"{numbers.fixed((page.width + 0.3) / 72, 6)},{numbers.fixed((page.height + 0.3) / 72, 6)}!"),
        }),
        statement(quote("page"), {
            "pos": quote(f"{numbers.fixed(width / 2, 2)},{numbers.fixed(-height / 2, 2)}!"), "shape": "box", "label": '""',
            "width": quote(numbers.fixed(width / 72, 6)), "height": quote(numbers.fixed(height / 72, 6)),
            "fixedsize": "true", "style": "invis"}),
    ]


def position(left: float, top: float, width: float, height: float) -> dict:
    """pos, width and height of a fixed-size node whose top-left corner is (left, top), y downwards."""
    return {"pos": quote(f"{numbers.fixed(left + width / 2, 1)},{numbers.fixed(-(top + height / 2), 1)}!"),
            "width": quote(numbers.fixed(width / 72, 4)), "height": quote(numbers.fixed(height / 72, 4)), "fixedsize": "true"}


def touchpoint_span(order: list, shown: list) -> str:
    """`touchpoints 18–34 of 84` (or `touchpoint 40 of 40`): where a page's touchpoints sit in the map."""
    if not shown:
        return f"no touchpoints of {len(order)}"
    first, last = order.index(shown[0]) + 1, order.index(shown[-1]) + 1
    return (f"touchpoint {first} of {len(order)}" if first == last
            else f"touchpoints {first}\u2013{last} of {len(order)}")
