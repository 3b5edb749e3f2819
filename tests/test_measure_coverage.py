"""Events generated from a known Markov model: the 95 % intervals of the step rates cover the true
rates at about the nominal rate, over many independent samples (one segment per seed, one run)."""

import csv
import random

import pytest

pytest.importorskip("duckdb")

from journeymap.checks.validation import validate_bytes  # noqa: E402
from journeymap.measure.duck import DuckEngine  # noqa: E402
from journeymap.measure.plan import Columns, Options, plan_for  # noqa: E402
from journeymap.measure.result import read_rows  # noqa: E402

MAP = """\
jmap: 1
journey: {id: j, title: J}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - {id: home, name: Home, channel: web, owner: t, events: [home], next: [product]}
      - {id: product, name: Product, channel: web, owner: t, events: [product], next: [cart]}
      - {id: cart, name: Cart, channel: web, owner: t, events: [cart], next: [order]}
      - {id: order, name: Order, channel: web, owner: t, events: [order]}
"""
# From each touchpoint: go on with this probability, else leave. No way back, so the true rate of
# each declared step is exactly its probability.
GO_ON = {"home": ("product", 0.55), "product": ("cart", 0.35), "cart": ("order", 0.6)}
SEEDS, SESSIONS = 300, 120


def write_events(path):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "user_id", "event", "timestamp", "seed"])
        for seed in range(SEEDS):
            rng = random.Random(seed)
            for s in range(SESSIONS):
                at, t = "home", 1_704_067_200 + s * 7200
                writer.writerow([f"{seed}-{s}", f"{seed}-{s}", at, t, seed])
                while at in GO_ON and rng.random() < GO_ON[at][1]:
                    at, t = GO_ON[at][0], t + 30
                    writer.writerow([f"{seed}-{s}", f"{seed}-{s}", at, t, seed])


def test_step_intervals_cover_the_true_rates_at_about_95_percent(tmp_path):
    write_events(tmp_path / "events.csv")
    plan = plan_for(validate_bytes(MAP.encode(), "m.jmap.yaml").map)
    options = Options(columns=Columns(by=("seed",)))
    measurement = read_rows(plan, DuckEngine([str(tmp_path / "events.csv")]).measure(plan, options), 90)
    assert len(measurement.segments) == SEEDS
    covered = total = 0
    for figures in measurement.segments.values():
        for source, (target, truth) in GO_ON.items():
            step = figures.steps.get((source, target))
            if step is None or not step.reached:
                continue
            low, high = step.interval
            covered += low <= truth <= high
            total += 1
    assert total > 0.99 * SEEDS * len(GO_ON)
    # Wilson's coverage is close to nominal; 900 intervals put a 95 % rate within about ±1.5 points
    assert 0.925 <= covered / total <= 0.975, covered / total
