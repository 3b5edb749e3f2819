"""JM203 unknown channel.

What it does: checks that every touchpoint's `channel` is listed under `channels`.

Why it matters: the channel list is the map's statement of where the brand meets customers;
the omnichannel matrix, roll-ups and renders group by it. A channel typed as `e-mail` in one
place and `email` in another splits one channel in two.

Example:
    jmap: 1
    journey: {id: shop, title: Online store}
    channels: [web, email]
    stages:
      - id: retention
        name: Retention
        touchpoints:
          - id: order-confirmation
            name: Order confirmation
            channel: e-mail   # JM203: unknown channel 'e-mail' (did you mean 'email'?)
            owner: crm
"""

from journeymap.base.diagnostics import Severity
from journeymap.base.suggest import did_you_mean

CODE = "JM203"
SEVERITY = Severity.ERROR
SUMMARY = "unknown channel"


def check(ctx):
    known = [c.id for c in ctx.map.channels]
    declared = set(known)
    for s, t, _stage, tp in ctx.map.touchpoints():
        if tp.channel not in declared:
            hint = did_you_mean(tp.channel, known) or " (add it to `channels`)"
            yield ctx.touchpoint_path(s, t) + ("channel",), f"unknown channel {tp.channel!r}{hint}"
