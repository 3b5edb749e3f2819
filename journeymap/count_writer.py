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


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml means them, from the file's first nested mapping and list.

    A cheap look at the lines rather than ruamel's own guess, which parses the whole document again.
    """
    mapping = sequence = offset = None
    previous = None  # (indent, text) of the last line that opened a block (`key:`)
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if previous is not None and indent > previous:
            if stripped.startswith("- ") and sequence is None:
                offset = indent - previous
                rest = stripped[2:]
                sequence = offset + 2 + (len(rest) - len(rest.lstrip(" ")))
            elif not stripped.startswith("- ") and mapping is None:
                mapping = indent - previous
        if mapping is not None and sequence is not None:
            break
        previous = indent if stripped.rstrip().endswith(":") and not stripped.startswith("- ") else None
    mapping = mapping or 2
    return mapping, sequence or mapping, offset if offset is not None else 0


def _yaml(text: str):
    from ruamel.yaml import YAML

    mapping, sequence, offset = guess_indent(text)
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
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
