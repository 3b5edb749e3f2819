"""jmap render --fit / --size / --stage / --split: pictures that fit a page, read from the DOT (the tested
artefact) and checked in the drawn files: every page exactly the page, every card on it, nothing lost."""

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from journeymap.checks.validation import validate_bytes
from journeymap.cli import app
from journeymap.outputs.render import build_dot, build_pages, draw_pages
from journeymap.outputs.render.pages import MEDIA, BadPageSize, custom_page
from journeymap.outputs.render.pdf_pages import join_pdfs, page_count
from journeymap.outputs.render.subset import UnknownStage, subset

from helpers import ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "render"
HOSTILE = ROOT / "tests" / "data" / "hostile.jmap.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
runner = CliRunner()
CARD = re.compile(r'^  "tp:([a-z0-9.-]+)" \[pos="([-\d.]+),([-\d.]+)!", width="([\d.]+)", height="([\d.]+)"', re.M)
PAGE = re.compile(r'^  "page" \[pos="[-\d.]+,[-\d.]+!", shape=box, label="", width="([\d.]+)", height="([\d.]+)"', re.M)


def load(path: Path = SAMPLE):
    result = validate_bytes(path.read_bytes(), str(path))
    assert result.map is not None, result.diagnostics
    return result.map


def generated(count: int):
    result = validate_bytes(generate(count).encode(), f"generated-{count}.jmap.yaml")
    assert result.map is not None
    return result.map


def cards(dot: str) -> dict:
    """Touchpoint id -> (left, top, right, bottom) in points, y downwards, from a page's DOT."""
    found = {}
    for tp_id, x, y, width, height in CARD.findall(dot):
        w, h = float(width) * 72, float(height) * 72
        found[tp_id] = (float(x) - w / 2, -float(y) - h / 2, float(x) + w / 2, -float(y) + h / 2)
    return found


def page_box(dot: str) -> tuple:
    width, height = PAGE.search(dot).groups()
    return float(width) * 72, float(height) * 72


def size_attribute(dot: str) -> tuple:
    width, height = re.search(r'size="([\d.]+),([\d.]+)!"', dot).groups()
    return float(width) * 72, float(height) * 72


@pytest.mark.golden
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_fitted_sample_matches_the_golden_file(view):
    golden = GOLDEN / f"online-store.{view}.slide.dot"
    dot = "".join(build_pages(load(), view, MEDIA["slide"]))
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8"), f"run UPDATE_GOLDEN=1 pytest {__file__} and review the diff"


@pytest.mark.parametrize("fit", sorted(MEDIA))
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_every_touchpoint_of_a_large_map_is_on_exactly_one_page_inside_it(fit, view):
    journey_map = generated(84)
    pages = build_pages(journey_map, view, MEDIA[fit])
    expected = {tp.id for _s, _t, _stage, tp in journey_map.touchpoints()}
    seen = [tp_id for dot in pages for tp_id in cards(dot)]
    assert sorted(seen) == sorted(expected)  # each exactly once
    for dot in pages:
        width, height = page_box(dot)
        page = MEDIA[fit]
        out_width, out_height = size_attribute(dot)
        assert (round(out_width), round(out_height)) == (page.width, page.height)
        assert abs(width / height - page.width / page.height) < 0.001
        boxes = list(cards(dot).values())
        for left, top, right, bottom in boxes:
            assert 0 <= left and right <= width + 0.1 and 0 <= top and bottom <= height + 0.1
        for i, a in enumerate(boxes):  # no two cards overlap
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] + 0.1 or b[2] <= a[0] + 0.1 or a[3] <= b[1] + 0.1 or b[3] <= a[1] + 0.1


# Measured, and explained by the geometry: a slide page holds two rows of five cards (84 -> 9
# pages); A4 at 10 pt holds two rows of five as well, but its cards split stages differently; A3
# and the poster take more per page. The lanes view holds five columns a band on a slide.
@pytest.mark.parametrize("fit, view, pages", [
    ("slide", "flow", 9), ("a4", "flow", 6), ("a3", "flow", 3), ("poster", "flow", 2),
    ("slide", "lanes", 17), ("a4", "lanes", 21),
])
def test_page_counts_of_a_large_map(fit, view, pages):
    assert len(build_pages(generated(84), view, MEDIA[fit])) == pages


