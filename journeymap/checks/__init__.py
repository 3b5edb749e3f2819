"""Semantic rules: one module each, with its code, severity, summary and documentation."""

from journeymap.checks import (
    jm104_ranges,
    jm201_duplicate_id,
    jm202_unknown_persona,
    jm203_unknown_channel,
    jm204_unknown_next,
    jm301_empty_stage,
    jm302_persona_missing_in_stage,
    jm303_no_owner,
    jm304_pain_without_opportunity,
    jm305_low_sample,
    jm306_persona_shares,
    jm307_backward_next,
    jm308_unreachable,
    jm309_omnichannel_hole,
    jm310_under_target,
)

RULES = (
    jm104_ranges,
    jm201_duplicate_id,
    jm202_unknown_persona,
    jm203_unknown_channel,
    jm204_unknown_next,
    jm301_empty_stage,
    jm302_persona_missing_in_stage,
    jm303_no_owner,
    jm304_pain_without_opportunity,
    jm305_low_sample,
    jm306_persona_shares,
    jm307_backward_next,
    jm308_unreachable,
    jm309_omnichannel_hole,
    jm310_under_target,
)
