"""Text that looks the same is not the same: JM311, invisible characters shown in terminal and
Markdown output, CSV cells neutralised past what a spreadsheet skips, blank names drawn visibly."""

import csv
import io
import os
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from helpers import JMAP, SAMPLE, check
from journeymap.base.textsafe import csv_cell, inert
from journeymap.outputs.render.dot import BLANK, clean

NFD_CAFE = unicodedata.normalize("NFD", "Café")


def sample_with(old: str, new: str) -> str:
    text = SAMPLE.read_text()
    assert old in text, old
    return text.replace(old, new, 1)


def jm311(text):
    import textwrap  # check() dedents; the sample is not indented, so this is a no-op

    return [(d.line, d.column, d.message) for d in check(textwrap.dedent(text)) if d.code == "JM311"]


@pytest.mark.parametrize("old,new,position,start", [
    # a touchpoint named like the first one, with a zero-width space
    ("name: Search result", 'name: "Instagram\\u200b ad"', (45, 15), "touchpoint name 'Instagram\\u200b ad' looks like "
     "'Instagram ad' at stages[0].touchpoints[0].name"),
    # NFD against NFC
    ("{id: returning, name: Returning customer", "{id: returning, name: \"" + "Cafe\\u0301" + "\"",
     (15, 27), "persona name 'Cafe\\u0301' looks like 'Caf\\xe9' at personas[0].name"),
    # full-width letters in a stage name
    ("name: Consideration", 'name: "Ａｗａｒｅｎｅｓｓ"', (56, 11), "stage name 'Ａｗａｒｅｎｅｓｓ' looks like 'Awareness'"),
    # a TAG character inside a KPI key
    ("click_through_rate: {value: 0.021", '"click_through_rate\\U000E0041": {value: 0.021', None, None),
])
def test_look_alikes_are_jm311(old, new, position, start):
    text = sample_with(old, new)
    if old.startswith("{id: returning"):
        text = text.replace("{id: new-visitor, name: New visitor", "{id: new-visitor, name: Café", 1)
    if old.startswith("click_through_rate"):
        text = text.replace("kpis:\n", "kpis:\n          click_through_rate: {value: 0.5}\n", 1)
    found = jm311(text)
    assert len(found) == 1, found
    if position:
        assert found[0][:2] == position
        assert found[0][2].startswith(start)


def test_the_same_text_twice_is_not_a_look_alike_and_the_sample_is_clean():
    assert jm311(SAMPLE.read_text()) == []
    assert jm311(sample_with("name: Search result", "name: Instagram ad")) == []


def test_validate_cli_reports_jm311_as_a_warning(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(sample_with("name: Search result", 'name: "Instagram\\u200b ad"'))
    done = subprocess.run(JMAP + ["validate", "-f", "parsable", "--strict", str(path)],
                          capture_output=True, text=True, timeout=60)
    lines = [line for line in done.stdout.splitlines() if "JM311" in line]
    assert done.returncode == 1 and lines == [
        f"{path}:45:15: [warning] touchpoint name 'Instagram\\u200b ad' looks like 'Instagram ad' at "
        "stages[0].touchpoints[0].name but is not the same text (Unicode normalisation or invisible "
        "characters) (JM311)"]


@pytest.mark.parametrize("char,shown", [("\u200b", "\\u200b"), ("\u200d", "\\u200d"), ("\u200e", "\\u200e"),
                                        ("\u2060", "\\u2060"), ("\ufeff", "\\ufeff"), ("\u202e", "\\u202e"),
                                        ("\u2067", "\\u2067"), ("\U000e0041", "\\U000e0041"), ("\u061c", "\\u061c")])
def test_invisible_and_bidi_characters_are_shown(char, shown):
    assert inert(f"pay{char}ment") == f"pay{shown}ment"


def test_report_markdown_and_score_table_show_them(tmp_path):
    path = tmp_path / "m.jmap.yaml"
    path.write_text(sample_with("owner: marketing", 'owner: "mark\\u200beting\\u202e"'))
    markdown = subprocess.run(JMAP + ["report", "-f", "markdown", str(path)], capture_output=True, text=True,
                              timeout=60)
    table = subprocess.run(JMAP + ["report", "--by", "owner", str(path)], capture_output=True, text=True,
                           timeout=60, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    for out in (markdown.stdout, table.stdout):
        assert "\u200b" not in out and "\u202e" not in out
    assert "| mark\\\\u200beting\\\\u202e |" in markdown.stdout  # the backslash itself escaped for Markdown
    assert "mark\\u200beting\\u202e" in table.stdout


@pytest.mark.parametrize("cell", ["=1+1", " =1+1", "\t=1+1", "\u00a0=1+1", "\u200b=1+1", "\ufeff=1+1",
                                  "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\u3000=1", "\u202e=1",
                                  "\r=1", "\n=1", "\ufe62 1"])
def test_csv_cells_are_neutralised_past_leading_blanks_and_folded_forms(cell):
    assert csv_cell(cell).startswith("'")


@pytest.mark.parametrize("cell", ["Checkout", "1+1", "a=b", " plain"])
def test_ordinary_cells_stay_as_they_are(cell):
    assert csv_cell(cell) == inert(cell)


def test_a_leading_tab_is_neutralised_not_turned_into_a_bare_formula():
    assert csv_cell("\t=1+1") == "' =1+1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\u00a0", "\u200b", "\ufeff", "\u3000", "\u202e", "\r"]),
               max_size=4), st.sampled_from(["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]),
       st.text(max_size=10))
def test_no_cell_reaches_a_spreadsheet_as_a_formula(blanks, start, rest):
    cell = csv_cell(blanks + start + rest)
    assert cell.startswith("'")
    row = next(csv.reader(io.StringIO(_one_row(cell))))
    assert row == [cell]


def _one_row(cell: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([cell])
    return out.getvalue()


@pytest.mark.parametrize("name", ["\a", "\x1b[0m", "   ", "\u200b\u202e"])
def test_a_name_that_cleans_to_nothing_is_drawn_as_a_placeholder(name):
    assert clean(name) == BLANK
    assert clean("") == ""


@pytest.mark.parametrize("command", [["render", "--format", "svg"], ["render", "--view", "lanes", "--format", "svg"],
                                     ["export", "--format", "html"]])
def test_render_and_html_export_draw_blank_names(tmp_path, command):
    path = tmp_path / "m.jmap.yaml"
    text = sample_with("name: Instagram ad", 'name: "\\a"')
    path.write_text(text.replace("name: Awareness", 'name: "\\e[0m"', 1).replace("{id: email, name: Email}",
                                                                                  '{id: email, name: "\\a"}', 1))
    done = subprocess.run(JMAP + command + [str(path), "-o", str(tmp_path / "out")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out").read_text().count(BLANK) >= 2