@pytest.mark.parametrize("count", [15, 40, 100])
def test_slide_pages_are_16_by_9_and_hold_each_touchpoint_once(count):
    journey_map = generated(count)
    pages = build_pages(journey_map, "flow", MEDIA["slide"])
    for dot in pages:
        width, height = size_attribute(dot)
        assert abs((width / height) / (16 / 9) - 1) < 0.10
    names = [f"Touchpoint {s}.{t}" for s, _t2, _stage, _tp in journey_map.touchpoints() for t in [_t2]]
    for name in names:
        assert sum(dot.count(f">{name}<") for dot in pages) == 1, name


def test_text_keeps_its_size_however_long_the_map():
    """Fitting never shrinks the drawing to the page: the same card is the same size on every map."""
    small = cards(build_pages(generated(15), "flow", MEDIA["slide"])[0])
    large = cards(build_pages(generated(100), "flow", MEDIA["slide"])[0])
    tp_id = "awareness-tp-0"
    assert small[tp_id][2] - small[tp_id][0] == large[tp_id][2] - large[tp_id][0]


def test_a_stage_too_wide_for_a_row_continues_on_the_next_row():
    pages = build_pages(generated(84), "flow", MEDIA["slide"])
    assert "Awareness (continued)" in pages[1]
    # the arrow from the last card of a row to the first of the next runs through the corridor
    edge = re.search(r'"tp:awareness-tp-14" -> "tp:awareness-tp-15" \[.*pos="e,([-\d.]+),', pages[1])
    assert edge is not None


def test_arrows_to_another_page_become_notes_on_the_cards():
    pages = build_pages(generated(84), "flow", MEDIA["slide"])
    first, second = cards(pages[0]), cards(pages[1])
    last = max(first, key=lambda tp_id: (first[tp_id][1], first[tp_id][0]))
    assert "\u2192 p. 2" in next(line for line in pages[0].splitlines() if line.startswith(f'  "tp:{last}"'))
    following = min(second, key=lambda tp_id: (second[tp_id][1], second[tp_id][0]))
    assert "\u2190 p. 1" in next(line for line in pages[1].splitlines() if line.startswith(f'  "tp:{following}"'))


@pytest.mark.parametrize("fit", [True, False])
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_stage_subset_draws_those_touchpoints_and_no_other(fit, view):
    journey_map = load()
    part = subset(journey_map, ["purchase", "advocacy"])
    dot = "".join(build_pages(part, view, MEDIA["slide"])) if fit else build_dot(part, view)
    wanted = {tp.id for _s, _t, stage, tp in journey_map.touchpoints() if stage.id in ("purchase", "advocacy")}
    drawn = set(re.findall(r'^  "tp:([a-z0-9-]+)" \[', dot, re.M))
    assert drawn == wanted and wanted


def test_persona_subset_keeps_only_that_personas_touchpoints():
    journey_map = load()
    part = subset(journey_map, (), "returning")
    dot = "".join(build_pages(part, "flow", MEDIA["a4"]))
    wanted = {tp.id for _s, _t, _stage, tp in journey_map.touchpoints() if tp.personas is None or "returning" in tp.personas}
    assert set(re.findall(r'^  "tp:([a-z0-9-]+)" \[', dot, re.M)) == wanted
    assert wanted != {tp.id for _s, _t, _stage, tp in journey_map.touchpoints()}


def test_unknown_stage_names_the_known_ones():
    with pytest.raises(UnknownStage, match="awareness, consideration"):
        subset(load(), ["nope"])


@pytest.mark.parametrize("text, width, height", [("1600x900", 1600, 900), ("800 X 600", 800, 600)])
def test_custom_size(text, width, height):
    page = custom_page(text)
    assert (page.width, page.height) == (width, height) and page.zoom >= 1


@pytest.mark.parametrize("text", ["", "1600", "16x9", "1600x900x2", "-5x10", "99999x900", "axb"])
def test_bad_custom_size_is_refused(text):
    with pytest.raises(BadPageSize):
        custom_page(text)


def png_size(data: bytes) -> tuple:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_dot
def test_drawn_pages_are_exactly_the_page_in_png_svg_and_pdf():
    journey_map = load()
    pngs = draw_pages(journey_map, "png", "flow", MEDIA["slide"])
    assert len(pngs) == len(build_pages(journey_map, "flow", MEDIA["slide"])) > 1
    assert {png_size(png) for png in pngs} == {(1920, 1080)}
    assert png_size(draw_pages(journey_map, "png", "flow", MEDIA["slide"], scale=1)[0]) == (960, 540)
    svg = etree.fromstring(draw_pages(journey_map, "svg", "flow", MEDIA["a4"])[0])
    assert (svg.get("width"), svg.get("height")) == ("842pt", "595pt")
    [pdf] = draw_pages(journey_map, "pdf", "flow", MEDIA["slide"])
    assert page_count(pdf) == len(pngs)
    assert re.findall(rb"/MediaBox \[ 0 0 (\d+) (\d+) \]", pdf) == [(b"960", b"540")] * len(pngs)


