"""Semantic rules: one module each, with its code, severity, summary and documentation."""

from importlib import import_module

_MODULES = (
    "jm104_ranges",
    "jm201_duplicate_id",
    "jm202_unknown_persona",
    "jm203_unknown_channel",
    "jm204_unknown_next",
    "jm205_event_claimed_twice",
    "jm206_unknown_lane",
    "jm207_unknown_measured_touchpoint",
    "jm301_empty_stage",
    "jm302_persona_missing_in_stage",
    "jm303_no_owner",
    "jm304_pain_without_opportunity",
    "jm305_low_sample",
    "jm306_persona_shares",
    "jm307_backward_next",
    "jm308_unreachable",
    "jm309_omnichannel_hole",
    "jm310_under_target",
    "jm311_look_alike",
)

# In code order: the order findings at one position are reported in, and the order of the docs.
RULES = tuple(import_module(f"journeymap.checks.{name}") for name in _MODULES)
