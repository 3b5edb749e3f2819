"""`jmap export --format html`: one self-contained, script-free page with the map, scores and gaps.

The page is checked as HTML (lxml walks every element and attribute), against numbers computed
here from the sample's raw counts, against `jmap report --format json`, and in a real headless
Chromium (Debian's `chromium` package; skipped when it is not installed): the page loads with no
console message at all (a Content-Security-Policy violation is one) and the screenshot shows the
map in the render palette's colours.
"""

import json
import math
import os
import re
import shutil
import struct
import subprocess
import zlib

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.outputs.html_export import CSP, UnsafeSvg, safe_svg
from journeymap.checks.validation import validate_bytes
from journeymap.outputs.render import build_pages
from journeymap.outputs.render.pages import MEDIA
from journeymap.outputs.render.palette import SCORE_CLASSES

from helpers import ROOT, SAMPLE, jmap

HOSTILE_MAPS = [ROOT / "tests" / "data" / "hostile.jmap.yaml", ROOT / "tests" / "data" / "hostile-outputs.jmap.yaml"]
Z = 1.959964
runner = CliRunner()

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
pytestmark = needs_dot


def load(path):
    return validate_bytes(path.read_bytes(), str(path)).map


def export_html(path, *extra) -> str:
    result = runner.invoke(app, ["export", "--format", "html", str(path), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def parse(page: str):
    return lxml_html.document_fromstring(page.encode("utf-8"))


def table(document, caption: str):
    found = [t for t in document.iter("table") if t.find("caption").text_content() == caption]
    assert len(found) == 1, caption
    return found[0]


def row_cells(table_element, first: str):
    """The cells of the body row whose first cell contains `first` (an id), as text."""
    for row in table_element.find("tbody").iter("tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row]
        code = row[0].find(".//code")
        if (code.text_content() if code is not None else cells[0]) == first:
            return cells, row
    raise AssertionError(f"no row {first!r}")


# ----------------------------------------------------------------------------- the page


def test_page_is_self_contained_and_script_free():
    page = export_html(SAMPLE)
    assert page.startswith("<!DOCTYPE html>\n")
    document = parse(page)
    csp = document.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    assert len(csp) == 1 and csp[0].get("content") == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert CSP == csp[0].get("content")
    tags = [element.tag for element in document.iter() if isinstance(element.tag, str)]
    for forbidden in ("script", "link", "img", "iframe", "object", "embed", "base", "form", "foreignobject"):
        assert forbidden not in tags
    # one drawing per page of the fitted lanes view
    assert tags.count("style") == 1 and tags.count("svg") == len(build_pages(load(SAMPLE), "lanes", MEDIA["a3"])) > 1
    for element in document.iter():
        for name, value in element.attrib.items():
            assert name.lower() not in ("src", "srcset", "action", "formaction", "background")
            if name.lower() == "href":
                assert value.startswith("#"), value  # in-page links only
    style = document.find(".//style").text
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    # every in-page link has its target
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    assert {a.get("href")[1:] for a in document.iter("a") if a.get("href")} <= ids


def test_page_embeds_the_lanes_view_with_every_touchpoint():
    document = parse(export_html(SAMPLE))
    svgs = [figure.find("svg") for figure in document.iter("figure")]
    assert svgs and None not in svgs
    svg = svgs[0]
    titles = {t.text for drawing in svgs for t in drawing.iter("title")}
    for touchpoint in ("instagram-ad", "checkout", "delivery-tracking", "referral-programme"):
        assert any(t and touchpoint in t for t in titles), touchpoint
    assert svg.get("role") == "img"
    assert "First purchase, online store" in svg.text_content()
    # the tooltips keep their xlink namespace, so browsers show them
    assert 'xlink:title="' in export_html(SAMPLE)


def wilson(successes, n):
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return p, centre - half, centre + half


def adjusted_wald_nps(promoters, passives, detractors):
    n = promoters + passives + detractors
    n2 = n + 3
    p, d = (promoters + 0.75) / n2, (detractors + 0.75) / n2
    se = math.sqrt((p + d - (p - d) ** 2) / n2)
    return 100 * (promoters - detractors) / n, max(-100, 100 * ((p - d) - Z * se)), min(100, 100 * ((p - d) + Z * se))


def test_touchpoint_numbers_match_the_raw_counts():
    document = parse(export_html(SAMPLE))
    touchpoints = table(document, "Touchpoints")
    headings = [" ".join(th.text_content().split()) for th in touchpoints.find("thead").iter("th")]
    assert headings == ["touchpoint", "stage", "channel", "reach", "CSAT", "NPS", "CES", "experience", "vs target"]

    # Instagram ad: CSAT counts 4, 6, 20, 50, 40 -> 90 of 120 in the top two boxes, under the 0.80 target
    value, low, high = wilson(50 + 40, 120)
    cells, row = row_cells(touchpoints, "instagram-ad")
    assert cells[4] == f"\u2717 {value * 100:.1f}% [{low * 100:.1f}, {high * 100:.1f}] n=120"
    assert "under" in row[4].get("class").split()
    assert row[4].get("title") == "target 80.0%"  # the map's CSAT target, on hover
    assert cells[3] == "120,000"
    assert cells[8] == "\u2717 under CSAT<80.0%"
    # experience score = the CSAT on 0-100, coloured with the render palette's class
    assert cells[7] == f"{value * 100:.0f} [{low * 100:.0f}, {high * 100:.0f}]"
    assert "s3" in row[7].get("class").split() and SCORE_CLASSES[3][0] <= value * 100 < SCORE_CLASSES[4][0]

    # Delivery tracking: NPS from 60 promoters, 70 passives, 80 detractors (adjusted Wald)
    value, low, high = adjusted_wald_nps(60, 70, 80)
    cells, row = row_cells(touchpoints, "delivery-tracking")
    assert cells[5] == f"\u2717 {value:+.0f} [{low:+.0f}, {high:+.0f}] n=210"

    # a score resting on 18 responses carries the low-sample mark
    cells, row = row_cells(touchpoints, "size-chat")
    assert cells[4].endswith("n=18*") and "low" in row[4].get("class").split()
    # a touchpoint meeting its target says so with a mark, not with colour alone
    cells, row = row_cells(touchpoints, "app-wishlist")
    assert cells[4].startswith("\u2713 ") and cells[8] == "\u2713 ok"


def test_rollup_tables_have_one_row_per_stage_persona_channel_and_the_journey():
    document = parse(export_html(SAMPLE))
    for caption, count in (("Stages", 5), ("Personas", 2), ("Channels", 6), ("Journey", 1)):
        rows = table(document, caption).find("tbody").findall("tr")
        assert len(rows) == count, caption
    cells, _row = row_cells(table(document, "Stages"), "awareness")
    assert cells[1:3] == ["1/2", "120"]  # one of two touchpoints surveyed, 120 responses (the Instagram ad's CSAT)
    value, low, high = wilson(90, 120)
    assert cells[3] == f"{value * 100:.1f}% [{low * 100:.1f}, {high * 100:.1f}] n=120"  # one touchpoint: its own interval


def test_gap_report_matches_jmap_report():
    document = parse(export_html(SAMPLE))
    shown = runner.invoke(app, ["report", "--format", "json", "--top", "0", str(SAMPLE)])
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.stdout)
    fix_first = table(document, "Fix first: under target, most customers affected first")
    rows = fix_first.find("tbody").findall("tr")
    gaps = report["fix_first"] if "fix_first" in report else report["gaps"]
    assert len(rows) == len(gaps) == 17
    for row, gap in zip(rows, gaps):
        cells = [cell.text_content() for cell in row]
        assert cells[0] == str(gap["rank"])
        assert (cells[1], cells[2], cells[3]) == (gap["touchpoint"], gap["stage"], gap["metric"])
        assert cells[9] == f"{round(gap['affected']):,}"  # customers affected, as jmap report counts them
        assert (row.get("class") == "significant") == (gap["significant"] is True)
    headline = document.xpath('//section[@id="gaps"]/p[@class="headline"]')[0].text_content()
    assert headline.startswith("Experience: 74/100 (95 % interval 71–77)")
    # coverage: the two omnichannel holes of the sample, as cells that say so in words
    channels = table(document, "Coverage: touchpoints per stage and channel")
    holes = [(row[0].text_content(), channels.find("thead").findall(".//th")[i].text_content())
             for row in channels.find("tbody") for i, cell in enumerate(row) if cell.get("class") == "hole"]
    assert sorted(holes) == [("purchase", "mobile-app"), ("retention", "email")]
    assert all(cell.text_content() == "\u2717 omnichannel hole"
               for cell in channels.iter("td") if cell.get("class") == "hole")
    lists = document.get_element_by_id("lists").text_content()
    assert "support-call: Waiting time over ten minutes" in lists
    assert "size-chat CSAT: 18 responses (fewer than 30)" in lists


def test_output_is_deterministic_and_written_atomically(tmp_path):
    first = export_html(SAMPLE)
    assert export_html(SAMPLE) == first
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["export", "-f", "html", str(SAMPLE), "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert "Generated by graphviz" not in first and "<?xml" not in first and "<!--" not in first


def test_configuration_reaches_the_page(tmp_path):
    config = tmp_path / "jmap.yaml"
    config.write_text("low_sample: 10\n", encoding="utf-8")
    default = parse(export_html(SAMPLE))
    configured = parse(export_html(SAMPLE, "--config", str(config)))
    assert row_cells(table(default, "Touchpoints"), "size-chat")[0][4].endswith("n=18*")
    assert row_cells(table(configured, "Touchpoints"), "size-chat")[0][4].endswith("n=18")  # 18 >= 10
    assert "fewer than 10 responses" in configured.get_element_by_id("scores").text_content()
    bad = tmp_path / "bad.yaml"
    bad.write_text("low_sampel: 10\n", encoding="utf-8")
    found = run_cli("export", "-f", "html", str(SAMPLE), "--config", str(bad))
    assert found.returncode == 2 and "did you mean 'low_sample'" in found.stderr


# ----------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize("path", HOSTILE_MAPS, ids=lambda p: p.name)
def test_hostile_map_gives_no_script_handler_or_script_url(path):
    page = export_html(path)
    document = parse(page)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag.lower() not in ("script", "iframe", "object", "embed", "foreignobject", "link", "img",
                                           "base", "form", "a") or (element.tag == "a" and element.get("href", "#").startswith("#")), element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            assert not re.search(r"^\s*(javascript|vbscript|data):", value, re.I), (element.tag, name, value)
            assert "javascript:" not in value.lower() or name in ("title", "xlink:title", "content"), (name, value)
        if element.tag == "meta":
            assert element.get("http-equiv") in (None, "Content-Security-Policy")
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
    assert len(document.xpath("//meta[@http-equiv]")) == 1


def test_hostile_text_is_shown_as_text():
    page = export_html(HOSTILE_MAPS[0])
    document = parse(page)
    text = document.find("body").text_content()
    assert "<script>alert(6)</script>" in text  # the name, shown as characters
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in page
    assert "<svg onload=alert(4)>" in text
    assert "\\x1b[31mred-team\\x1b[0m" in text  # the owner's ANSI colour, inert
    title = document.find("head").find("title").text_content()
    assert title.startswith("<script>alert('title')</script>")
    lists = parse(export_html(HOSTILE_MAPS[1])).get_element_by_id("lists").text_content()
    assert "ad: -pain\\nsecond line\\n| x | y |" in lists  # newlines made visible, not new lines
    stages = parse(export_html(HOSTILE_MAPS[1])).get_element_by_id("scores").text_content()
    assert "<img src=x onerror=alert(1)> ]]> <![CDATA[ x ]]> & &amp; \" '" in stages  # shown, not made
    assert "-purchase \\u202eevil\\u202c" in stages  # a bidi override shown, not obeyed


def test_svg_check_refuses_what_a_page_must_not_embed():
    svg_ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    clean = f'<svg {svg_ns}><g><a xlink:title="tip &lt;b&gt;"><text>hi &amp; &lt;there&gt;</text></a></g></svg>'
    embedded = safe_svg(clean.encode())
    assert 'xlink:title="tip &lt;b&gt;"' in embedded and "hi &amp; &lt;there&gt;" in embedded
    for bad in (f"<svg {svg_ns}><script>alert(1)</script></svg>",
                f'<svg {svg_ns} onload="alert(1)"></svg>',
                f'<svg {svg_ns}><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
                f'<svg {svg_ns}><a href="https://example.invalid/"><text>x</text></a></svg>',
                f"<svg {svg_ns}><foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject></svg>",
                f'<svg {svg_ns}><text fill="javascript:alert(1)">x</text></svg>',
                f"<svg {svg_ns}><image/></svg>",
                "<svg><text>not svg namespace</text></svg>",
                f"<svg {svg_ns}><text>unclosed</svg>"):
        with pytest.raises(UnsafeSvg):
            safe_svg(bad.encode())


# ----------------------------------------------------------------------------- exit codes


def test_map_with_errors_exits_1_with_its_errors_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.jmap.yaml"
    broken.write_text("jmap: 1\njourney: {id: x, title: X}\nstages:\n  - {id: s, name: S, touchpoints: "
                      "[{id: t, name: T, channel: nowhere}]}\n", encoding="utf-8")
    target = tmp_path / "out.html"
    found = runner.invoke(app, ["export", "-f", "html", str(broken), "-o", str(target)])
    assert found.exit_code == 1
    assert "JM203" in found.stderr and f"{broken}:" in found.stderr
    assert not target.exists()


def run_cli(*args, env=None):
    return jmap(*args, env=env, cwd=ROOT)


def test_usage_and_io_problems_exit_2_in_one_line(tmp_path):
    missing = run_cli("export", "-f", "html", str(tmp_path / "none.jmap.yaml"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "Traceback" not in missing.stderr
    copy = tmp_path / "map.jmap.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    over = run_cli("export", "-f", "html", str(copy), "-o", str(copy))
    assert over.returncode == 2 and "refusing to write over an input" in over.stderr
    assert copy.read_bytes() == SAMPLE.read_bytes()
    unknown = run_cli("export", "-f", "pdf", str(copy))
    assert unknown.returncode == 2


def test_without_graphviz_html_exits_2_and_csv_still_works(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no `dot` on it
    target = tmp_path / "report.html"
    found = run_cli("export", "-f", "html", str(SAMPLE), "-o", str(target), env=env)
    assert found.returncode == 2, found.stderr
    assert found.stderr.count("\n") == 1 and "Graphviz is not installed" in found.stderr
    assert not target.exists()
    assert run_cli("export", "-f", "csv", str(SAMPLE), env=env).returncode == 0


def test_mermaid_export_still_works():
    found = runner.invoke(app, ["export", "-f", "mermaid", str(SAMPLE)])
    assert found.exit_code == 0 and found.stdout.startswith("journey\n")


# ----------------------------------------------------------------------------- a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
WINDOW = (1400, 1000)


def chromium(page_path, tmp_path, screenshot=None):
    """Load a page headless; returns the console messages Chromium logged (every level)."""
    profile = tmp_path / f"profile-{page_path.stem}"
    profile.mkdir()
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={screenshot or tmp_path / 'unused.png'}",
               page_path.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def decode_png(data: bytes):
    """(width, height, set of RGB pixels) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    previous, pixels = bytearray(stride), set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], (previous[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        else:
            assert kind == 0, kind
        pixels.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        previous = line
    return width, height, pixels


@needs_chromium
def test_console_check_sees_a_blocked_script(tmp_path):
    """The check below is not vacuous: a script on a page with the same policy is reported."""
    page = tmp_path / "blocked.html"
    page.write_text(f'<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="{CSP}">'
                    "<p>x</p><script>document.title = 'ran'</script>", encoding="utf-8")
    messages = chromium(page, tmp_path)
    assert any("Content Security Policy" in line for line in messages), messages


@needs_chromium
def test_page_loads_without_console_messages_and_shows_the_map(tmp_path):
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["export", "-f", "html", str(SAMPLE), "-o", str(page)]).exit_code == 0
    shot = tmp_path / "report.png"
    assert chromium(page, tmp_path, shot) == []
    width, height, pixels = decode_png(shot.read_bytes())
    assert (width, height) == WINDOW
    assert len(pixels) > 200  # text, lines and fills, not a blank or single-colour page
    # the map is in view: its experience-score fills are the render palette's colours
    fills = {bytes.fromhex(fill[1:]) for _low, fill, _text in SCORE_CLASSES}
    assert len(fills & pixels) >= 3


@needs_chromium
@pytest.mark.parametrize("path", HOSTILE_MAPS, ids=lambda p: p.name)
def test_hostile_page_loads_without_console_messages(path, tmp_path):
    page = tmp_path / "hostile.html"
    assert runner.invoke(app, ["export", "-f", "html", str(path), "-o", str(page)]).exit_code == 0
    shot = tmp_path / "hostile.png"
    assert chromium(page, tmp_path, shot) == []  # nothing tried to run or load
    width, height, pixels = decode_png(shot.read_bytes())
    assert (width, height) == WINDOW and len(pixels) > 50


def test_html_scores_table_gives_emotion_only_touchpoints_no_score_colour(tmp_path):
    """A touchpoint with an emotion alone has no score: listed with its emotion, never in a score colour."""
    out = tmp_path / "m.html"
    assert runner.invoke(app, ["export", str(SAMPLE), "--format", "html", "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    scores = page.split('id="scores"', 1)[1]  # the fix-first summary above lists the cart too
    row = next(line for line in scores.splitlines() if "<code>cart</code></th>" in line)
    assert "no survey, emotion 0 (not scored)" in row and "s-none" in row and "no data" not in row
    assert not any(f'class="num s{i}"' in row for i in range(5))


def test_html_caption_says_one_column_per_step_with_alternatives_stacked(tmp_path):
    out = tmp_path / "m.html"
    done = runner.invoke(app, ["export", str(SAMPLE), "--format", "html", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    caption = re.search(r"<figcaption>(.*?)</figcaption>", out.read_text(encoding="utf-8"), re.S).group(1)
    assert "one column per stage" not in caption
    assert "one column per step (alternatives one above the other)" in caption
