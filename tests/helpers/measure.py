"""What the `jmap measure` tests share: random event files and the command run as a shell runs it."""

from __future__ import annotations

import csv
import random
import subprocess

from helpers import JMAP, JMAP_ENV, ROOT

EVENTS = ["view_home", "page_view", "add_to_cart", "begin_checkout", "purchase", "scroll", "search"]
PAGES = ["/", "/p/1", "/p/22", "/cart", "/cart/edit", "/help", "/p_x"]
FIELDS = ["session_id", "user_id", "event", "timestamp", "page", "device"]

# Two touchpoints claiming whole event names (no `where`), linked home -> cart.
NO_WHERE_MAP = """\
jmap: 1
journey: {id: j, title: J}
channels: [web]
stages:
  - id: s
    name: S
    touchpoints:
      - {id: home, name: Home, channel: web, owner: t, events: [view_home], next: [cart]}
      - {id: cart, name: Cart, channel: web, owner: t, events: [add_to_cart]}
"""


def random_rows(seed: int, sessions: int = 60):
    rng = random.Random(seed)
    rows = []
    for s in range(sessions):
        user = f"u{rng.randrange(sessions // 2)}"
        start = 1_704_067_200 + rng.randrange(0, 86_400 * 20)
        t = start
        for _ in range(rng.randrange(1, 9)):
            t += rng.choice([0, 0, 5, 60, 3000])  # ties (file order decides), and gaps over 30 minutes
            rows.append({"session_id": f"s{s}", "user_id": user, "event": rng.choice(EVENTS),
                         "ts": t, "page": rng.choice(PAGES), "device": rng.choice(["mobile", "desktop", "tablet"])})
    rng.shuffle(rows)  # file order is not time order
    return rows


def write_csv(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([row["session_id"], row["user_id"], row["event"], row["ts"], row["page"], row["device"]])


class Ran:
    """A finished `jmap measure` at the real entry point (usage errors become exit 2 there)."""

    def __init__(self, done):
        self.exit_code, self.stdout, self.stderr = done.returncode, done.stdout, done.stderr
        self.output = done.stdout + done.stderr


EXTRA_ENV: dict = {}  # set for one run (e.g. COLUMNS), then cleared


def run(*args):
    return Ran(subprocess.run([*JMAP, "measure", *map(str, args)], capture_output=True, text=True,
                              env={**JMAP_ENV, **EXTRA_ENV}, timeout=120, cwd=ROOT))
