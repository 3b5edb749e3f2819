"""Hypothesis strategies that break the sample map in every way a hand edit could, shared by the fuzz tests.

`JMAP_FUZZ_EXAMPLES` sets the budget (`make fuzz` runs the same properties with a large one).
"""

from __future__ import annotations

import copy
import os

import yaml
from hypothesis import HealthCheck, settings, strategies as st

from helpers import SAMPLE

EXAMPLES = int(os.environ.get("JMAP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
SAMPLE_DATA = yaml.safe_load(SAMPLE.read_text())


def paths(node, prefix=()):
    """Every path in loaded data, the root's () first."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, prefix + (i,))


def parent(data, path):
    """The container that holds the value at `path`."""
    for part in path[:-1]:
        data = data[part]
    return data


REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.lists(st.integers(-3, 300), max_size=12),
    st.dictionaries(st.sampled_from(["id", "name", "channel", "value", "n", "counts", "x"]), st.integers(-2, 5), max_size=3),
    st.just("<script>alert(1)</script>"), st.just("a" * 5000), st.just("]; a -> b ["),
)


@st.composite
def mutated_maps(draw):
    """The sample map after one to four deletions, replacements, duplications, swaps or renames."""
    data = copy.deepcopy(SAMPLE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        found = [p for p in paths(data) if p]
        path = draw(st.sampled_from(found))
        holder, last = parent(data, path), path[-1]
        action = draw(st.sampled_from(["delete", "replace", "duplicate", "swap", "rename"]))
        if action == "delete":
            del holder[last]
        elif action == "replace":
            holder[last] = draw(REPLACEMENTS)
        elif action == "duplicate" and isinstance(holder, list):
            holder.insert(last, copy.deepcopy(holder[last]))
        elif action == "swap":
            other = draw(st.sampled_from(found))
            other_holder = parent(data, other)
            if other[:len(path)] != path and path[:len(other)] != other:
                holder[last], other_holder[other[-1]] = copy.deepcopy(other_holder[other[-1]]), copy.deepcopy(holder[last])
        elif action == "rename" and isinstance(holder, dict):
            holder[draw(st.sampled_from(["satisfacton", "nmae", "id", "next", "owner", "Stages"]))] = holder.pop(last)
    return data
