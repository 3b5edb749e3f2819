"""The HTML page printed to PDF by Chromium: the summary on page 1, the map on pages of its own,
then the details, and nothing cut off at a page's edge. Read from the PDF itself (pypdf takes
each page's text and where it is drawn), for the sample map and for a generated 100-touchpoint map."""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata

import pytest

from helpers import ROOT, SAMPLE
from helpers.browser import needs_chromium, print_to_pdf

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402

pypdf = pytest.importorskip("pypdf")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

MM = 72 / 25.4  # PDF points in a millimetre
PREVIOUS = ROOT / "samples" / "online-store.2024-Q2.jmap.yaml"
PAGE_MARGIN = 12 * MM  # the page's @page margin
MAP_PAGE = re.compile(r"page (\d+) of (\d+)")  # the header line of each drawn page of the lanes view


def pages_of(pdf) -> list[tuple[str, list[tuple[float, float, str]], tuple[float, float]]]:
    """(text, [(x, y, piece) where each piece of text starts], (width, height)) of every page."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        pieces = []

        def visit(text, cm, tm, _font, _size, pieces=pieces):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                pieces.append((x, y, text))

        text = page.extract_text(visitor_text=visit)
        text = unicodedata.normalize("NFKC", text)  # Chromium's fonts set "fi" as one ligature glyph
        found.append((" ".join(text.split()), pieces, (float(page.mediabox.width), float(page.mediabox.height))))
    return found


def names_of(data: bytes) -> tuple[str, list[str]]:
    from journeymap.checks.validation import validate_bytes

    journey_map = validate_bytes(data, "m.jmap.yaml").map
    return journey_map.journey.title, [tp.name for _s, _t, _stage, tp in journey_map.touchpoints()]


@needs_dot
@needs_chromium
@pytest.mark.parametrize("size, previous", [(13, False), (13, True), (100, False)])
def test_printed_page_puts_the_map_on_pages_of_its_own(size, previous, tmp_path, cli):
    source = SAMPLE if size == 13 else tmp_path / "generated.jmap.yaml"
    if size != 13:
        source.write_text(generate(size), encoding="utf-8")
    title, names = names_of(source.read_bytes())
    page = tmp_path / "report.html"
    since = ["--previous", PREVIOUS] if previous else []  # the biggest changes since Q2 join page 1
    done = cli("export", "-f", "html", source, *since, "-o", page)
    assert done.exit_code == 0, done.output
    printed = pages_of(print_to_pdf(page, tmp_path))

    # every page A4 landscape, as the page's @page rule asks
    assert {(round(w), round(h)) for _t, _p, (w, h) in printed} == {(842, 595)}

    # page 1: the title, the headline and the five fixes; nothing of the map
    first = printed[0][0]
    assert title in first and "Fix first:" in first and "the first 5 of the fix-first list" in first
    assert "touchpoints with survey data" in first  # the score's facts end the summary
    if previous:
        assert "Since 2024-Q2:" in first and "Checkout checkout CSAT 77.0% → 61.8%" in first
    assert not MAP_PAGE.search(first) and "Lanes:" not in first and "The journey" not in first

    # the map: each drawn page starts a printed page of its own, in order, from page 2 on
    drawn = [(index, [int(n) for n in MAP_PAGE.findall(text)[0]]) for index, (text, _p, _s) in enumerate(printed)
             if MAP_PAGE.search(text)]
    total = drawn[0][1][1]
    assert [index for index, _ in drawn] == list(range(1, 1 + total)), "one drawn page on each printed page"
    assert [number for _index, (number, _total) in drawn] == list(range(1, total + 1))
    assert all(len(MAP_PAGE.findall(printed[index][0])) == 1 for index, _ in drawn)
    map_text = " ".join(printed[index][0] for index, _ in drawn)
    assert all(re.search(rf"\b{re.escape(name)}\b", map_text) for name in names), "every touchpoint is on the map"
    assert printed[1][0].startswith("The journey"), "the map's heading goes with the map"
    assert "Lanes view: persona cards" in printed[total][0], "the caption stays with the last map page"

    # the details start on the page after the map, and no map page holds any of them
    after = printed[total + 1][0]
    assert after.startswith("Scores Touchpoints")
    for index, _ in drawn:
        text = printed[index][0]
        assert "Scores" not in text and "Fix first: under target" not in text and "Coverage:" not in text

    # nothing is cut off: every piece of text of the map starts inside the page's margins
    for index, _ in drawn:
        _text, pieces, (width, height) = printed[index]
        assert len(pieces) > 20
        xs, ys = [x for x, _y, _t in pieces], [y for _x, y, _t in pieces]
        assert PAGE_MARGIN - 1 <= min(xs) and max(xs) <= width - PAGE_MARGIN
        assert PAGE_MARGIN - 1 <= min(ys) and max(ys) <= height - PAGE_MARGIN
