"""`jmap diff` tests a measured step's conversion between quarters: two maps measured from two generated
event files (a known drop on cart -> checkout, a large change on a step few sessions reach), the
numbers checked against a two-proportion test and a Newcombe interval computed here with scipy."""

from __future__ import annotations

import json
import math
import random

import pytest
from scipy import stats

pytest.importorskip("duckdb")

import measure_reference as ref  # noqa: E402
from helpers import JMAP, JMAP_ENV, ROOT  # noqa: E402
from helpers.measure import run, write_csv  # noqa: E402

# cart -> checkout falls from 62 % to 50 % on ~1,000 sessions a quarter: a real drop. home -> product
# falls from 80 % to 60 %, but home starts only ~1 % of the sessions: too few to tell.
QUARTERS = {"2024-Q1": (1_704_067_200, 0.62, 0.80), "2024-Q2": (1_711_929_600, 0.50, 0.60)}
SESSIONS = 2_000


def quarter_rows(start: int, to_checkout: float, home_to_product: float, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for s in range(SESSIONS):
        path = []
        if rng.random() < 0.01:
            path.append(("view_home", "/"))
            if rng.random() >= home_to_product:
                path = path + [("scroll", "/")]
        if len(path) != 2:  # did not leave from home
            path.append(("page_view", f"/p/{rng.randrange(50)}"))
            if rng.random() < 0.5:
                path.append(("add_to_cart", "/cart"))
                if rng.random() < to_checkout:
                    path.append(("begin_checkout", "/checkout"))
                    path.append(("purchase", "/done") if rng.random() < 0.7 else ("add_to_cart", "/cart"))
        t = start + rng.randrange(80 * 86_400)
        for event, page in path:
            t += rng.randrange(5, 120)
            rows.append({"session_id": f"s{seed}-{s}", "user_id": f"u{s % 700}", "event": event, "ts": t,
                         "page": page, "device": "web"})
    return rows


def newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float, float]:
    """(change, low, high, p) of p2 - p1: Newcombe's method 10 from Wilson intervals, and the pooled
    two-proportion z test (scipy's normal tail), with the product's z for every 95 % interval."""
    z = 1.959964

    def wilson(x, n):
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return centre - half, centre + half

    p1, p2 = x1 / n1, x2 / n2
    (l1, u1), (l2, u2) = wilson(x1, n1), wilson(x2, n2)
    delta = p2 - p1
    low = delta - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = delta + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    pooled = (x1 + x2) / (n1 + n2)
    statistic = delta / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return delta, low, high, 2 * stats.norm.sf(abs(statistic))


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """{quarter: (map path, the reference figures of its events)}."""
    folder = tmp_path_factory.mktemp("quarters")
    found = {}
    for seed, (quarter, (start, to_checkout, home_to_product)) in enumerate(QUARTERS.items()):
        rows = quarter_rows(start, to_checkout, home_to_product, seed)
        write_csv(folder / f"{quarter}.csv", rows)
        (folder / "shop.jmap.yaml").write_text(ref.MAP.replace("title: Shop}", f"title: Shop, period: {quarter}}}"))
        result = run(folder / f"{quarter}.csv", folder / "shop.jmap.yaml", "--write-to", folder / f"{quarter}.jmap.yaml")
        assert result.exit_code == 0, result.stderr
        found[quarter] = (folder / f"{quarter}.jmap.yaml", ref.measure(rows)[0]["all"])
    return found


def diff(*args, columns: int = 100):
    import subprocess

    return subprocess.run([*JMAP, "diff", *map(str, args)], capture_output=True, text=True,
                          env={**JMAP_ENV, "COLUMNS": str(columns)}, timeout=60, cwd=ROOT)


