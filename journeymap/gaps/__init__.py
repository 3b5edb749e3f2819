"""The gap analysis behind `jmap report`: plain data, no printing.

`analyse()` returns a GapReport: every metric and KPI under target ranked by priority
(see `gaps.priority`), the coverage matrices and their holes, the open lists (pains with no
opportunity, touchpoints with no owner, low-sample scores) and the flow problems.
Filters narrow what is listed; shares and priorities are always those of the whole map,
so a gap ranks the same with or without a filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from journeymap.checks.base import MapContext
from journeymap.checks.jm303_no_owner import has_owner
from journeymap.checks.jm304_pain_without_opportunity import unanswered_pains
from journeymap.checks.jm305_low_sample import low_samples
from journeymap.gaps.coverage import Coverage, Matrix, coverage
from journeymap.gaps.flow import Drop, Flow, Jump, flow
from journeymap.gaps.summary import Summary, summary
from journeymap.gaps.under_target import Gap, find_gaps
from journeymap.load.settings import Settings

__all__ = ["GapReport", "Gap", "Coverage", "Matrix", "Summary", "Flow", "Jump", "Drop", "UnknownFilter",
           "NO_OWNER", "analyse", "ranked", "by_owner"]

NO_OWNER = "(no owner)"


class UnknownFilter(ValueError):
    """A --persona or --stage the map does not declare."""


@dataclass(frozen=True)
class LowSample:
    touchpoint: str
    metric: str
    n: int


@dataclass(frozen=True)
class GapReport:
    journey: str
    title: str
    persona: Optional[str]
    stage: Optional[str]
    low_sample_threshold: int
    summary: Summary
    gaps: tuple[Gap, ...]  # every gap, highest priority first
    coverage: Coverage
    pains_without_opportunity: tuple[tuple[str, str], ...]  # (touchpoint, pain)
    unowned: tuple[str, ...]
    low_samples: tuple[LowSample, ...]
    flow: Flow
    currency: Optional[str] = None  # of the money at stake, when the map declares a value per customer
    period: Optional[str] = None

    @property
    def significant_gaps(self) -> int:
        return sum(1 for gap in self.gaps if gap.significant)


def analyse(journey_map, settings: Settings = Settings(), persona: Optional[str] = None,
            stage: Optional[str] = None, context: Optional[MapContext] = None, scores=None) -> GapReport:
    """The gap report. One context serves the scores, the gaps and the checks it reuses, so each
    touchpoint's estimates and targets are worked out once per run; pass `scores` when the caller
    already has them (they must come from the same map and settings)."""
    from journeymap.scoring.rollups import score_map

    context = context if context is not None else MapContext(journey_map, settings)
    _check_filter("persona", persona, context.persona_ids())
    _check_filter("stage", stage, [s.id for s in journey_map.stages])
    persona_view = {tp.id for _s, _t, _st, tp in journey_map.touchpoints()
                    if persona is None or persona in context.serves(tp)}
    selected = {tp.id for _s, _t, st, tp in journey_map.touchpoints()
                if tp.id in persona_view and (stage is None or st.id == stage)}
    ordered = [(st, tp) for _s, _t, st, tp in journey_map.touchpoints() if tp.id in selected]
    stages = journey_map.stages
    return GapReport(
        journey=journey_map.journey.id,
        title=journey_map.journey.title,
        persona=persona,
        stage=stage,
        low_sample_threshold=settings.low_sample,
        summary=summary(scores if scores is not None else score_map(journey_map, settings, context), persona, stage),
        gaps=tuple(g for g in find_gaps(context) if g.touchpoint in selected),
        coverage=coverage(context, persona, stage),
        pains_without_opportunity=tuple((tp.id, pain) for _st, tp in ordered for pain in unanswered_pains(tp)),
        unowned=tuple(tp.id for _st, tp in ordered if not has_owner(tp)),
        low_samples=tuple(LowSample(stages[s].touchpoints[t].id, metric, n)
                          for s, t, metric, n in low_samples(journey_map, settings.low_sample, context.estimates)
                          if stages[s].touchpoints[t].id in selected),
        flow=flow(context, selected, persona_view, persona),
        currency=journey_map.journey.currency,
        period=journey_map.journey.period,
    )


def ranked(gaps, top: int) -> list[tuple[int, Gap]]:
    """(rank, gap) of the first `top` gaps; top 0 means all."""
    numbered = list(enumerate(gaps, start=1))
    return numbered if top <= 0 else numbered[:top]


def by_owner(gaps, top: int) -> list[tuple[str, list[tuple[int, Gap]]]]:
    """The ranked list split per owning team, each team's top `top`; teams in order of their most
    urgent gap, so the team that should start first is listed first. Ranks stay the overall ones."""
    groups: dict[str, list[tuple[int, Gap]]] = {}
    for rank, gap in ranked(gaps, 0):
        groups.setdefault(gap.owner or NO_OWNER, []).append((rank, gap))
    return [(owner, items if top <= 0 else items[:top]) for owner, items in groups.items()]


def _check_filter(kind: str, value: Optional[str], known: list[str]) -> None:
    if value is not None and value not in known:
        from journeymap.base.suggest import did_you_mean

        raise UnknownFilter(f"unknown {kind} {value!r}{did_you_mean(value, known)}"
                            + ("" if known else f" (the map declares no {kind}s)"))
