"""Generate samples/online-store.events.csv.gz: a few thousand sessions of the online store's journey.

A seeded Markov model over the sample map's touchpoints, with one problem planted where an
analyst should find it: on mobile, checkout converts far worse and people go back to the cart.
Deterministic (same seed, same bytes), so the committed file can be regenerated and compared:

    python samples/generate_events.py            # writes samples/online-store.events.csv.gz
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
DAYS = 181  # January to June 2024
FIELDS = ["session_id", "user_id", "event", "timestamp", "page_path", "device", "revenue"]
# what an event looks like for each touchpoint (event, page path)
LOOK = {"instagram-ad": ("ad_click", "/"), "search-result": ("search_click", "/search"),
        "product-page": ("page_view", "/products/{n}"), "size-chat": ("chat_open", "/products/{n}"),
        "app-wishlist": ("add_to_wishlist", "/app/wishlist"), "cart": ("add_to_cart", "/cart"),
        "checkout": ("begin_checkout", "/checkout"), "order-confirmation": ("purchase", "/checkout/done"),
        "delivery-tracking": ("track_order", "/orders"), "returns-portal": ("start_return", "/returns"),
        "support-call": ("call_support", "/help/call"), "review-request": ("review_submitted", "/reviews"),
        "referral-programme": ("referral_share", "/refer")}
NOISE = [("scroll", None), ("view_promotion", "/"), ("page_view", "/help"), ("page_view", "/about")]


def next_step(rng: random.Random, at: str, device: str):
    """Where a customer goes from `at` (None: leaves). Declared steps mostly, some undeclared ones."""
    mobile = device == "mobile"
    choices = {
        "instagram-ad": [("product-page", 0.55), ("search-result", 0.05)],
        "search-result": [("product-page", 0.7)],
        "product-page": [("cart", 0.33), ("size-chat", 0.08), ("product-page", 0.2)],
        "size-chat": [("cart", 0.5)],
        "app-wishlist": [("cart", 0.5)],
        "cart": [("checkout", 0.62), ("product-page", 0.1)],
        # the planted problem: mobile checkout converts badly and sends people back to the cart
        "checkout": [("order-confirmation", 0.42 if mobile else 0.74), ("cart", 0.22 if mobile else 0.04)],
    }.get(at, [])
    roll = rng.random()
    for target, chance in choices:
        if roll < chance:
            return target
        roll -= chance
    return None


def after_order(rng: random.Random):
    """A later session after an order: tracking, then returns or support, a review, a referral."""
    path = ["delivery-tracking"]
    roll = rng.random()
    if roll < 0.15:
        path.append("returns-portal")
    elif roll < 0.25:
        path.append("support-call")
    if rng.random() < 0.35:
        path.append("review-request")
        if rng.random() < 0.25:
            path.append("referral-programme")
    return path


def generate(sessions: int = 4000, seed: int = 7) -> list[list]:
    rng = random.Random(seed)
    rows, made, user_number = [], 0, 0
    while made < sessions:
        user_number += 1
        user = f"u{user_number:05d}"
        device = rng.choices(["mobile", "desktop", "tablet"], [0.55, 0.35, 0.10])[0]
        day = rng.uniform(0, DAYS - 1)
        visits = 0
        while made < sessions and day < DAYS and visits < 6:
            visits += 1
            made += 1
            start = START + timedelta(days=day, seconds=rng.randrange(8 * 3600, 23 * 3600))
            first = rng.choices(["instagram-ad", "search-result", "product-page", "app-wishlist"],
                                [0.3, 0.4, 0.2, 0.1])[0]
            path, at = [first], first
            while (at := next_step(rng, at, device)) is not None and len(path) < 14:
                path.append(at)
            bought = "order-confirmation" in path
            t = start
            session = f"s{made:06d}"
            for touchpoint in path:
                for _ in range(rng.choice([0, 0, 0, 1])):  # events the map does not observe, in between
                    event, page = rng.choice(NOISE)
                    t += timedelta(seconds=rng.randrange(5, 60))
                    rows.append([session, user, event, t, page or "", device, ""])
                event, page = LOOK[touchpoint]
                t += timedelta(seconds=rng.randrange(10, 240))
                revenue = f"{rng.uniform(20, 180):.2f}" if touchpoint == "order-confirmation" else ""
                rows.append([session, user, event, t, page.format(n=rng.randrange(1, 400)), device, revenue])
            if bought and made < sessions and rng.random() < 0.6:
                made += 1
                t += timedelta(days=rng.uniform(2, 6))
                session = f"s{made:06d}"
                for touchpoint in after_order(rng):
                    event, page = LOOK[touchpoint]
                    t += timedelta(seconds=rng.randrange(10, 600))
                    rows.append([session, user, event, t, page, device, ""])
            # a buyer comes back sooner (repeat purchase), a browser later or never
            if rng.random() < (0.55 if bought else 0.35):
                day += rng.uniform(3, 80 if bought else 120)
            else:
                break
    rows.sort(key=lambda row: (row[3], row[0]))
    for row in rows:
        row[3] = row[3].strftime("%Y-%m-%dT%H:%M:%SZ")
    return rows


def write(path: Path, rows: list[list]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows(rows)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.getvalue().encode("utf-8"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("online-store.events.csv.gz"))
    arguments = parser.parse_args()
    write(arguments.out, generate(arguments.sessions, arguments.seed))
