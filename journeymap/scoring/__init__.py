"""Numbers from evidence: the formulas and intervals (metrics), each touchpoint's estimates and experience score, and the roll-ups per stage, persona, channel and journey."""
