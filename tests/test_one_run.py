"""One run shows every problem, as far as the map parses, each with the hint a user needs to
fix it at once: a map with problems of nine kinds gets every one of them from one run."""

from helpers import check

BROKEN = """\
jmap: 1
journey: {id: shop, title: Shop}
personas:
  - {id: new-visitor, name: New visitor, segment: Gen Z, mobile first}
channels: [web]
stages:
  - id: purchase
    name: Purchase
    touchpoints:
      - id: bag
        name: Bag
        channel: web
        owner: ecommerce
        reach: lots
        next: [bag]
      - id: checkout
        channel: web
        owner: ecommerce
        personas: [new-visitr]
        satisfaction:
          csat: {value: 78, n: 200}
        next: [confirmation]
      - id: confirmation
        name: Confirmation
        channel: emial
        owner: crm
        pains: [No order number]
        satisfacton: {csat: {counts: [1, 1, 1, 1, 1]}}
      - id: confirmation
        name: Confirmation again
        channel: web
"""


def test_nine_kinds_of_problem_in_one_run_each_with_its_hint():
    found = [(d.line, d.code, d.message) for d in sorted(check(BROKEN), key=lambda d: (d.line, d.column))]
    assert found == [
        (4, "JM103", "unknown field 'mobile first' (the value of 'segment' holds ', ' or ': ' and was split "
                     "there: quote it, segment: \"Gen Z, mobile first\")"),
        (14, "JM102", "'reach' should be a whole number (got 'lots')"),
        (15, "JM204", "touchpoint 'bag' lists itself in next (next names where customers go on to)"),
        (16, "JM101", "touchpoint 'checkout': field 'name' is missing"),
        (19, "JM202", "unknown persona 'new-visitr' (did you mean 'new-visitor'?)"),
        (21, "JM104", "stages[0].touchpoints[1].satisfaction.csat.value: input should be less than or equal "
                      "to 1 (got 78); did you mean 0.78? CSAT is a fraction 0-1"),
        (25, "JM203", "unknown channel 'emial' (add it to `channels`)"),
        (27, "JM304", "pain at 'confirmation' has no opportunity: No order number"),
        (28, "JM103", "unknown field 'satisfacton' (did you mean 'satisfaction'?)"),
        (29, "JM303", "touchpoint 'confirmation' has no owner"),
        (29, "JM201", "touchpoint id 'confirmation' is already used by stages[0].touchpoints[2]"),
    ]
    assert len({code for _line, code, _m in found}) == 10  # nine kinds of error, and two warnings


def test_a_self_link_is_its_own_finding_with_no_cascade_of_unreachable_ones():
    text = BROKEN.split("      - id: checkout")[0].replace("        reach: lots\n", "") + """\
      - id: checkout
        name: Checkout
        channel: web
        owner: ecommerce
        next: [done]
      - id: done
        name: Done
        channel: web
        owner: ecommerce
"""
    text = text.replace(", segment: Gen Z, mobile first", "")
    found = [(d.line, d.code) for d in check(text)]
    assert found == [(14, "JM204")]  # and no JM308 for checkout or done, which follow bag


def test_a_tab_in_the_indentation_says_so():
    found = check("jmap: 1\njourney: {id: j, title: T}\nstages:\n  - id: s\n\tname: S\n")
    assert [(d.line, d.code) for d in found] == [(5, "JM001")]
    assert found[0].message.endswith("; tabs are not allowed in YAML indentation: indent with spaces")


def test_an_unclosed_quote_is_reported_where_it_opens():
    text = "jmap: 1\njourney: {id: j, title: \"T}\nstages:\n  - id: s\n    name: S\n" + "# more\n" * 150
    found = check(text)
    assert [(d.line, d.column, d.code) for d in found] == [(2, 25, "JM001")]
    assert "a quoted string opened here is never closed" in found[0].message


def test_a_percent_csat_target_gets_the_fraction_too():
    text = "jmap: 1\njourney: {id: j, title: T}\ntargets: {csat: 80}\nstages: [{id: s, name: S}]\n"
    found = [d for d in check(text) if d.code == "JM104"]
    assert found and found[0].message.endswith("did you mean 0.8? CSAT is a fraction 0-1")


def test_the_readme_messages_are_what_jmap_says():
    import re

    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### One run shows every problem", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    said = set()
    for text in (BROKEN, "jmap: 1\njourney: {id: j, title: T}\nstages:\n  - id: s\n\tname: S\n",
                 "jmap: 1\njourney: {id: j, title: \"T}\nstages:\n  - id: s\n    name: S\n"):
        said |= {(d.line, d.column, d.severity.label, d.message, d.code) for d in check(text)}
    for line in block.splitlines():
        position, level, message, code = re.match(r"(\d+:\d+) +(\w+) +(.*?)  (JM\d{3})$", line).groups()
        row, column = map(int, position.split(":"))
        assert (row, column, level, message, code) in said, line