def test_each_measured_step_is_tested_like_an_independent_two_proportion_test(measured):
    (old_map, old), (new_map, new) = measured["2024-Q1"], measured["2024-Q2"]
    done = diff(old_map, new_map, "-f", "json")
    assert done.returncode == 0, done.stderr
    rates = {(r["touchpoint"], r["step"]): r for r in json.loads(done.stdout)["rates"]}
    assert set(rates) == set(ref.STEPS)  # every declared step, each measured in both quarters
    for (a, b), rate in rates.items():
        x1, n1, x2, n2 = old["steps"][(a, b)], old["reached"][(a, b)], new["steps"][(a, b)], new["reached"][(a, b)]
        delta, low, high, p = newcombe(x1, n1, x2, n2)
        assert (rate["old_n"], rate["new_n"]) == (n1, n2)
        assert rate["old"] == pytest.approx(x1 / n1, abs=1e-11) and rate["new"] == pytest.approx(x2 / n2, abs=1e-11)
        assert rate["delta"] == pytest.approx(delta, abs=1e-11)
        assert (rate["low"], rate["high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
        assert rate["p_value"] == pytest.approx(p, rel=1e-6, abs=1e-12)
        assert rate["significant"] is bool(p < 0.05) and rate["regression"] is bool(p < 0.05 and delta < 0)
        assert rate["label"] == f"{a} \u2192 {b} conversion" and rate["test"] == "two-proportion z"
    drop, tiny = rates[("cart", "checkout")], rates[("home", "product")]
    assert drop["significant"] and drop["regression"] and drop["delta"] < -0.05
    assert tiny["delta"] < -0.15 and not tiny["significant"] and not tiny["regression"]  # big change, few sessions
    assert tiny["old_n"] < 60 and tiny["new_n"] < 60


def test_the_drop_fails_the_run_with_fail_on_regression_and_its_reverse_does_not(measured):
    old_map, new_map = measured["2024-Q1"][0], measured["2024-Q2"][0]
    assert diff(old_map, new_map, "--fail-on-regression").returncode == 1
    assert diff(old_map, new_map).returncode == 0
    # backwards: cart -> checkout rises, home -> product drops but on too few sessions to count
    backwards = diff(new_map, old_map, "--fail-on-regression", "-f", "json")
    assert backwards.returncode == 0, backwards.stdout
    assert json.loads(backwards.stdout)["summary"]["significant_drops"] == 0


def test_table_and_markdown_name_the_step_with_its_numbers_and_verdict(measured):
    (old_map, old), (new_map, new) = measured["2024-Q1"], measured["2024-Q2"]
    x1, n1 = old["steps"][("cart", "checkout")], old["reached"][("cart", "checkout")]
    x2, n2 = new["steps"][("cart", "checkout")], new["reached"][("cart", "checkout")]
    delta, low, high, _p = newcombe(x1, n1, x2, n2)
    old_text, new_text = f"{100 * x1 / n1:.1f}%", f"{100 * x2 / n2:.1f}%"
    change, interval = f"{100 * delta:+.1f} pp", f"[{100 * low:+.1f} pp, {100 * high:+.1f} pp]"
    wide = diff(old_map, new_map, columns=200).stdout
    [line] = [line for line in wide.splitlines() if line.startswith("  cart \u2192 checkout conversion ")]
    assert line.split("conversion")[1].split() == [old_text, f"{n1:,}", new_text, f"{n2:,}", *change.split(),
                                                   *interval.split(), "<0.0001", "significant", "drop"]
    narrow = diff(old_map, new_map, columns=80).stdout
    assert (f"  cart \u2192 checkout conversion: {old_text} (n={n1:,}) -> {new_text} (n={n2:,})\n"
            f"    change {change} {interval} p <0.0001: significant drop\n") in narrow
    assert max(len(line) for line in narrow.splitlines()[2:]) <= 80
    markdown = diff(old_map, new_map, "-f", "markdown").stdout
    [row] = [row for row in markdown.splitlines() if row.startswith("| cart \u2192 checkout conversion |")]
    assert row == (f"| cart \u2192 checkout conversion | {old_text} | {n1:,} | {new_text} | {n2:,} | {change} "
                   f"| \\{interval[:-1]}\\] | \\<0.0001 | **significant drop** |")  # Markdown-escaped
    [tiny] = [row for row in markdown.splitlines() if row.startswith("| home \u2192 product conversion |")]
    assert tiny.endswith("| not significant |")
    assert "kpis.conversion_to_checkout.value" not in wide  # tested above, not listed again as a plain change


def _maps(old_kpis: dict, new_kpis: dict):
    from helpers import small_map, touchpoint, valid_map

    return [valid_map(small_map(touchpoint("cart", next=["checkout"], kpis=kpis), touchpoint("checkout")))
            for kpis in (old_kpis, new_kpis)]


def test_a_counted_rate_where_lower_is_better_regresses_when_it_rises():
    from journeymap.compare.diff import diff_maps
    from journeymap.outputs.diff import as_table

    result = diff_maps(*_maps({"cart_abandonment": {"successes": 300, "n": 1000}},
                              {"cart_abandonment": {"successes": 380, "n": 1000}}))
    [rate] = result.rates
    delta, low, high, p = newcombe(300, 1000, 380, 1000)
    assert (rate.label, rate.better, rate.step) == ("cart cart_abandonment", "lower", None)
    assert rate.difference.delta == pytest.approx(delta) and rate.difference.p_value == pytest.approx(p, rel=1e-6)
    assert rate.regression and result.regressions == [rate]
    assert "significant rise (worse)" in as_table(result)


def test_a_step_typed_by_hand_then_measured_shows_both_values_but_no_test():
    from journeymap.compare.diff import diff_maps

    result = diff_maps(*_maps({"conversion_to_checkout": {"value": 0.7}},
                              {"conversion_to_checkout": {"successes": 55, "n": 100}}))
    [rate] = result.rates
    assert rate.label == "cart \u2192 checkout conversion"
    assert (rate.old.value, rate.new.value, rate.new.n) == (0.7, 0.55, 100)
    assert rate.difference.delta == pytest.approx(-0.15) and rate.difference.p_value is None
    assert rate.difference.note == "a value without counts in the old map: no test" and not rate.regression
    assert not [c for c in result.changed if c.field.startswith("kpis.")]  # the rate is the one report of it
    [first] = diff_maps(*_maps({}, {"conversion_to_checkout": {"successes": 55, "n": 100}})).rates
    assert first.old is None and first.difference.note == "not in the old map" and first.difference.delta is None
