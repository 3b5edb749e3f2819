"""Review fixes in the pictures: no "score no score", wrapped owners, empty stages, the caption."""

import re
import subprocess
import sys
import textwrap

from journeymap.outputs.render import build_dot
from journeymap.checks.validation import validate_bytes

from helpers import ROOT


def load_text(text: str):
    result = validate_bytes(textwrap.dedent(text).encode(), "m.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return result.map


NO_SCORE = """\
    jmap: 1
    journey: {id: j, title: Unscored}
    channels: [web]
    stages:
      - id: s1
        name: One
        touchpoints:
          - {id: a, name: A, channel: web, owner: OWNER}
"""

EMPTY_STAGE = """\
    jmap: 1
    journey: {id: j, title: Empty}
    channels: [web]
    stages:
      - {id: s1, name: Only}
"""


def boxes(dot: str) -> list:
    """(name, left, bottom, right, top) of every fixed-size box in a lanes DOT."""
    found = []
    for line in dot.splitlines():
        match = re.match(r'  ("[^"]+") \[pos="([-\d.]+),([-\d.]+)!", width="([\d.]+)", height="([\d.]+)"', line)
        if match:
            x, y, w, h = (float(v) for v in match.group(2, 3, 4, 5))
            found.append((match.group(1), x - w * 36, y - h * 36, x + w * 36, y + h * 36))
    return found


def test_views_never_say_score_no_score():
    journey_map = load_text(NO_SCORE.replace("OWNER", "x"))
    for view in ("flow", "lanes"):
        dot = build_dot(journey_map, view)
        assert "score no score" not in dot, view
        assert "no score" in dot, view


def test_hostile_map_never_says_score_no_score():
    result = validate_bytes((ROOT / "tests" / "data" / "hostile.jmap.yaml").read_bytes(), "hostile.jmap.yaml")
    for view in ("flow", "lanes"):
        assert "score no score" not in build_dot(result.map, view), view


def test_long_owner_is_wrapped_inside_its_cell():
    from journeymap.outputs.render.dot import text_width
    from journeymap.outputs.render.lanes import TEXT_WIDTH

    owner = "search-engine-optimisation@example-retailer.com"
    dot = build_dot(load_text(NO_SCORE.replace("OWNER", owner)), "lanes")
    cell = next(line for line in dot.splitlines() if line.startswith('  "tp:a" '))
    lines = re.findall(r'([^>]*)<BR ALIGN="LEFT"/>', cell)
    owner_lines = [line for line in lines if line and ("owner" in line or "example" in line or "optimis" in line)]
    assert len(owner_lines) >= 2, lines
    for line in lines:
        assert text_width(line.replace("&#64;", "@"), 10) <= TEXT_WIDTH + 0.01, line


def test_empty_stage_gets_a_placeholder_column_in_lanes():
    dot = build_dot(load_text(EMPTY_STAGE), "lanes")
    assert "no touchpoints" in dot
    cells = boxes(dot)
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            apart = a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01 or a[4] <= b[2] + 0.01 or b[4] <= a[2] + 0.01
            assert apart, (a, b)


def jmap(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True, text=True, cwd=cwd)


def test_empty_stage_renders_and_exports(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(textwrap.dedent(EMPTY_STAGE), encoding="utf-8")
    done = jmap("render", str(path), "--view", "lanes", "--format", "dot")
    assert done.returncode == 0, done.stderr
    done = jmap("export", str(path), "--format", "html", "-o", str(tmp_path / "m.html"))
    assert done.returncode == 0, done.stderr


def test_html_caption_says_one_column_per_touchpoint(tmp_path):
    out = tmp_path / "m.html"
    done = jmap("export", str(ROOT / "samples" / "online-store.jmap.yaml"), "--format", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    caption = re.search(r"<figcaption>(.*?)</figcaption>", out.read_text(encoding="utf-8"), re.S).group(1)
    assert "one column per stage" not in caption
    assert "one column per touchpoint" in caption
