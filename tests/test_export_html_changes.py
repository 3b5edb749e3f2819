"""`jmap export -f html --previous OLD`: the page's first screen lists the biggest changes since the
previous period, the ones `jmap diff` finds (same tests, same numbers), and says plainly when no
previous period was given. The ranking is recomputed here from `jmap diff --format json`."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from journeymap.compare.diff import MetricChange, MapDiff
from journeymap.scoring import metrics

from helpers import ROOT, SAMPLE, small_map, touchpoint

PREVIOUS = ROOT / "samples" / "online-store.2024-Q2.jmap.yaml"
LABELS = {"csat": "CSAT", "nps": "NPS", "ces": "CES"}


def changes_rows(page: str) -> list[tuple[str, str, str, str, str]]:
    """(touchpoint id, metric, before -> after, change [interval], verdict) of each row of the changes block."""
    block = lxml_html.fromstring(page).get_element_by_id("changes")
    rows = []
    for row in block.iter("tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row]
        if row.find("th[@scope='row']") is not None:
            rows.append((row.find(".//code").text_content(), *cells[1:]))
    return rows


def shown(metric: str, value: float, signed: bool = False) -> str:
    """A value as the page should show it, written out here rather than taken from numbers.py."""
    if metric == "csat":
        return f"{100 * value:+.1f}" if signed else f"{100 * value:.1f}%"
    if metric == "nps":
        return f"{value:+.0f}"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def test_the_page_lists_the_five_biggest_changes_jmap_diff_reports(cli, tmp_path):
    page = tmp_path / "page.html"
    done = cli("export", "-f", "html", SAMPLE, "--previous", PREVIOUS, "-o", page)
    assert done.exit_code == 0, done.output
    diff = json.loads(cli("diff", PREVIOUS, SAMPLE, "-f", "json", "--all").stdout)
    span = {"csat": 1.0, "nps": 200.0, "ces": 7 - 1}  # the sample's scales are the defaults
    sized = [m for m in diff["metrics"] if m["delta"] is not None and not (m["old"] == m["new"] and m["old_n"] == m["new_n"])]
    ranked = sorted(sized, key=lambda m: (m["significant"] is not True, -abs(m["delta"]) / span[m["metric"]]))[:5]

    rows = changes_rows(page.read_text(encoding="utf-8"))
    assert [(tp, metric) for tp, metric, *_ in rows] == [(m["touchpoint"], LABELS[m["metric"]]) for m in ranked]
    assert [(tp, metric) for tp, metric, *_ in rows] == [("checkout", "CSAT"), ("delivery-tracking", "CSAT"),
                                                         ("product-page", "CSAT"), ("checkout", "CES"),
                                                         ("delivery-tracking", "NPS")]
    for (_tp, _metric, values, change, verdict), m in zip(rows, ranked):
        metric = m["metric"]
        assert values == f"{shown(metric, m['old'])} \u2192 {shown(metric, m['new'])}"
        unit = " pp" if metric == "csat" else ""
        assert change == (f"{shown(metric, m['delta'], True)}{unit} "
                          f"[{shown(metric, m['low'], True)}{unit}, {shown(metric, m['high'], True)}{unit}]")
        if m["significant"]:
            assert verdict.endswith("significant drop" if m["delta"] < 0 else "significant rise")
        else:
            assert verdict == "not significant (within the noise)"
    text = page.read_text(encoding="utf-8")
    significant = [m for m in diff["metrics"] if m["significant"]]
    drops = sum(1 for m in significant if m["delta"] < 0)
    assert (f"<strong>Since 2024-Q2:</strong> {drops} significant drops and {len(significant) - drops} significant "
            f"rises in {len(diff['metrics'])} metrics compared.") in text
    # on the first screen: inside the header, before the map
    assert text.index('id="summary"') < text.index('id="changes"') < text.index("</header>") < text.index('id="map"')


def test_without_a_previous_period_the_page_says_so(cli, tmp_path):
    page = tmp_path / "page.html"
    assert cli("export", "-f", "html", SAMPLE, "-o", page).exit_code == 0
    block = " ".join(lxml_html.fromstring(page.read_text(encoding="utf-8")).get_element_by_id("changes").text_content().split())
    assert block == ("No previous period to compare with: no earlier version of this map was given "
                     "(jmap export --previous OLD adds the biggest changes here).")


def test_the_same_period_twice_changes_nothing_and_warns(cli, tmp_path):
    page = tmp_path / "page.html"
    assert cli("export", "-f", "html", PREVIOUS, "--previous", PREVIOUS, "-o", page).exit_code == 0
    block = " ".join(lxml_html.fromstring(page.read_text(encoding="utf-8")).get_element_by_id("changes").text_content().split())
    compared = len(json.loads(cli("diff", PREVIOUS, PREVIOUS, "-f", "json", "--all").stdout)["metrics"])
    assert block == (f"Since 2024-Q2: 0 significant drops and 0 significant rises in {compared} metrics compared. "
                     "Careful: both maps cover 2024-Q2: the same period's answers, not a change over time. "
                     "No metric changed.")


def test_a_map_without_its_period_is_compared_with_a_warning(cli, tmp_path):
    page, no_period = tmp_path / "page.html", tmp_path / "no-period.jmap.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    assert "  period: 2024-Q3\n" in text
    no_period.write_text(text.replace("  period: 2024-Q3\n", "", 1), encoding="utf-8")
    assert cli("export", "-f", "html", PREVIOUS, "--previous", no_period, "-o", page).exit_code == 0
    block = " ".join(lxml_html.fromstring(page.read_text(encoding="utf-8")).get_element_by_id("changes").text_content().split())
    assert block.startswith("Since the previous map: ")
    assert "Careful: the old map does not say which period its numbers cover." in block


def test_previous_from_git_as_rev_path(run_main, tmp_path):
    (tmp_path / "map.jmap.yaml").write_bytes(PREVIOUS.read_bytes())
    for command in (["init", "-q"], ["add", "map.jmap.yaml"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "Q2"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "map.jmap.yaml").write_bytes(SAMPLE.read_bytes())
    ran = run_main("export", "-f", "html", "map.jmap.yaml", "--previous", "HEAD:map.jmap.yaml", "-o", "page.html",
                   cwd=tmp_path)
    assert ran.code == 0, ran.err
    rows = changes_rows((tmp_path / "page.html").read_text(encoding="utf-8"))
    assert rows[0][:2] == ("checkout", "CSAT") and len(rows) == 5


@pytest.mark.parametrize("args, message", [
    (["-f", "csv", "--previous", str(PREVIOUS)], "jmap: --previous is for --format html (the page's summary), not csv"),
    (["-f", "html", "--previous", "-"], "jmap: --previous reads a file or REV:PATH from git, not stdin"),
    (["-f", "html", "--previous", "missing.jmap.yaml"], "jmap: missing.jmap.yaml: no such file"),
])
def test_previous_refuses_what_it_cannot_compare(run_main, tmp_path, args, message):
    ran = run_main("export", str(SAMPLE), *args, cwd=tmp_path)
    assert ran.code == 2 and ran.err.startswith(message) and len(ran.err.splitlines()) == 1 and ran.out == ""


HOSTILE = "<script>alert(1)</script> \u202eevil\u202c & \"quoted\""


def test_hostile_names_in_the_changes_block_stay_text(cli, tmp_path):
    before = small_map(touchpoint("a", name=HOSTILE, satisfaction={"csat": {"counts": [30, 30, 20, 10, 10]}}),
                       journey={"id": "j", "title": "J", "period": "2024-Q2"})
    after = small_map(touchpoint("a", name=HOSTILE, satisfaction={"csat": {"counts": [5, 5, 10, 40, 40]}}),
                      journey={"id": "j", "title": "J", "period": "2024-Q3"})
    (tmp_path / "old.jmap.yaml").write_text(before, encoding="utf-8")
    (tmp_path / "new.jmap.yaml").write_text(after, encoding="utf-8")
    page = tmp_path / "page.html"
    done = cli("export", "-f", "html", tmp_path / "new.jmap.yaml", "--previous", tmp_path / "old.jmap.yaml", "-o", page)
    assert done.exit_code == 0, done.output
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "\u202e" not in text  # escaped, and the bidi override made visible
    tree = lxml_html.fromstring(text)
    assert tree.xpath("//script") == []
    name = tree.get_element_by_id("changes").xpath(".//span[@class='name']")[0]
    assert name.text_content().startswith("<script>alert(1)</script> ") and name.get("title") == name.text_content()
    _id, metric, values, change, verdict = changes_rows(text)[0]
    assert (metric, values, verdict) == ("CSAT", "20.0% \u2192 80.0%", "\u2713 significant rise")  # top-2 boxes: 20 and 80 of 100
    assert change.startswith("+60.0 pp [")


def _change(touchpoint_id: str, metric: str, delta: float, p_value, span: float = 1.0) -> MetricChange:
    old, new = metrics.Estimate(metric, 0.5, 0.4, 0.6, 100), metrics.Estimate(metric, 0.5, 0.4, 0.6, 120)
    return MetricChange(touchpoint_id, metric, old, new,
                        metrics.Difference(metric, delta, None, None, p_value=p_value), span)


def test_biggest_puts_significant_changes_first_then_size_against_the_metric_range():
    diff = MapDiff(metrics=[
        _change("small-significant", "csat", 0.03, 0.01),
        _change("large-noise", "csat", 0.20, 0.30),
        _change("nps-significant", "nps", 30, 0.001, 200.0),  # 15 % of its range
        _change("untested", "ces", 1.5, None, 6.0),  # 25 % of its range, no test
        _change("tie-later", "csat", 0.20, 0.30),
    ])
    assert [m.touchpoint for m in diff.biggest(5)] == ["nps-significant", "small-significant", "untested",
                                                       "large-noise", "tie-later"]
    assert [m.touchpoint for m in diff.biggest(2)] == ["nps-significant", "small-significant"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["csat", "nps", "ces"]), st.floats(-1, 1, allow_nan=False),
                          st.one_of(st.none(), st.floats(0, 1))), max_size=12),
       st.integers(0, 6))
def test_biggest_is_the_top_of_one_order_whatever_the_changes(changes, limit):
    spans = {"csat": 1.0, "nps": 200.0, "ces": 6.0}
    diff = MapDiff(metrics=[_change(f"t{i}", metric, delta, p, spans[metric]) for i, (metric, delta, p) in enumerate(changes)])
    chosen = diff.biggest(limit)
    sized = [m for m in diff.metrics if m.size is not None]
    assert len(chosen) == min(limit, len(sized))
    rank = [(m.difference.significant is not True, -m.size) for m in chosen]
    assert rank == sorted(rank)  # significant first, then largest first
    left_out = [m for m in sized if m not in chosen]
    if chosen and left_out:  # nothing left out ranks before the last one shown
        assert min((m.difference.significant is not True, -m.size) for m in left_out) >= rank[-1]
