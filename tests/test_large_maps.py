"""A map too large to draw is refused at once with a clear message; the DOT source still comes out."""

import pytest

from helpers import SAMPLE
from journeymap.outputs import render


@pytest.fixture
def small_bound(monkeypatch):
    monkeypatch.setattr(render, "MAX_DRAWN", 12)  # the sample map has 13 touchpoints


EXPECTED = ("13 touchpoints are more than one picture can hold (at most 12): draw a part with --stage "
            "(or --persona with --fit), or write --format dot")


@pytest.mark.parametrize("args", [["render", "-f", "svg"], ["render", "--view", "lanes", "-f", "png", "-o", "x.png"],
                                  ["render", "--fit", "slide", "-f", "svg", "-o", "x.svg"]])
def test_render_refuses_a_map_over_the_bound(small_bound, run_main, tmp_path, args):
    ran = run_main(*args[:1], SAMPLE, *args[1:], cwd=tmp_path)
    assert ran.code == 2 and ran.err == f"jmap: {EXPECTED}\n"
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "x.svg").exists()


def test_html_export_refuses_it_too(small_bound, run_main, tmp_path):
    ran = run_main("export", "--format", "html", SAMPLE, "-o", tmp_path / "x.html")
    assert ran.code == 2 and ran.err == f"jmap: {SAMPLE}: not exported: {EXPECTED}\n"


def test_dot_and_a_stage_within_the_bound_still_work(small_bound, run_main, tmp_path):
    assert run_main("render", SAMPLE, "-f", "dot", "-o", tmp_path / "x.dot").code == 0
    assert (tmp_path / "x.dot").read_text().startswith("digraph")
    assert run_main("render", SAMPLE, "--stage", "purchase", "-o", tmp_path / "p.svg").code == 0