@needs_dot
def test_joined_pdf_has_a_consistent_table():
    [pdf] = draw_pages(generated(40), "pdf", "flow", MEDIA["slide"])
    xref = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf]) ", pdf[xref:])
    used = [(number, int(offset)) for number, (offset, _gen, kind) in enumerate(entries) if kind == b"n"]
    assert len(used) > 10
    for number, offset in used:
        assert re.match(rb"%d 0 obj" % number, pdf[offset:]), number
    assert pdf.startswith(b"%PDF-1.5") and pdf.rstrip().endswith(b"%%EOF")
    assert join_pdfs([pdf]) == pdf


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_fitted_renders_are_byte_identical(view):
    journey_map = load()
    assert draw_pages(journey_map, "png", view, MEDIA["slide"]) == draw_pages(journey_map, "png", view, MEDIA["slide"])
    assert draw_pages(journey_map, "pdf", view, MEDIA["a4"]) == draw_pages(journey_map, "pdf", view, MEDIA["a4"])


@needs_dot
@pytest.mark.parametrize("view", ["flow", "lanes"])
def test_hostile_names_stay_text_on_fitted_pages(view):
    journey_map = load(HOSTILE)
    for dot in build_pages(journey_map, view, MEDIA["slide"]):
        assert "\x1b" not in dot and "\x07" not in dot
        for line in dot.splitlines():  # labels carry it escaped; only quoted tooltips (plain text) carry it
            assert "<script" not in line or re.search(r'tooltip="(?:[^"\\]|\\.)*<script', line), line
    for svg in draw_pages(journey_map, "svg", view, MEDIA["slide"]):
        root = etree.fromstring(svg)
        assert not [e for e in root.iter() if str(e.tag).endswith("script")]
        assert not [k for e in root.iter() for k in e.attrib if k.lower().startswith("on")]


# ----------------------------------------------------------------------------- the command

@needs_dot
def test_cli_writes_numbered_pages_and_names_them(tmp_path):
    result = runner.invoke(app, ["render", str(SAMPLE), "--fit", "slide", "-o", str(tmp_path / "map.png")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    count = len(build_pages(load(), "flow", MEDIA["slide"]))
    assert written == [f"map-{n}.png" for n in range(1, count + 1)]
    assert "map-1.png" in result.stderr and f"({count} pages of 1920\u00d71080 px)" in result.stderr


@needs_dot
def test_cli_one_page_keeps_the_name_asked_for(tmp_path):
    result = runner.invoke(app, ["render", str(SAMPLE), "--fit", "poster", "--stage", "purchase",
                                 "-o", str(tmp_path / "purchase.svg")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["purchase.svg"]
    assert "(1 page of 2384\u00d71684 pt)" in result.stderr


@needs_dot
def test_cli_split_stage_writes_one_picture_per_stage(tmp_path):
    result = runner.invoke(app, ["render", str(SAMPLE), "--split", "stage", "--stage", "purchase", "--stage", "retention",
                                 "-o", str(tmp_path / "map.svg")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map-purchase.svg", "map-retention.svg"]
    purchase = (tmp_path / "map-purchase.svg").read_text()
    assert "Checkout" in purchase and "Returns portal" not in purchase


def test_cli_multi_page_dot_goes_to_stdout_as_several_graphs():
    result = runner.invoke(app, ["render", str(SAMPLE), "--fit", "slide", "--format", "dot"])
    assert result.exit_code == 0
    assert result.stdout == "".join(build_pages(load(), "flow", MEDIA["slide"]))


@pytest.mark.parametrize("args, message", [
    (["--fit", "slide", "--format", "svg"], "write them with -o map.svg"),
    (["--fit", "slide", "--size", "800x600", "--format", "dot"], "--fit or --size, not both"),
    (["--size", "12x12", "--format", "dot"], "each side must be"),
    (["--stage", "nowhere", "--format", "dot"], "unknown stage 'nowhere'"),
])
def test_cli_usage_problems_exit_2_in_one_line(args, message):
    result = subprocess.run([sys.executable, "-m", "journeymap", "render", str(SAMPLE), *args], capture_output=True)
    assert result.returncode == 2
    assert message in result.stderr.decode() and len(result.stderr.decode().strip().splitlines()) == 1
