"""The flow render draws a measured step (a `conversion_to_<next>` KPI with its counts) by its traffic."""

import re

from helpers import jmap, small_map, touchpoint


def test_measured_steps_are_drawn_by_traffic_with_their_rate(tmp_path):
    text = small_map(
        touchpoint("a", next=["b", "c"], kpis={"conversion_to_b": {"successes": 300, "n": 400},
                                               "conversion_to_c": {"successes": 30, "n": 400}}),
        touchpoint("b"), touchpoint("c"), touchpoint("d", next=["b"]))
    (tmp_path / "m.jmap.yaml").write_text(text)
    done = jmap("render", tmp_path / "m.jmap.yaml", "--format", "dot")
    assert done.returncode == 0, done.stderr
    edges = {m.group(1) + m.group(2): m.group(3) for m in re.finditer(r'"tp:(\w)" -> "tp:(\w)" \[([^\]]*)\]', done.stdout)}
    assert 'penwidth="8.00"' in edges["ab"] and 'label="75 %"' in edges["ab"]
    assert 'penwidth="1.70"' in edges["ac"] and 'label="8 %"' in edges["ac"]
    assert "penwidth" not in edges["db"] and "label" not in edges["db"]  # not measured: drawn as before
