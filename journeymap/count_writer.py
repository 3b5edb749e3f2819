"""Write imported answer counts into a map's `satisfaction` blocks, keeping everything else as it was.

ruamel.yaml's round trip keeps comments, blank lines, key order and quoting; the indentation is
taken from the file itself. New counts are written as flow lists `[1, 2, 3, 4, 5]`.
"""

from __future__ import annotations

import io

from journeymap.importer import ImportProblem

# A new `satisfaction` block goes before the first of these keys, so it sits beside `emotion`.
_AFTER_SATISFACTION = ("targets", "kpis", "pains", "opportunities", "next")


def _flow_list(values):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flow_map(**items):
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def _yaml(text: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _data, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=block_seq_indent or 2, sequence=indent or 2, offset=block_seq_indent or 0)
    return yaml


def _touchpoint_nodes(document) -> dict:
    found = {}
    for stage in document.get("stages") or []:
        for touchpoint in stage.get("touchpoints") or []:
            found.setdefault(touchpoint.get("id"), touchpoint)
    return found


def _satisfaction_node(touchpoint):
    from ruamel.yaml.comments import CommentedMap

    node = touchpoint.get("satisfaction")
    if node is None:
        node = CommentedMap()
        keys = list(touchpoint.keys())
        position = next((keys.index(k) for k in _AFTER_SATISFACTION if k in keys), len(keys))
        touchpoint.insert(position, "satisfaction", node)
    return node


def merge(old, imported: list[int], metric: str, replace: bool):
    """The metric's new content, changed in place where it exists; None when adding is impossible."""
    if old is None:
        return _flow_map(counts=_flow_list(imported))
    if replace:
        for key in [k for k in old if k != "counts"]:
            del old[key]
        old["counts"] = _flow_list(imported)
        return old
    if old.get("counts") is not None:
        old["counts"] = _flow_list([a + b for a, b in zip(old["counts"], imported)])
        return old
    if metric == "nps" and all(old.get(k) is not None for k in ("promoters", "passives", "detractors")):
        old["promoters"] += sum(imported[9:11])
        old["passives"] += sum(imported[7:9])
        old["detractors"] += sum(imported[0:7])
        return old
    return None  # value and n: the answers behind the value are unknown, counts cannot be added


def rewrite(text: str, counts: dict, replace: bool = False) -> str:
    """The map's text with `counts` ((touchpoint, metric) -> answer counts) added or set."""
    yaml = _yaml(text)
    document = yaml.load(text)
    touchpoints = _touchpoint_nodes(document)
    impossible = []
    for (touchpoint_id, metric), imported in counts.items():
        satisfaction = _satisfaction_node(touchpoints[touchpoint_id])
        merged = merge(satisfaction.get(metric), imported, metric, replace)
        if merged is None:
            impossible.append(f"{touchpoint_id}.{metric}")
        elif satisfaction.get(metric) is not merged:
            satisfaction[metric] = merged
    if impossible:
        raise ImportProblem(f"cannot add counts to a score given as value and n ({', '.join(impossible)}); "
                            "use --replace to set the counts from the file")
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
