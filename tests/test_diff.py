"""jmap diff: structural changes and metric changes, checked against statistics computed here independently."""

from __future__ import annotations

import json
import math
import re
import subprocess

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from journeymap.scoring import metrics
from journeymap.cli import app
from journeymap.compare.diff import diff_maps
from journeymap.checks.validation import validate_bytes

from helpers import AUTOLINKS, rendered_markdown

runner = CliRunner()

OLD = """\
jmap: 1
journey: {id: shop, title: Shop}
personas:
  - {id: new, name: New visitor}
  - {id: back, name: Returning}
channels: [web, email, chat]
stages:
  - id: discover
    name: Discover
    touchpoints:
      - id: ad
        name: Ad
        channel: web
        owner: marketing
        pains: [Too loud]
        opportunities: [Quieter ad]
      - id: search
        name: Search
        channel: web
        owner: seo
  - id: buy
    name: Buy
    touchpoints:
      - id: checkout
        name: Checkout
        channel: web
        owner: ecommerce
        satisfaction:
          csat: {counts: [10, 10, 20, 80, 80]}
          nps: {promoters: 90, passives: 60, detractors: 50}
          ces: {counts: [2, 3, 5, 10, 30, 30, 20]}
      - id: email
        name: Confirmation
        channel: email
        owner: crm
        satisfaction:
          csat: {counts: [2, 3, 5, 45, 45]}
          ces: {value: 5.5, n: 80}
      - id: chat
        name: Chat
        channel: chat
        owner: service
"""

NEW = """\
jmap: 1
journey: {id: shop, title: Shop}
personas:
  - {id: new, name: New visitor}
  - {id: loyal, name: Loyal}
channels: [web, email, sms]
stages:
  - id: discover
    name: Discovery
    touchpoints:
      - id: search
        name: Search
        channel: web
        owner: seo
      - id: ad
        name: Social ad
        channel: web
        owner: growth
        pains: [Too loud, Wrong size shown]
        opportunities: [Quieter ad]
  - id: buy
    name: Buy
    touchpoints:
      - id: checkout
        name: Checkout
        channel: web
        owner: ecommerce
        satisfaction:
          csat: {counts: [30, 25, 25, 60, 60]}
          nps: {promoters: 85, passives: 60, detractors: 55}
          ces: {counts: [3, 4, 8, 15, 30, 25, 15]}
      - id: sms-update
        name: SMS update
        channel: sms
        owner: crm
  - id: after
    name: After
    touchpoints:
      - id: email
        name: Confirmation
        channel: email
        owner: crm
        satisfaction:
          csat: {counts: [3, 2, 6, 44, 45]}
          ces: {value: 5.2, n: 90}
"""


def load(text: str):
    result = validate_bytes(text.encode(), "map.jmap.yaml")
    assert result.map is not None, result.diagnostics
    return result.map


@pytest.fixture(scope="module")
def result():
    return diff_maps(load(OLD), load(NEW))


def metric(result, touchpoint, name):
    return next(m for m in result.metrics if m.touchpoint == touchpoint and m.metric == name)


def test_added_and_removed_by_kind(result):
    added = {(i.kind, i.id) for i in result.added}
    removed = {(i.kind, i.id) for i in result.removed}
    assert added == {("persona", "loyal"), ("channel", "sms"), ("stage", "after"), ("touchpoint", "sms-update")}
    assert removed == {("persona", "back"), ("channel", "chat"), ("touchpoint", "chat")}


def test_renames_moves_reorders_and_field_changes(result):
    changed = {(c.kind, c.id, c.field, json.dumps(c.old), json.dumps(c.new)) for c in result.changed}
    assert ("stage", "discover", "name", '"Discover"', '"Discovery"') in changed
    assert ("touchpoint", "ad", "name", '"Ad"', '"Social ad"') in changed
    assert ("touchpoint", "ad", "owner", '"marketing"', '"growth"') in changed
    assert ("touchpoint", "ad", "pains", "null", '"Wrong size shown"') in changed
    assert ("touchpoint", "email", "stage", '"buy"', '"after"') in changed
    # `search` and `ad` swapped: one of them is reported as moved, not both, and nothing else in the stage
    positions = [c for c in result.changed if c.field == "position"]
    assert len(positions) == 1 and positions[0].id in ("ad", "search")
    # unchanged fields are not reported
    assert not any(c.id == "checkout" for c in result.changed)
    assert not any(c.field == "opportunities" for c in result.changed)


