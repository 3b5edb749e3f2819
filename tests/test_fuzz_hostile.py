"""Property tests for the hostile classes of input: configuration patterns, huge integers,
look-alike text and anchored counts. `make fuzz` runs them with a large budget
(JMAP_FUZZ_EXAMPLES); `make test` with the default one."""

import time
import unicodedata

from hypothesis import given, strategies as st

from helpers import SAMPLE
from helpers.mutations import FUZZ
from journeymap.base.textsafe import FORMULA_START, INVISIBLE, csv_cell, inert, without_invisibles
from journeymap.checks.validation import validate_bytes
from journeymap.importing.count_writer import rewrite
from journeymap.load.config import ConfigError, settings_from
from journeymap.load.discovery import IgnoreRules
from journeymap.load.loader import load

# ------------------------------------------------------------------ configuration patterns

PATTERN_PIECES = st.sampled_from(["a", "b", "*", "**", "?", "/", "[", "]", "!", "-", "^", "\\", "z", ".", "[a-c]",
                                  "[z-a]", "[[a]", "[!b]", " ", "#"])
PATTERN = st.lists(PATTERN_PIECES, max_size=24).map("".join)


def _locate(where, on_key):
    return 3, 7


@FUZZ
@given(st.lists(PATTERN, min_size=1, max_size=5), st.lists(st.sampled_from(["a", "b", "ab", "aaaaaaaaaaaaaaaaaab",
                                                                         "z.jmap.yaml", "x"]),
                                                       min_size=1, max_size=12))
def test_any_ignore_pattern_is_accepted_or_refused_at_its_place_and_matches_fast(patterns, parts):
    try:
        settings = settings_from({"ignore": patterns}, ".jmap.yaml", _locate)
    except ConfigError as error:
        assert str(error).startswith(".jmap.yaml:3:7: ")
        return
    rules = IgnoreRules(settings.ignore, "/r")
    started = time.perf_counter()
    rules.ignored("/r/" + "/".join(parts), is_dir=False)
    rules.ignored("/r/" + "a" * 200 + "b", is_dir=True)
    assert time.perf_counter() - started < 0.5


# ------------------------------------------------------------------ huge integers

PLACES = ["reach: 120000", "csat: {counts: [4, 6, 20, 50, 40]}", "promoters: 60", "emotion: 1"]


@FUZZ
@given(st.sampled_from(PLACES), st.integers(min_value=1, max_value=6000), st.sampled_from(["", "0x", "0o", "-", "+"]),
       st.sampled_from("123456789"))
def test_a_huge_integer_anywhere_is_a_jm104_never_a_crash(place, digits, prefix, digit):
    number = prefix + digit * digits if prefix not in ("0o",) else prefix + "7" * digits
    text = SAMPLE.read_text()
    assert place in text
    value = place.split(":", 1)[0] + ": " + (f"{{counts: [{number}, 6, 20, 50, 40]}}" if "counts" in place else number)
    result = validate_bytes(text.replace(place, value, 1).encode(), "m")
    significant = len(number.lstrip("+-").removeprefix("0x").removeprefix("0o").lstrip("0"))
    if significant > 16:
        assert "JM104" in {d.code for d in result.diagnostics}
        assert result.map is None


# ------------------------------------------------------------------ look-alike text

HIDDEN = st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202e", "\U000e0041", "\u00ad",
                          "\uff21", "e\u0301", "\u00e9", " "])
NAME = st.lists(st.one_of(st.sampled_from(list("AbcEe ")), HIDDEN), min_size=1, max_size=8).map("".join)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", without_invisibles(text))


@FUZZ
@given(NAME, NAME)
def test_jm311_fires_exactly_for_look_alike_touchpoint_names(first, second):
    text = SAMPLE.read_text()
    text = text.replace("name: Instagram ad", "name: " + _yaml(first), 1)
    text = text.replace("name: Search result", "name: " + _yaml(second), 1)
    result = validate_bytes(text.encode("utf-8"), "m")
    found = [d for d in result.diagnostics if d.code == "JM311" and d.path[-1] == "name" and "touchpoint" in d.message]
    first_loaded, second_loaded = (load(text.encode(), "m").data["stages"][0]["touchpoints"][i]["name"] for i in (0, 1))
    if isinstance(first_loaded, str) and isinstance(second_loaded, str) and result.map is not None:
        expected = first_loaded != second_loaded and _fold(first_loaded) == _fold(second_loaded)
        assert bool(found) == expected, (first_loaded, second_loaded, found)
    for d in result.diagnostics:
        assert not set(inert(d.message)) & set(_invisible_chars())


