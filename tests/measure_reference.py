"""`jmap measure`'s definitions computed the plain way, over rows in memory, for the tests to compare with.

Written from the README's definitions, independently of the SQL: a session's path is its events
in time order (ties: file order), each replaced by the touchpoint that claims it, unclaimed ones
dropped, repeats collapsed.
"""

from collections import Counter, defaultdict
from fnmatch import fnmatchcase

MAP = """\
jmap: 1
journey: {id: shop, title: Shop}
channels: [web]
stages:
  - id: browse
    name: Browse
    touchpoints:
      - {id: home, name: Home, channel: web, owner: t, events: [view_home], next: [product]}
      - {id: product, name: Product page, channel: web, owner: t, events: [{name: page_view, where: {page: "/p/*"}}], next: [cart]}
  - id: buy
    name: Buy
    touchpoints:
      - {id: cart, name: Cart, channel: web, owner: t, events: [add_to_cart, {name: page_view, where: {page: "/cart*"}}], next: [checkout]}
      - {id: checkout, name: Checkout, channel: web, owner: t, events: [begin_checkout], next: [order, cart]}
      - {id: order, name: Order, channel: web, owner: t, events: [purchase], conversion: true}
"""
CLAIMS = [("home", "view_home", None), ("product", "page_view", "/p/*"), ("cart", "add_to_cart", None),
          ("cart", "page_view", "/cart*"), ("checkout", "begin_checkout", None), ("order", "purchase", None)]
STEPS = [("home", "product"), ("product", "cart"), ("cart", "checkout"), ("checkout", "order"), ("checkout", "cart")]
STAGE_OF = {"home": "browse", "product": "browse", "cart": "buy", "checkout": "buy", "order": "buy"}
STAGE_STEPS = [("browse", "buy")]


def claim(row):
    for touchpoint, event, glob in CLAIMS:
        if row["event"] == event and (glob is None or fnmatchcase(row["page"], glob)):
            return touchpoint
    return None


def sessions_of(rows, gap_seconds=None):
    """Session id -> rows in time order (ties: file order)."""
    ordered = sorted(enumerate(rows), key=lambda item: (item[1]["ts"], item[0]))
    found = defaultdict(list)
    if gap_seconds is None:
        for _i, row in ordered:
            found[row["session_id"]].append(row)
        return found
    last, number = {}, Counter()
    for _i, row in ordered:
        user = row["user_id"]
        if user in last and row["ts"] - last[user] > gap_seconds:
            number[user] += 1
        last[user] = row["ts"]
        found[(user, number[user])].append(row)
    return found


def _after_first(path, a, b):
    return a in path and b in path[path.index(a) + 1:]


def measure(rows, by=None, gap_seconds=None):
    """Every figure, overall and (with `by`) per value of that column: {group: figures}."""
    groups = defaultdict(lambda: {"sessions": 0, "users": set(), "touchpoints": Counter(), "tp_users": defaultdict(set),
                                  "stages": Counter(), "steps": Counter(), "reached": Counter(),
                                  "stage_steps": Counter(), "stage_reached": Counter(),
                                  "undeclared": Counter(), "pathed": 0, "conforming": 0, "events": 0})
    unclaimed = Counter()
    for events in sessions_of(rows, gap_seconds).values():
        path = []
        for row in events:
            touchpoint = claim(row)
            if touchpoint is None:
                unclaimed[row["event"]] += 1
            elif not path or path[-1] != touchpoint:
                path.append(touchpoint)
        stage_path = [STAGE_OF[t] for t in path]
        user = events[0]["user_id"]
        keys = ["all"] + ([events[0][by]] if by else [])
        moves = {(a, b) for a, b in zip(path, path[1:])}
        strays = {move for move in moves if move not in STEPS}
        for key in keys:
            g = groups[key]
            g["sessions"] += 1
            g["events"] += len(events)
            g["users"].add(user)
            for t in set(path):
                g["touchpoints"][t] += 1
                g["tp_users"][t].add(user)
            for s in set(stage_path):
                g["stages"][s] += 1
            for a, b in STEPS:
                if a in path:
                    g["reached"][(a, b)] += 1
                    g["steps"][(a, b)] += _after_first(path, a, b)
            for a, b in STAGE_STEPS:
                if a in stage_path:
                    g["stage_reached"][(a, b)] += 1
                    g["stage_steps"][(a, b)] += _after_first(stage_path, a, b)
            for move in strays:
                g["undeclared"][move] += 1
            if path:
                g["pathed"] += 1
                g["conforming"] += not strays
    return groups, unclaimed


def retention(rows, window_days=90):
    """Cohort month -> (users, repeated) and the median days to a second conversion, the plain way."""
    from datetime import datetime, timezone
    from statistics import median

    conversions = defaultdict(list)
    for row in rows:
        if claim(row) == "order":
            conversions[row["user_id"]].append(row["ts"])
    last = max(row["ts"] for row in rows)
    window = window_days * 86400
    cohorts, gaps = defaultdict(lambda: [0, 0]), []
    for times in conversions.values():
        times.sort()
        first = times[0]
        later = [t for t in times if t > first]
        if later:
            gaps.append((later[0] - first) / 86400)
        if first + window <= last:
            month = datetime.fromtimestamp(first, tz=timezone.utc).strftime("%Y-%m")
            cohorts[month][0] += 1
            cohorts[month][1] += bool(later and later[0] <= first + window)
    return {m: tuple(v) for m, v in cohorts.items()}, (median(gaps) if gaps else None), len(conversions)