def two_proportion_p(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return z, 2 * stats.norm.sf(abs(z))


def test_significant_csat_drop_matches_two_proportion_z(result):
    change = metric(result, "checkout", "csat")
    z, p = two_proportion_p(160, 200, 120, 200)
    assert change.difference.statistic == pytest.approx(z, rel=1e-9)
    assert change.difference.p_value == pytest.approx(p, rel=1e-6)
    assert change.difference.delta == pytest.approx(-0.2)
    assert change.difference.significant and change.regression
    # Newcombe's hybrid score interval from the two Wilson intervals, recomputed with scipy's quantile
    def wilson(x, n):
        zq, ph = stats.norm.ppf(0.975), x / n
        centre = (ph + zq * zq / (2 * n)) / (1 + zq * zq / n)
        half = zq * math.sqrt(ph * (1 - ph) / n + zq * zq / (4 * n * n)) / (1 + zq * zq / n)
        return centre - half, centre + half
    (l1, u1), (l2, u2) = wilson(160, 200), wilson(120, 200)
    low = -0.2 - math.sqrt((0.6 - l2) ** 2 + (u1 - 0.8) ** 2)
    high = -0.2 + math.sqrt((u2 - 0.6) ** 2 + (0.8 - l1) ** 2)
    assert change.difference.low == pytest.approx(low, abs=1e-6)
    assert change.difference.high == pytest.approx(high, abs=1e-6)
    assert change.difference.high < 0


def test_non_significant_csat_change(result):
    change = metric(result, "email", "csat")
    z, p = two_proportion_p(90, 100, 89, 100)
    assert change.difference.p_value == pytest.approx(p, rel=1e-6)
    assert p > 0.5 and change.difference.significant is False and not change.regression
    assert change.difference.low < 0 < change.difference.high


def test_nps_difference_uses_the_variance_of_each_side(result):
    change = metric(result, "checkout", "nps")
    sides = []
    for promoters, detractors, n in ((90, 50, 200), (85, 55, 200)):
        p, d = promoters / n, detractors / n
        sides.append((p - d, (p + d - (p - d) ** 2) / n))
    delta = 100 * (sides[1][0] - sides[0][0])
    se = 100 * math.sqrt(sides[0][1] + sides[1][1])
    assert change.difference.delta == pytest.approx(delta)
    assert change.difference.low == pytest.approx(delta - stats.norm.ppf(0.975) * se, abs=1e-4)
    assert change.difference.p_value == pytest.approx(2 * stats.norm.sf(abs(delta / se)), rel=1e-6)
    assert change.difference.significant is False


def test_ces_welch_matches_scipy_on_expanded_counts(result):
    change = metric(result, "checkout", "ces")
    old = np.repeat(np.arange(1, 8), [2, 3, 5, 10, 30, 30, 20])
    new = np.repeat(np.arange(1, 8), [3, 4, 8, 15, 30, 25, 15])
    reference = stats.ttest_ind(new, old, equal_var=False)
    assert change.difference.statistic == pytest.approx(reference.statistic, rel=1e-9)
    assert change.difference.p_value == pytest.approx(reference.pvalue, rel=1e-7)
    a, b = old.var(ddof=1) / len(old), new.var(ddof=1) / len(new)
    df = (a + b) ** 2 / (a * a / (len(old) - 1) + b * b / (len(new) - 1))
    half = stats.t.ppf(0.975, df) * math.sqrt(a + b)
    delta = new.mean() - old.mean()
    assert change.difference.low == pytest.approx(delta - half, rel=1e-9)
    assert change.difference.high == pytest.approx(delta + half, rel=1e-9)
    assert change.difference.significant == (reference.pvalue < 0.05)


def test_ces_value_and_n_gives_the_change_but_no_test(result):
    change = metric(result, "email", "ces")
    assert change.difference.delta == pytest.approx(-0.3)
    assert change.difference.p_value is None and change.difference.significant is None
    assert "no test" in change.difference.note
    assert not change.regression


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # scipy's own warning on near-constant samples
@pytest.mark.parametrize("old_counts,new_counts", [
    ([5, 5, 10, 20, 10, 3, 1], [1, 2, 4, 10, 20, 10, 8]),
    ([0, 0, 0, 1, 1, 0, 0], [0, 1, 0, 0, 0, 0, 1]),
    ([100, 0, 0, 0, 0, 0, 100], [0, 0, 0, 5, 0, 0, 0, ]),
])
def test_welch_against_scipy_for_awkward_samples(old_counts, new_counts):
    found = metrics.ces_difference(old_counts, new_counts)
    old = np.repeat(np.arange(1, 8), old_counts)
    new = np.repeat(np.arange(1, 8), new_counts)
    if new.var(ddof=1) == 0 and old.var(ddof=1) == 0:
        assert found.p_value is None
        return
    reference = stats.ttest_ind(new, old, equal_var=False)
    assert found.p_value == pytest.approx(reference.pvalue, rel=1e-7, abs=1e-300)


def test_t_quantile_for_real_degrees_of_freedom():
    for df in (1.5, 2.2, 7.77, 33.3, 199.5, 250.25, 12345.6):
        assert metrics.t_quantile_975_real(df) == pytest.approx(stats.t.ppf(0.975, df), rel=1e-10)


# -- command line --------------------------------------------------------------


@pytest.fixture
def maps(tmp_path):
    old, new = tmp_path / "old.jmap.yaml", tmp_path / "new.jmap.yaml"
    old.write_text(OLD)
    new.write_text(NEW)
    return old, new


def test_cli_json_has_the_documented_shape(maps):
    old, new = maps
    found = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert found.exit_code == 0, found.output
    document = json.loads(found.stdout)
    assert {"kind": "touchpoint", "id": "sms-update"} in document["added"]
    assert {"kind": "channel", "id": "chat"} in document["removed"]
    assert {"kind": "touchpoint", "id": "ad", "field": "owner", "old": "marketing", "new": "growth"} in document["changed"]
    entry = next(m for m in document["metrics"] if m["touchpoint"] == "checkout" and m["metric"] == "csat")
    assert set(entry) >= {"touchpoint", "metric", "old", "new", "delta", "low", "high", "significant"}
    assert entry["old"] == 0.8 and entry["new"] == 0.6 and entry["significant"] is True


def test_cli_fail_on_regression_exits_1_only_with_a_significant_drop(maps, tmp_path):
    old, new = maps
    assert runner.invoke(app, ["diff", str(old), str(new), "--fail-on-regression"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(old), str(new)]).exit_code == 0
    assert runner.invoke(app, ["diff", str(old), str(old), "--fail-on-regression"]).exit_code == 0
    # the reverse direction is a significant rise, not a regression
    assert runner.invoke(app, ["diff", str(new), str(old), "--fail-on-regression"]).exit_code == 0


def test_cli_table_and_markdown(maps):
    old, new = maps
    table = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    assert "significant drop" in table and "CES given as value and n" in table
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"]).stdout
    assert re.search(r"\| `checkout` \| CSAT \| 80\.0% \| \d+ \| 60\.0% \| \d+ \| -20\.0 pp \|", markdown)


def test_cli_markdown_escapes_user_text(tmp_path):
    hostile = OLD.replace("Too loud", "'| <img src=x> [x](y) `z`'")
    old = tmp_path / "old.jmap.yaml"
    old.write_text(OLD)
    new = tmp_path / "new.jmap.yaml"
    new.write_text(hostile)
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"]).stdout
    line = next(line for line in markdown.splitlines() if "img" in line)
    assert "\\<img" in line and "\\|" in line and "\\[x\\]" in line and "\\`z\\`" in line


def test_cli_errors_in_a_map_are_listed_and_exit_1(maps, tmp_path):
    old, _new = maps
    broken = tmp_path / "broken.jmap.yaml"
    broken.write_text(OLD.replace("channel: email", "channel: emial"))
    found = runner.invoke(app, ["diff", str(old), str(broken)])
    assert found.exit_code == 1
    assert f"{broken}:" in found.stderr and "[error]" in found.stderr and "(JM203)" in found.stderr


def test_cli_missing_file_exits_2_with_one_line(maps, run_main):
    old, _new = maps
    ran = run_main("diff", old, "no-such-file.jmap.yaml")
    assert ran.code == 2
    assert ran.err.count("\n") == 1 and "no-such-file.jmap.yaml: no such file" in ran.err


def test_git_revision_on_either_side(tmp_path, monkeypatch, run_main):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / "maps").mkdir()
    path = tmp_path / "maps" / "shop.jmap.yaml"
    path.write_text(OLD)
    subprocess.run(["git", "add", "."], check=True)
    subprocess.run(["git", "commit", "-qm", "q1"], check=True)
    path.write_text(NEW)
    found = runner.invoke(app, ["diff", "HEAD:maps/shop.jmap.yaml", "maps/shop.jmap.yaml", "-f", "json"])
    assert found.exit_code == 0, found.output
    assert {"kind": "touchpoint", "id": "sms-update"} in json.loads(found.stdout)["added"]
    ran = run_main("diff", "HEAD:maps/none.jmap.yaml", "maps/shop.jmap.yaml")
    assert ran.code == 2 and "git cannot show it" in ran.err and ran.err.count("\n") == 1


