"""Measured traffic on fitted pages: after `jmap measure --write`, `jmap render --fit` draws every
measured step as the unfitted flow view does (width by the sessions that took it, its rate beside
it) on whichever page and row it falls, routed arrows into the next row included; a step to
another page keeps its rate in the card's note. Read from the DOT, the tested artefact."""

from __future__ import annotations

import re

import pytest
import yaml

from helpers import ROOT, SAMPLE, jmap

EVENTS = ROOT / "samples" / "online-store.events.csv.gz"
EDGE = re.compile(r'^\s*"tp:([^"]+)" -> "tp:([^"]+)" \[(.*)\];$', re.M)


@pytest.fixture(scope="module")
def measured_map(tmp_path_factory):
    """The sample with the sample events' step conversions written back, as `make demo` measures it."""
    path = tmp_path_factory.mktemp("measured") / "online-store.jmap.yaml"
    done = jmap("measure", EVENTS, SAMPLE, "--write-to", path)
    assert done.returncode == 0, done.stderr
    return path


def steps_of(path) -> dict:
    """(source, target) -> (successes, n) of every measured step, read from the written map itself."""
    found = {}
    for stage in yaml.safe_load(path.read_text(encoding="utf-8"))["stages"]:
        for tp in stage["touchpoints"]:
            kpis = tp.get("kpis") or {}
            for target in tp.get("next") or []:
                kpi = kpis.get("conversion_to_" + target.replace("-", "_"))
                if kpi is not None:
                    found[(tp["id"], target)] = (kpi["successes"], kpi["n"])
    return found


def edges_of(dot: str) -> dict:
    """(source, target) -> [attributes of each arrow drawn for it] over every page of the DOT."""
    found: dict = {}
    for source, target, attributes in EDGE.findall(dot):
        found.setdefault((source, target), []).append(dict(re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', attributes)))
    return found


def render_dot(path, *args) -> str:
    done = jmap("render", path, "--format", "dot", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.golden
def test_fitted_measured_sample_matches_the_golden_file(measured_map, golden):
    golden("render/online-store.measured.flow.slide.dot", render_dot(measured_map, "--fit", "slide"))


def test_every_measured_step_is_as_wide_as_its_traffic_on_every_page(measured_map):
    steps = steps_of(measured_map)
    assert len(steps) == 15
    fitted = render_dot(measured_map, "--fit", "slide")
    pages = fitted.count('digraph "journey"')
    assert pages == 2
    drawn = edges_of(fitted)
    unfitted = edges_of(render_dot(measured_map))
    page_of = {}
    for number, graph in enumerate(fitted.split('digraph "journey"')[1:], 1):
        page_of.update({node: number for node in re.findall(r'^\s*"tp:([^"]+)" \[', graph, re.M)})
    busiest = max(successes for successes, _n in steps.values())
    widths = {}
    for (source, target), (successes, n) in steps.items():
        if page_of[source] != page_of[target]:  # to another page: no arrow, the rate on the card instead
            assert (source, target) not in drawn
            note = f"\u2192 p. {page_of[target]} ({round(100 * successes / n)} %)"
            card = re.search(rf'^\s*"tp:{re.escape(source)}" \[.*$', fitted, re.M).group(0)
            assert note in card
            continue
        [edge] = drawn[(source, target)]  # one arrow, on the page both cards are on
        width = float(edge["penwidth"].strip('"'))
        assert width == pytest.approx(1 + 7 * successes / busiest, abs=0.005)
        assert edge["label"] == f'"{round(100 * successes / n)} %"'
        assert "lp" in edge and "pos" in edge  # placed by jmap: in the gap after the card, never on the arrow head
        assert edge["penwidth"] == unfitted[(source, target)][0]["penwidth"]  # as wide as in the unfitted view
        widths[(source, target)] = (successes, width)
    # more sessions, a line at least as wide (widths have two decimals: 38 and 39 sessions both draw 1.23)
    ordered = sorted(widths.values())
    assert all((a[1] <= b[1]) if a[0] < b[0] else (a[1] == b[1]) for a, b in zip(ordered, ordered[1:]))
    assert len({width for _s, width in ordered}) >= 10
    # arrows into the next row (routed through the corridor) are drawn by traffic as well
    routed = [key for key, [edge] in ((k, drawn[k]) for k in widths) if edge["pos"].count(" ") > 4]
    assert ("product-page", "cart") in routed and len(routed) >= 3
    # the legend says what the widths mean, on each page
    assert fitted.count("measured: width by sessions taking the step") == pages


def test_unmeasured_map_draws_no_traffic_on_fitted_pages():
    fitted = render_dot(SAMPLE, "--fit", "slide")
    assert "penwidth=\"" not in "".join(line for line in fitted.splitlines() if " -> " in line and "invis" not in line)
    assert "measured: width" not in fitted and " %)" not in fitted
