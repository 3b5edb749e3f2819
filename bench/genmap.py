"""Write a synthetic, valid journey map with N touchpoints (for benchmarks and scale tests)."""

import random
import sys

STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy"]
CHANNELS = ["web", "mobile-app", "email", "social", "chat"]


def generate(touchpoints: int, seed: int = 7) -> str:
    rng = random.Random(seed)
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
        "  - {id: new-visitor, name: New visitor, share: 0.65}",
        "  - {id: returning, name: Returning customer, share: 0.35}",
        "channels: [" + ", ".join(CHANNELS) + "]",
        "stages:",
    ]
    for s, stage in enumerate(STAGES):
        out += [f"  - id: {stage}", f"    name: {stage.title()}", "    touchpoints:"]
        for i, tp in enumerate(ids[s]):
            following = ids[s][i + 1] if i + 1 < len(ids[s]) else (ids[s + 1][0] if s + 1 < len(STAGES) and ids[s + 1] else None)
            # mostly satisfied customers, as on a real map: a few touchpoints fall under target
            counts = [rng.randint(0, 8), rng.randint(0, 10), rng.randint(5, 20), rng.randint(30, 80), rng.randint(40, 120)]
            out += [
                f"      - id: {tp}",
                f"        name: Touchpoint {s}.{i}",
                f"        channel: {CHANNELS[(s + i) % len(CHANNELS)]}",
                "        personas: [new-visitor, returning]",
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
            if following:
                out.append(f"        next: [{following}]")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1])))
