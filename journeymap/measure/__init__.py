"""`jmap measure`: the journey customers actually take, computed from raw events.

`plan` says what to measure (the map's claims, steps and stages, and the user's options);
`query` writes the one SQL definition of every figure; an engine (`duck`, `spark`) runs it where
the events live; `result` turns its small aggregated table into figures with intervals. Nothing
here prints, and no engine hands the event rows to Python.
"""
