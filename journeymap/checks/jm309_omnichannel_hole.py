"""JM309 channel used at some stages, missing at others (omnichannel hole).

What it does: finds, for each channel, the stages where it is missing although an earlier and
a later stage both use it. Info level: `report` shows it; `validate` only with `--show-info`.

Why it matters: a customer who meets the brand in the app at consideration and retention but
must switch to the web to buy is an omnichannel break, one of the commonest journey gaps.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web, mobile-app]
    stages:
      - id: consideration
        name: Consideration
        touchpoints:
          - {id: app-search, name: App search, channel: mobile-app, owner: app}
      - id: purchase   # JM309: channel 'mobile-app' is used before and after stage 'purchase' but not in it
        name: Purchase
        touchpoints:
          - {id: checkout, name: Checkout, channel: web, owner: ecommerce}
      - id: retention
        name: Retention
        touchpoints:
          - {id: app-orders, name: Orders in the app, channel: mobile-app, owner: app}
"""

from journeymap.base.diagnostics import Severity

CODE = "JM309"
SEVERITY = Severity.INFO
SUMMARY = "omnichannel hole"


def channel_holes(journey_map) -> list[tuple[int, str]]:
    """(stage index, channel id) for every hole, in stage order then channel order."""
    used = [{tp.channel for tp in stage.touchpoints} for stage in journey_map.stages]
    holes = []
    channels = [c.id for c in journey_map.channels]
    for i in range(len(used)):
        for channel in channels:
            if channel in used[i]:
                continue
            if any(channel in u for u in used[:i]) and any(channel in u for u in used[i + 1:]):
                holes.append((i, channel))
    return holes


def check(ctx):
    stages = ctx.map.stages
    for i, channel in channel_holes(ctx.map):
        yield ("stages", i), f"channel {channel!r} is used before and after stage {stages[i].id!r} but not in it"
