"""The HTML page for stakeholders opens with what to fix, and stays usable at any map size:
the fix-first summary is the first thing on the page, the map is laid out in pages as wide as
the page, and Chromium (1280 × 800) shows the summary in the first screen with no sideways scroll."""

import re
import shutil
import subprocess
import sys

import pytest

from journeymap.checks.validation import validate_bytes
from journeymap.compare.diff import diff_maps
from journeymap.gaps import analyse
from journeymap.gaps.scored import scored
from journeymap.load.settings import Settings
from journeymap.outputs.html_export import SUMMARY_ROWS, to_html
from journeymap.outputs.render import build_pages
from journeymap.outputs.render.pages import MEDIA
from journeymap.outputs.registry import View
from journeymap.outputs.report import common

from helpers import ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "bench"))
from genmap import generate  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def load(data: bytes, name: str = "m.jmap.yaml"):
    result = validate_bytes(data, name)
    assert result.map is not None, result.diagnostics
    return result.map


@needs_dot
def test_the_page_opens_with_the_five_fixes_of_the_report():
    journey_map = load(SAMPLE.read_bytes())
    page = to_html(scored(journey_map))
    body = page.split("<body>", 1)[1]
    assert body.index('id="summary"') < body.index('id="map"') < body.index('id="scores"')
    assert body.index('id="summary"') < body.index("Experience:")  # the score follows what to fix
    summary = body.split('id="summary"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r"<code>([a-z0-9-]+)</code></th>", summary)
    expected = [gap.touchpoint for _rank, gap in common.groups(analyse(journey_map, Settings()), SUMMARY_ROWS, None)[0][1]]
    assert shown == expected and len(shown) == SUMMARY_ROWS
    first = common.cells(1, common.groups(analyse(journey_map, Settings()), 1, None)[0][1][0][1])
    assert f"{first['value']} against a target of {first['target']}" in summary
    assert "Fix first: <bdi>Search result</bdi>, bounce_rate 0.58" in summary


@needs_dot
def test_a_large_map_is_laid_out_in_pages_not_a_sideways_box():
    journey_map = load(generate(84).encode())
    page = to_html(scored(journey_map))
    figures = re.findall(r'<figure class="map">', page)
    assert len(figures) == len(build_pages(journey_map, "lanes", MEDIA["a3"])) > 1
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "figure.map{margin:8px 0 0;border" in css and "overflow-x:auto;border" not in css
    assert "figure.map svg{display:block;width:100%;height:auto}" in css
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the pages' drawings keep their ids apart


def measured(page: str, tmp_path, name: str) -> tuple:
    """(scrollWidth, clientWidth, bottom of the summary and the changes block below it) as Chromium
    lays the page out at 1280 × 800.

    The page forbids scripts; a copy without that one meta tag carries the measuring script."""
    copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    copy = copy.replace("</body>", "<script>var d = document.documentElement, "
                        "s = document.getElementById('changes').getBoundingClientRect();"
                        "document.body.setAttribute('data-measure', d.scrollWidth + ' ' + d.clientWidth + ' ' "
                        "+ Math.round(s.bottom));</script></body>")
    path = tmp_path / f"{name}.html"
    path.write_text(copy, encoding="utf-8")
    profile = tmp_path / f"profile-{name}"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           f"--user-data-dir={profile}", "--window-size=1280,800", "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=180)
    found = re.search(r'data-measure="(\d+) (\d+) (\d+)"', done.stdout)
    assert found, done.stderr[-2000:]
    return tuple(int(value) for value in found.groups())


@needs_dot
@needs_chromium
@pytest.mark.parametrize("size, previous", [(13, False), (84, False), (13, True)])
def test_in_chromium_the_summary_is_in_the_first_screen_and_nothing_scrolls_sideways(size, previous, tmp_path):
    data = SAMPLE.read_bytes() if size == 13 else generate(84).encode()
    view = View()
    if previous:  # the biggest changes since the previous quarter's map, five rows under the fixes
        view = View(previous=diff_maps(load((ROOT / "samples" / "online-store.2024-Q2.jmap.yaml").read_bytes()),
                                       load(data)))
        assert len(view.previous.biggest(SUMMARY_ROWS)) == SUMMARY_ROWS
    page = to_html(scored(load(data)), view)
    assert ('class="changesummary"' in page) == previous
    scroll_width, client_width, summary_bottom = measured(page, tmp_path, f"map{size}")
    assert scroll_width <= client_width
    assert summary_bottom <= 800
