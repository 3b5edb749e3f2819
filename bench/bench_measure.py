"""`jmap measure` on generated Parquet events against hand-written DuckDB queries.

Two peers, each one `python -c` process running one lean DuckDB query:
- the step counts only (each declared step's reached and converted sessions): the issue's peer.
  It needs no order within a session, only each touchpoint's first and last time;
- the same figures a funnel review reads (sessions, reach per touchpoint, step counts, undeclared
  transitions, conformance), as an analyst would write them: the direct transitions need the
  claimed events sorted within each session, which the step counts alone do not.
jmap also computes users, stages, unclaimed events, retention and the bad-row pass.
Target: jmap within 1.5x of the peer, peak memory under --memory-limit (2 GB).

Sizes: JMAP_BENCH_MEASURE_EVENTS, comma-separated (default 10,000,000 and 100,000,000; the
large one needs about 1 GB of disk and a few minutes; set 10000000 alone for a quick run).
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
# (one session in seven that reached checkout goes back to the cart: an undeclared transition)


def generate(path: Path, events: int) -> None:
    """`events` rows of the sample map's events as Parquet, written by DuckDB (Python never holds them)."""
    import duckdb

    sessions = events // PER_SESSION
    funnel = "[" + ", ".join(f"'{e}'" for e in FUNNEL) + "]"
    duckdb.connect().execute(f"""
        COPY (
          SELECT 's' || s AS session_id, 'u' || (s % {max(1, sessions // 3)}) AS user_id,
                 CASE WHEN k < depth THEN {funnel}[k + 1]
                      WHEN k = depth AND depth >= 4 AND s % 7 = 0 THEN 'add_to_cart' ELSE 'scroll' END AS event,
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


SAME_FIGURES = """
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
moves AS (SELECT session_id, tp, ts, LAG(tp) OVER (PARTITION BY session_id ORDER BY ts) AS prev FROM e WHERE tp IS NOT NULL),
spans AS (SELECT session_id, tp, MIN(ts) AS first_ts, MAX(ts) AS last_ts FROM moves GROUP BY ALL),
steps(src, dst) AS (VALUES ('instagram-ad', 'search-result'), ('instagram-ad', 'product-page'),
  ('search-result', 'product-page'), ('product-page', 'size-chat'), ('product-page', 'cart'),
  ('size-chat', 'cart'), ('app-wishlist', 'cart'), ('cart', 'checkout'), ('checkout', 'order-confirmation')),
strays AS (SELECT DISTINCT m.session_id, m.prev, m.tp FROM moves AS m ANTI JOIN steps AS s ON s.src = m.prev AND s.dst = m.tp
  WHERE m.prev IS NOT NULL AND m.prev <> m.tp)
SELECT 'sessions', NULL, NULL, COUNT(DISTINCT session_id), NULL FROM read_parquet(?)
UNION ALL SELECT 'reach', tp, NULL, COUNT(*), NULL FROM spans GROUP BY tp
UNION ALL SELECT 'step', st.src, st.dst, COUNT(*), COUNT(*) FILTER (WHERE b.last_ts > a.first_ts)
  FROM steps AS st JOIN spans AS a ON a.tp = st.src LEFT JOIN spans AS b ON b.session_id = a.session_id AND b.tp = st.dst GROUP BY ALL
UNION ALL SELECT 'undeclared', prev, tp, COUNT(*), NULL FROM strays GROUP BY ALL
UNION ALL SELECT 'conformance', NULL, NULL, COUNT(DISTINCT session_id), (SELECT COUNT(DISTINCT session_id) FROM strays) FROM spans
''', [sys.argv[1], sys.argv[1]]).fetchall())
"""


def sizes() -> list[int]:
    return [int(n) for n in os.environ.get("JMAP_BENCH_MEASURE_EVENTS", "10000000,100000000").split(",")]


def run(work: Path) -> list[Row]:
    rows = []
    for events in sizes():
        parquet = work / f"events-{events}.parquet"
        generate(parquet, events)
        command = [JMAP, "measure", str(parquet), str(SAMPLE), "--format", "json", "-o", str(work / "out.json")]
        peers = {"hand-written DuckDB query: step counts only": [sys.executable, "-c", PEER, str(parquet)],
                 "hand-written DuckDB query: the same funnel figures": [sys.executable, "-c", SAME_FIGURES, str(parquet)]}
        repeat = 3 if events <= 20_000_000 else 1
        best: dict = {}
        for _ in range(repeat):  # interleaved, so a busy moment hurts every contender alike
            for name, argv in [("jmap", command), *peers.items()]:
                best[name] = min(best.get(name, float("inf")), best_of(argv, repeat=1))
        rss = peak_rss_kib(command)
        for name in peers:
            rows.append(Row(f"measure {events:,} events (Parquet)", best["jmap"], name, best[name],
                            "≤ 1.5× peer; memory < 2 GB",
                            f"{events / best['jmap']:,.0f} events/s; peak {rss / 1024:,.0f} MiB"))
    return rows