def _yaml(text: str) -> str:
    return '"' + "".join(f"\\U{ord(c):08x}" if not c.isascii() else c for c in text) + '"'


def _invisible_chars():
    return ["\u200b", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202e", "\U000e0041", "\u00ad"]


@FUZZ
@given(st.lists(HIDDEN | st.sampled_from(["\t", "\u3000", "\u00a0", "\r"]), max_size=4),
       st.sampled_from(["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe62", "a", "1"]),
       st.text(max_size=8))
def test_csv_cells_never_start_a_formula_and_show_no_invisible(prefix, start, rest):
    cell = csv_cell("".join(prefix) + start + rest)
    skipped = cell.lstrip("'")
    if not cell.startswith("'"):
        probe = unicodedata.normalize("NFKC", skipped.lstrip())
        assert not probe.startswith(FORMULA_START)
    assert not any(c in cell for c in _invisible_chars()), INVISIBLE


# ------------------------------------------------------------------ anchored counts

def _shared_map(sharing: list[str]) -> str:
    """Touchpoints t0..tn: t0 anchors its CSAT counts; each later one aliases it, merges it or owns its own."""
    lines = ["jmap: 1", "journey: {id: j, title: J}", "channels: [web]", "x-defaults:",
             "  sat: &sat", "    nps: {promoters: 1, passives: 2, detractors: 3}", "stages:", "  - id: s",
             "    name: S", "    touchpoints:"]
    for i, how in enumerate(["anchor"] + sharing):
        lines += [f"      - id: t{i}", f"        name: T{i}", "        channel: web", "        owner: o",
                  "        satisfaction:"]
        if how == "anchor":
            lines += ["          csat: &empty {counts: [0, 0, 0, 0, 0]}"]
        elif how == "alias":
            lines += ["          csat: *empty"]
        elif how == "merge":
            lines += ["          <<: *sat", "          ces: {counts: [1, 1, 1, 1, 1, 1, 1]}"]
        else:
            lines += ["          csat: {counts: [1, 1, 1, 1, 1]}"]
    return "\n".join(lines) + "\n"


def _satisfaction(text: str) -> dict:
    data = load(text.encode(), "m").data
    return {tp["id"]: tp["satisfaction"] for tp in data["stages"][0]["touchpoints"]}


@FUZZ
@given(st.lists(st.sampled_from(["alias", "merge", "own"]), min_size=1, max_size=5), st.data())
def test_importing_into_shared_counts_changes_only_the_touchpoint_imported_into(sharing, data):
    text = _shared_map(sharing)
    target = data.draw(st.integers(min_value=0, max_value=len(sharing)))
    metric = data.draw(st.sampled_from(["csat", "nps"]))
    size = 5 if metric == "csat" else 11
    answers = data.draw(st.lists(st.integers(min_value=0, max_value=3), min_size=size, max_size=size))
    before = _satisfaction(text)
    tp = f"t{target}"
    notes = []
    try:
        after = _satisfaction(rewrite(text, {(tp, metric): answers}, notes=notes))
    except Exception as error:  # only the documented refusal: value-and-n scores cannot take counts
        assert "value and n" in str(error)
        return
    assert {k: v for k, v in after.items() if k != tp} == {k: v for k, v in before.items() if k != tp}
    old = before[tp].get(metric)
    new = after[tp][metric]
    if old is None:
        assert new == {"counts": answers}
    elif "counts" in old:
        assert new["counts"] == [a + b for a, b in zip(old["counts"], answers)]
    else:
        assert sum(new[g] for g in ("promoters", "passives", "detractors")) == \
            sum(old[g] for g in ("promoters", "passives", "detractors")) + sum(answers)