def test_diff_output_is_deterministic(maps):
    old, new = maps
    first = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout
    assert first == runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout


def test_cli_markdown_shows_ids_verbatim_in_code_spans(tmp_path):
    """Backslash escapes would show inside a code span: `gift_card` must not read `gift\\_card`."""
    old = tmp_path / "old.jmap.yaml"
    old.write_text(OLD)
    new = tmp_path / "new.jmap.yaml"
    new.write_text(OLD.replace("      - id: chat\n", "      - id: gift_card\n        name: Gift card\n"
                                "        channel: web\n        kpis:\n          'uses`tick': {value: 1}\n"
                                "      - id: chat\n"))
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"]).stdout
    assert "- touchpoint `gift_card`" in markdown
    assert not [line for line in markdown.splitlines() if line.startswith("- ") and "\\_" in line]
    old.write_text(new.read_text())
    new.write_text(new.read_text().replace("{value: 1}", "{value: 2}"))
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"]).stdout
    assert "- touchpoint `gift_card`: kpis\\.uses\\`tick\\.value\\: 1.0 -\\> 2.0" in markdown  # free text stays escaped


def test_code_span_fences_backticks_and_keeps_table_cells_whole():
    from journeymap.outputs.markdown import code_span

    assert code_span("gift_card") == "`gift_card`"
    assert code_span("a`b") == "``a`b``"
    assert code_span("`a") == "`` `a ``"
    assert code_span("a|b", in_table=True) == "`a\\|b`"
    assert code_span("a|b") == "`a|b`"


def test_markdown_diff_has_no_autolinks(tmp_path):
    """No user text becomes a link, an e-mail address or a mention in a pull-request comment."""
    old = tmp_path / "old.jmap.yaml"
    old.write_text(OLD)
    new = tmp_path / "new.jmap.yaml"
    new.write_text(OLD.replace("owner: marketing", "owner: admin@evil.example")
                   .replace("Too loud", "Visit www.evil.example/login or https://evil.example"))
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    assert "evil" in text
    assert not AUTOLINKS.search(rendered_markdown(text)), text
