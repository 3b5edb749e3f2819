"""Write a synthetic, valid journey map with N touchpoints (for benchmarks and scale tests)."""

import random
import sys

STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy"]
CHANNELS = ["web", "mobile-app", "email", "social", "chat"]


PERSONAS = [("new-visitor", "New visitor"), ("returning", "Returning customer"), ("mobile-shopper", "Mobile shopper"),
            ("gift-buyer", "Gift buyer")]
SHARES = {2: [0.65, 0.35], 4: [0.4, 0.3, 0.2, 0.1]}


def _next_steps(ids: list, s: int, i: int, branching: bool) -> list:
    """The next touchpoints of ids[s][i]. Branching: every fourth touchpoint forks into two
    alternatives (neither leads to the other) that meet again at the touchpoint after them."""
    stage = ids[s]
    following = stage[i + 1] if i + 1 < len(stage) else (ids[s + 1][0] if s + 1 < len(ids) and ids[s + 1] else None)
    if branching and i % 4 == 0 and i + 3 < len(stage):
        return [stage[i + 1], stage[i + 2]]
    if branching and i % 4 == 1 and i + 2 < len(stage):
        return [stage[i + 2]]
    return [following] if following else []


def _served(i: int, n: int, personas: list, branching: bool) -> list:
    """Who meets a touchpoint: on a fork, the first alternative serves every other persona from the
    first, the second the rest; elsewhere everyone."""
    if branching and i % 4 in (1, 2) and i - i % 4 + 3 < n:
        return personas[i % 4 - 1::2]
    return personas


def generate(touchpoints: int, seed: int = 7, personas: int = 2, branching: bool = False) -> str:
    rng = random.Random(seed)
    people = [pid for pid, _name in PERSONAS[:personas]]
    per_stage = [touchpoints // len(STAGES)] * len(STAGES)
    for i in range(touchpoints % len(STAGES)):
        per_stage[i] += 1
    ids = [[f"{stage}-tp-{i}" for i in range(n)] for stage, n in zip(STAGES, per_stage)]
    out = [
        "jmap: 1",
        "journey:",
        f"  id: generated-{touchpoints}",
        f"  title: Generated journey with {touchpoints} touchpoints",
        "  owner: cx-team",
        "targets: {csat: 0.80, nps: 30, ces: 5.0}",
        "personas:",
        *(f"  - {{id: {pid}, name: {name}, share: {share}}}" for (pid, name), share in zip(PERSONAS, SHARES[personas])),
        "channels: [" + ", ".join(CHANNELS) + "]",
        "stages:",
    ]
    for s, stage in enumerate(STAGES):
        out += [f"  - id: {stage}", f"    name: {stage.title()}", "    touchpoints:"]
        for i, tp in enumerate(ids[s]):
            # mostly satisfied customers, as on a real map: a few touchpoints fall under target
            counts = [rng.randint(0, 8), rng.randint(0, 10), rng.randint(5, 20), rng.randint(30, 80), rng.randint(40, 120)]
            out += [
                f"      - id: {tp}",
                f"        name: Touchpoint {s}.{i}",
                f"        channel: {CHANNELS[(s + i) % len(CHANNELS)]}",
                f"        personas: [{', '.join(_served(i, len(ids[s]), people, branching))}]",
                f"        owner: team-{i % 7}",
                f"        reach: {rng.randint(100, 100000)}",
                f"        emotion: {rng.randint(-2, 2)}",
                "        satisfaction:",
                f"          csat: {{counts: {counts}}}",
                f"          nps: {{promoters: {rng.randint(40, 90)}, passives: {rng.randint(5, 30)}, detractors: {rng.randint(0, 20)}}}",
                f"          ces: {{value: {rng.uniform(4.5, 7):.2f}, n: {rng.randint(30, 90)}}}",
                "        kpis:",
                f"          conversion_rate: {{value: {rng.uniform(0, 0.1):.3f}, target: 0.05}}",
                f"        pains: [Pain number {i} at this step]",
                f"        opportunities: [Fix pain number {i}]",
            ]
            following = _next_steps(ids, s, i, branching)
            if following:
                out.append(f"        next: [{', '.join(following)}]")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # genmap.py N [PERSONAS] [branching]
    sys.stdout.write(generate(int(sys.argv[1]), personas=int(sys.argv[2]) if len(sys.argv) > 2 else 2,
                              branching=len(sys.argv) > 3 and sys.argv[3] == "branching"))
