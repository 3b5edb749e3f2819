"""Undeclared transitions in the flow view: each one `jmap measure --write` recorded is exactly one
dashed edge labelled with its share of the sessions at its start, unfitted and fitted to pages; a map
that was never measured has none, and its legend says nothing of them (read from the DOT)."""

import re

import pytest

from journeymap.checks.validation import validate_bytes
from journeymap.outputs.render import build_dot, build_pages, palette
from journeymap.outputs.render.pages import MEDIA

from helpers import SAMPLE, small_map, touchpoint

EVENTS = SAMPLE.parent / "online-store.events.csv.gz"
EDGE = re.compile(r'^  "tp:([\w-]+)" -> "tp:([\w-]+)" \[(.*)\];$', re.M)
KEY = "not declared: % of sessions at its start"


def load(text: str):
    result = validate_bytes(text.encode(), "m.jmap.yaml")
    assert result.map is not None, [(d.code, d.line, d.message) for d in result.diagnostics]
    return result.map


@pytest.fixture(scope="module")
def measured_sample(tmp_path_factory) -> str:
    """The sample map after `jmap measure EVENTS MAP --write-to COPY`, as text."""
    pytest.importorskip("duckdb")
    from helpers.measure import run

    copy = tmp_path_factory.mktemp("measured") / "online-store.jmap.yaml"
    result = run(EVENTS, SAMPLE, "--write-to", copy, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return copy.read_text()


def off_map_edges(dot: str) -> list:
    """(from, to, attributes) of every edge drawn in the undeclared colour, in the direction walked
    (an edge laid out backwards carries dir=back)."""
    found = []
    for a, b, attributes in EDGE.findall(dot):
        if f'color="{palette.UNDECLARED}"' in attributes:
            assert "style=dashed" in attributes, attributes
            found.append((b, a, attributes) if "dir=back" in attributes else (a, b, attributes))
    return found


def expected_label(transition) -> str:
    return f'{round(100 * transition.sessions / transition.reached)} % of sessions'


def test_golden_flow_after_a_measure_write(measured_sample, golden):
    """Unfitted; the same map fitted to slides is test_render_fit_traffic's golden file."""
    golden("render/online-store.measured.flow.dot", build_dot(load(measured_sample), "flow"))


def test_each_recorded_transition_is_exactly_one_dashed_edge_with_its_share(measured_sample):
    journey_map = load(measured_sample)
    recorded = journey_map.measured.undeclared
    assert len(recorded) >= 3  # the sample's events leave the map: checkout back to cart among them
    assert ("checkout", "cart") in [t.ends for t in recorded]
    for dot in (build_dot(journey_map, "flow"), "".join(build_pages(journey_map, "flow", MEDIA["slide"]))):
        drawn = off_map_edges(dot)
        assert sorted((a, b) for a, b, _ in drawn) == sorted(t.ends for t in recorded)
        for transition in recorded:
            [attributes] = [attrs for a, b, attrs in drawn if (a, b) == transition.ends]
            assert expected_label(transition) in attributes
            assert f"{transition.sessions:,} of the {transition.reached:,} sessions" in attributes  # the tooltip
        assert dot.count(KEY) == dot.count('digraph "journey"')  # the legend explains them on every page


def test_checkout_back_to_cart_is_drawn_from_checkout_to_cart(measured_sample):
    dot = build_dot(load(measured_sample), "flow")
    [edge] = [line for line in dot.splitlines() if "tp:cart" in line and "tp:checkout" in line and "dashed" in line]
    assert edge.startswith('  "tp:cart" -> "tp:checkout"') and "dir=back" in edge  # laid out forwards, arrow back


def test_a_map_never_measured_has_no_dashed_transition_and_no_key():
    journey_map = load(SAMPLE.read_text())
    assert journey_map.measured is None
    for dot in (build_dot(journey_map, "flow"), "".join(build_pages(journey_map, "flow", MEDIA["slide"]))):
        assert off_map_edges(dot) == [] and palette.UNDECLARED not in dot and KEY not in dot


MAP = small_map(touchpoint("a", next=["b"]), touchpoint("b", next=["c"]), touchpoint("c"))


def test_a_measurement_without_undeclared_steps_draws_none():
    dot = build_dot(load(MAP + "measured:\n  sessions: 40\n"), "flow")
    assert off_map_edges(dot) == [] and KEY not in dot


def test_a_step_declared_since_the_measurement_is_not_drawn_again():
    measured = "measured:\n  undeclared:\n    - {from: c, to: a, sessions: 3, reached: 9}\n" \
               "    - {from: a, to: c, sessions: 2, reached: 9}\n"
    dot = build_dot(load(MAP + measured), "flow")
    assert [(a, b) for a, b, _ in off_map_edges(dot)] == [("c", "a"), ("a", "c")]
    declared = small_map(touchpoint("a", next=["b", "c"]), touchpoint("b", next=["c"]), touchpoint("c"))
    dot = build_dot(load(declared + measured), "flow")
    assert [(a, b, expected_label(load(declared + measured).measured.undeclared[0]) in attrs)
            for a, b, attrs in off_map_edges(dot)] == [("c", "a", True)]
    assert '"33 % of sessions"' in dot


def test_unknown_touchpoints_and_impossible_counts_in_a_recorded_transition_are_errors_at_their_line():
    def found(transition: str) -> list:
        text = MAP + "measured:\n  undeclared:\n    - {from: c, to: a, sessions: 1, reached: 9}\n" + transition
        line = text.count("\n")
        return line, [(d.code, d.line, d.column) for d in validate_bytes(text.encode(), "m.jmap.yaml").diagnostics]

    line, diagnostics = found("    - {from: c, to: aa, sessions: 3, reached: 9}\n")
    assert diagnostics == [("JM207", line, 21)]
    line, diagnostics = found("    - {from: cc, to: a, sessions: 3, reached: 9}\n")
    assert diagnostics == [("JM207", line, 14)]
    line, diagnostics = found("    - {from: c, to: a, sessions: 12, reached: 9}\n")
    assert diagnostics == [("JM104", line, 7)]


def test_a_part_of_the_map_draws_only_the_transitions_inside_it(measured_sample):
    from journeymap.outputs.render.subset import subset

    journey_map = load(measured_sample)
    part = subset(journey_map, ["purchase"])
    inside = {tp.id for stage in part.stages for tp in stage.touchpoints}
    expected = sorted(t.ends for t in journey_map.measured.undeclared if set(t.ends) <= inside)
    assert expected == [("checkout", "cart")]  # cart -> product page leaves the stage: not drawn
    for dot in (build_dot(part, "flow"), "".join(build_pages(part, "flow", MEDIA["slide"]))):
        assert sorted((a, b) for a, b, _ in off_map_edges(dot)) == expected


def test_with_a_persona_a_transition_off_its_path_is_faded():
    personas = [{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}]
    text = small_map(touchpoint("a", next=["b"]), touchpoint("b", next=["c"]), touchpoint("c", personas=["q"]),
                     personas=personas)
    journey_map = load(text + "measured:\n  undeclared:\n    - {from: c, to: a, sessions: 3, reached: 9}\n"
                              "    - {from: b, to: a, sessions: 1, reached: 9}\n")
    lines = {label: next(line for line in build_dot(journey_map, "flow", persona="p").splitlines() if label in line)
             for label in ('"33 % of sessions"', '"11 % of sessions"')}
    assert f'color="{palette.FADED_LINE}"' in lines['"33 % of sessions"']  # c serves q only
    assert f'color="{palette.UNDECLARED}"' in lines['"11 % of sessions"']  # b and a serve everyone
