"""`jmap measure` on generated Parquet events against a hand-written DuckDB query for the same step counts.

The peer is one `python -c` process that runs a lean DuckDB query computing only what the step
table needs (each declared step's reached and converted sessions); jmap also computes reach,
stages, undeclared transitions, conformance, unclaimed events, retention and the bad-row pass.
Target: jmap within 1.5x of the peer, peak memory under --memory-limit (2 GB).

Sizes: JMAP_BENCH_MEASURE_EVENTS, comma-separated (default 10,000,000; 100,000,000 is the
issue's large size: run it where the disk and time allow).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from run import Row
from timing import JMAP, ROOT, best_of, peak_rss_kib

SAMPLE = ROOT / "samples" / "online-store.jmap.yaml"
FUNNEL = ["search_click", "page_view", "add_to_cart", "begin_checkout", "add_payment_info", "purchase"]
PER_SESSION = 8  # events per session: the funnel as deep as the session got, then unclaimed scrolls


def generate(path: Path, events: int) -> None:
    """`events` rows of the sample map's events as Parquet, written by DuckDB (Python never holds them)."""
    import duckdb

    sessions = events // PER_SESSION
    funnel = "[" + ", ".join(f"'{e}'" for e in FUNNEL) + "]"
    duckdb.connect().execute(f"""
        COPY (
          SELECT 's' || s AS session_id, 'u' || (s % {max(1, sessions // 3)}) AS user_id,
                 CASE WHEN k < depth THEN {funnel}[k + 1] ELSE 'scroll' END AS event,
                 1704067200 + s * 7 + k * 30 AS timestamp,
                 CASE WHEN k = 1 THEN '/products/' || (s % 400) ELSE '/' END AS page_path,
                 CASE WHEN s % 10 < 6 THEN 'mobile' ELSE 'desktop' END AS device
          FROM (SELECT range AS s, 1 + hash(range) % 6 AS depth FROM range({sessions})) AS sessions,
               (SELECT range AS k FROM range({PER_SESSION})) AS steps
        ) TO '{path}' (FORMAT parquet)""")


PEER = """
import sys, duckdb
print(duckdb.connect(config={"memory_limit": "2GB"}).execute('''
WITH e AS (
  SELECT session_id, timestamp AS ts, CASE
    WHEN event = 'ad_click' THEN 'instagram-ad' WHEN event = 'search_click' THEN 'search-result'
    WHEN event = 'page_view' AND page_path LIKE '/products/%' THEN 'product-page'
    WHEN event = 'chat_open' THEN 'size-chat' WHEN event = 'add_to_wishlist' THEN 'app-wishlist'
    WHEN event = 'add_to_cart' OR (event = 'page_view' AND page_path LIKE '/cart%') THEN 'cart'
    WHEN event IN ('begin_checkout', 'add_payment_info') THEN 'checkout'
    WHEN event = 'purchase' THEN 'order-confirmation' END AS tp
  FROM read_parquet(?)),
spans AS (SELECT session_id, tp, MIN(ts) AS first_ts, MAX(ts) AS last_ts FROM e WHERE tp IS NOT NULL GROUP BY ALL),
steps(src, dst) AS (VALUES ('instagram-ad', 'search-result'), ('instagram-ad', 'product-page'),
  ('search-result', 'product-page'), ('product-page', 'size-chat'), ('product-page', 'cart'),
  ('size-chat', 'cart'), ('app-wishlist', 'cart'), ('cart', 'checkout'), ('checkout', 'order-confirmation'))
SELECT st.src, st.dst, COUNT(*) AS reached, COUNT(*) FILTER (WHERE b.last_ts > a.first_ts) AS converted
FROM steps AS st JOIN spans AS a ON a.tp = st.src
LEFT JOIN spans AS b ON b.session_id = a.session_id AND b.tp = st.dst GROUP BY ALL
''', [sys.argv[1]]).fetchall())
"""


def sizes() -> list[int]:
    return [int(n) for n in os.environ.get("JMAP_BENCH_MEASURE_EVENTS", "10000000").split(",")]


def run(work: Path) -> list[Row]:
    rows = []
    for events in sizes():
        parquet = work / f"events-{events}.parquet"
        generate(parquet, events)
        command = [JMAP, "measure", str(parquet), str(SAMPLE), "--format", "json", "-o", str(work / "out.json")]
        peer = [sys.executable, "-c", PEER, str(parquet)]
        jmap_time = best_of(command, repeat=1)
        peer_time = best_of(peer, repeat=1)
        rss = peak_rss_kib(command)
        rows.append(Row(f"measure {events:,} events (Parquet)", jmap_time, "hand-written DuckDB step query",
                        peer_time, "≤ 1.5× peer; memory < 2 GB",
                        f"{events / jmap_time:,.0f} events/s; peak {rss / 1024:,.0f} MiB"))
    return rows
