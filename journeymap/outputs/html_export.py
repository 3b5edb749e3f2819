"""`jmap export --format html`: one self-contained page with the map, the scores and the gap report.

For people who never open a terminal: a single file with inline CSS and the lanes view as
inline SVG; no script, no font, no request of any kind at view time (a Content-Security-Policy
meta tag forbids them too). It prints well (A4 landscape, each part on its own page).

Nothing is computed here: the numbers come from `rollups.score_map`, the gaps from
`gaps.analyse`, the picture from `render.draw`, and the wording of cells, notes and lists
from the score and report formatters, so the page says exactly what `jmap score` and
`jmap report` say. This module only lays them out and escapes every piece of user text. Very long user text is kept whole in the file (it can be
searched and copied) but shown clamped to a few lines, so a 5,000-character name cannot push
the tables apart.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Optional

from journeymap import __version__
from journeymap.outputs.render.palette import (INK, MUTED, NO_SCORE_FILL, NO_SCORE_TEXT, RULE, SCORE_CLASSES, STAGE_FILL,
                                       class_label, score_class)
from journeymap.outputs import numbers
from journeymap.outputs.registry import OutputFailed, View
from journeymap.outputs.report import common
from journeymap.outputs.score import LOW_MARK, WEIGHTING_MARKS, experience_text, metric_text, status_text
from journeymap.scoring.estimates import METRICS
from journeymap.base.textsafe import inert

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# What Graphviz draws a lanes or flow view with; anything else in the SVG is refused.
SVG_ELEMENTS = frozenset({"svg", "g", "title", "desc", "a", "polygon", "polyline", "path", "ellipse",
                          "circle", "rect", "line", "text", "tspan", "defs", "linearGradient",
                          "radialGradient", "stop"})
UNSAFE_VALUE_PREFIXES = ("javascript:", "vbscript:", "data:")

MIDDLE_DOT = "\u00b7"
DOT = f" {MIDDLE_DOT} "
UNDER_MARK, MET_MARK = "\u2717", "\u2713"  # ✗ ✓: the status is never told by colour alone


class UnsafeSvg(OutputFailed, ValueError):
    """The drawn map holds something an HTML page must not embed (a script, a handler, a link)."""


def to_html(scored, view: View = View()) -> str:
    """The whole page for a scored map (gaps.scored.ScoredMap); raises render.GraphvizMissing or
    GraphvizFailed without a drawing."""
    from journeymap.outputs.render import draw_pages
    from journeymap.outputs.render.pages import MEDIA

    # The lanes view fitted to A3 landscape pages (about a screen's width at full size): laid out to
    # the page width however long the journey, never a sideways scroll; printed, one page each.
    pages = draw_pages(scored.map, "svg", "lanes", MEDIA["a3"], low_sample=view.low_sample)
    return render_document(scored.map.journey, scored.scores, scored.report, pages, view.previous)


# ----------------------------------------------------------------------------- escaping

def text(value) -> str:
    """User text for an HTML text node or a quoted attribute: control characters made visible, then escaped."""
    return html.escape(inert(str(value)), quote=True)


def inline(value) -> str:
    """User text inside a sentence: isolated, so a bidi override cannot reorder the words around it."""
    return f"<bdi>{text(value)}</bdi>"


def ours(value: str) -> str:
    """Our own wording (notes, headings) still goes through the escaper: one rule, no exceptions."""
    return html.escape(value, quote=True)


def safe_svg(svg: bytes, prefix: str = "") -> str:
    """The SVG element re-serialised from a parse, after checking every element and attribute.

    The render module already escapes user text; this is the second lock. The parse drops the
    XML prologue and comments, and re-serialising means the page holds exactly what was checked.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise UnsafeSvg(f"the drawn map is not well-formed SVG ({error})") from error
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith("{" + SVG_NS + "}"):
            raise UnsafeSvg(f"the drawn map holds an unexpected element {element.tag!r}")
        local = element.tag.split("}", 1)[1]
        if local not in SVG_ELEMENTS:
            raise UnsafeSvg(f"the drawn map holds a <{local}> element")
        for name, value in element.attrib.items():
            attribute = name.split("}", 1)[-1].lower()
            if attribute.startswith("on") or attribute == "href" or attribute == "style":
                raise UnsafeSvg(f"the drawn map holds a {attribute} attribute on <{local}>")
            if value.strip().lower().startswith(UNSAFE_VALUE_PREFIXES):
                raise UnsafeSvg(f"the drawn map holds a script or data URL in {attribute} on <{local}>")
    if prefix:  # several drawings on one page: every id (and what refers to one) kept apart
        for element in root.iter():
            for name in ("id", "aria-labelledby"):
                if name in element.attrib:
                    element.set(name, " ".join(prefix + part for part in element.get(name).split()))
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


# ----------------------------------------------------------------------------- the page

def render_document(journey, scores, report, svg, previous=None) -> str:
    """The page, from the journey's header fields, `rollups.Scores`, a `gaps.GapReport`, the lanes
    view (one SVG, or the SVG of each fitted page) and the diff from the previous period's map (or None)."""
    title = text(journey.title)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{ours(CSP)}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="jmap {ours(__version__)}">',
           f"<title>{title} \u00b7 journey report</title>", f"<style>{_css()}</style>", "</head>", "<body>"]
    out += _header(journey, report, scores, previous)
    out += _map([svg] if isinstance(svg, (bytes, str)) else list(svg))
    out += _scores(scores, report.low_sample_threshold)
    out += _gaps(report)
    out += ['<footer><p>Made with jmap ' + ours(__version__) + ' from the journey map '
            f'<code>{text(journey.id)}</code>. Intervals are 95 %.</p></footer>', "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _header(journey, report, scores, previous) -> list[str]:
    """The first screen: what to fix first, what changed since the previous period, then the score
    and what stands behind it."""
    facts = [f"<code>{text(journey.id)}</code>"]
    if journey.owner:
        facts.append(f"owner {inline(journey.owner)}")
    out = ["<header>", f"<h1>{text(journey.title)}</h1>", f'<p class="facts">Journey {DOT.join(facts)}</p>']
    if journey.description:
        out.append(f'<p class="description">{text(journey.description)}</p>')
    out += _fix_first_summary(report, scores)
    out += _changes_summary(previous, scores)
    out += [f'<p class="score">{ours(common.header_line(report))}</p>',
            f'<p class="facts">{ours(common.summary_line(report))}</p>',
            '<nav><a href="#map">Map</a> <a href="#scores">Scores</a> <a href="#gaps">Gaps</a> '
            '<a href="#coverage">Coverage</a> <a href="#lists">Lists</a></nav>', "</header>"]
    return out


SUMMARY_ROWS = 5


def _fix_first_summary(report, scores) -> list[str]:
    """The top of `jmap report`'s fix-first list, in its own words (`report.common.cells`): touchpoint,
    metric, value against target, the customers it affects (as the core ranks them) and owner."""
    rows = common.groups(report, SUMMARY_ROWS, None)[0][1]
    if not rows:
        return ['<section id="summary" class="summary">', '<p class="headline">Nothing to fix: every touchpoint '
                "with a survey meets its targets.</p>", "</section>"]
    names = {tp.touchpoint: tp.name for tp in scores.touchpoints}
    sample = common.cells(*rows[0])
    reach_key, reach_heading = (("affected", "customers affected") if "affected" in sample
                                else ("reach_share", "share of customers reached"))
    under = len(report.gaps)
    first_rank, first = rows[0]
    first_cells = common.cells(first_rank, first)
    out = ['<section id="summary" class="summary">',
           f'<p class="headline">Fix first: {inline(names.get(first.touchpoint, first.touchpoint))}, '
           f"{text(_metric_name(first.metric))} {text(first_cells['value'])} against a target of "
           f"{text(first_cells['target'])} ({ours(reach_heading)}: {text(first_cells[reach_key])}; owner "
           f"{inline(first_cells['owner'])}).</p>",
           f'<p class="facts">{under} gap{"s" if under != 1 else ""} under target; the first '
           f'{min(under, SUMMARY_ROWS)} of the fix-first list:</p>',
           '<table class="fixsummary"><caption>What to fix first</caption><thead><tr><th scope="col">#</th><th scope="col">touchpoint</th>'
           '<th scope="col">metric</th><th scope="col" class="num">value vs target</th>'
           f'<th scope="col" class="num">{ours(reach_heading)}</th><th scope="col">owner</th></tr></thead><tbody>']
    for rank, gap in rows:
        cells = common.cells(rank, gap)
        name = text(names.get(gap.touchpoint, gap.touchpoint))
        out.append(f'<tr><td class="num">{rank}</td><th scope="row" class="who"><span class="name" title="{name}">'
                   f'{name}</span><code>{text(gap.touchpoint)}</code></th>'
                   f"<td><code>{text(gap.metric)}</code></td>"
                   f'<td class="num">{text(cells["value"])} vs {text(cells["target"])}</td>'
                   f'<td class="num">{text(cells[reach_key])}</td><td class="user">{text(cells["owner"])}</td></tr>')
    out += ["</tbody></table>", '<p class="hint"><a href="#gaps">Every gap, and how the order is computed</a></p>',
            "</section>"]
    return out


CHANGES_ROWS = 5


def _changes_summary(previous, scores) -> list[str]:
    """The biggest metric changes since the previous period (`MapDiff.biggest`: significant ones
    first, each with its interval and the diff's verdict), or plainly that there is no previous period."""
    from journeymap.outputs.diff import change_interval, verdict

    out = ['<section id="changes" class="changes">']
    if previous is None:
        return out + ['<p class="facts">No previous period to compare with: no earlier version of this map '
                      "was given (<code>jmap export --previous OLD</code> adds the biggest changes here).</p>",
                      "</section>"]
    since = previous.old_period or "the previous map"
    rises = sum(1 for m in previous.metrics if m.difference.significant and not m.regression)
    drops = len(previous.regressions)
    out.append(f'<p class="changeline"><strong>Since {text(since)}:</strong> '
               f"{ours(numbers.plural(drops, 'significant drop'))} and {ours(numbers.plural(rises, 'significant rise'))}"
               f" in {ours(numbers.plural(len(previous.metrics), 'metric'))} compared.</p>")
    if previous.period_warning:
        out.append(f'<p class="facts">Careful: {text(previous.period_warning)}.</p>')
    biggest = previous.biggest(CHANGES_ROWS)
    if not biggest:
        return out + ['<p class="facts">No metric changed.</p>', "</section>"]
    names = {tp.touchpoint: tp.name for tp in scores.touchpoints}
    out.append('<table class="changesummary"><caption>Biggest changes since the previous period</caption><thead><tr>'
               '<th scope="col">touchpoint</th><th scope="col">metric</th><th scope="col" class="num">before → after</th>'
               '<th scope="col" class="num">change [95 % interval]</th><th scope="col">verdict</th></tr></thead><tbody>')
    for change in biggest:
        d, metric = change.difference, change.metric
        words = verdict(change)
        css = "under" if change.regression else ("met" if d.significant else "")
        mark = UNDER_MARK + " " if change.regression else (MET_MARK + " " if d.significant else "")
        if d.significant is False:
            words += " (within the noise)"
        name = text(names.get(change.touchpoint, change.touchpoint))
        out.append(f'<tr><th scope="row" class="who"><span class="name" title="{name}">{name}</span>'
                   f'<code>{text(change.touchpoint)}</code></th><td>{ours(_metric_name(metric))}</td>'
                   f'<td class="num">{ours(numbers.metric_value(metric, change.old.value))} → '
                   f"{ours(numbers.metric_value(metric, change.new.value))}</td>"
                   f'<td class="num">{ours(numbers.metric_change(metric, d.delta))} {ours(change_interval(metric, d))}</td>'
                   f'<td class="status{" " + css if css else ""}">{ours(mark + words)}</td></tr>')
    return out + ["</tbody></table>", '</section>']


def _metric_name(metric: str) -> str:
    """CSAT, NPS and CES as people write them; a KPI by its own name."""
    return metric.upper() if metric in METRICS else metric


def _map(svgs: list) -> list[str]:
    out = ['<section id="map">', "<h2>The journey</h2>",
           '<p class="hint">The lanes view, laid out in pages as wide as this one'
           + (f" ({len(svgs)} pages)" if len(svgs) > 1 else "") + ". Hover a touchpoint for its numbers.</p>"]
    for number, svg in enumerate(svgs, 1):
        out += ['<figure class="map">', safe_svg(svg, f"p{number}-" if len(svgs) > 1 else "")]
        if number == len(svgs):
            out.append("<figcaption>Lanes view: persona cards, then one column per step (alternatives one above "
                       "the other), grouped under its stage; each touchpoint's satisfaction cell says what stands "
                       "behind it (legend at the top of each page); the curve is the felt emotion.</figcaption>")
        out.append("</figure>")
    out.append("</section>")
    return out


# ----------------------------------------------------------------------------- scores

def _score_cell(experience) -> str:
    index = score_class(None if experience is None else experience.score)
    if index is None:
        return f'<td class="num s-none">{numbers.MISSING}</td>'
    return (f'<td class="num s{index}" title="{ours(f"class {class_label(index)}")}">'
            f"{ours(experience_text(experience, 2))}</td>")


def _metric_cell(metric: str, found, low_sample: bool, met: Optional[bool] = None,
                 target: Optional[float] = None) -> str:
    shown = metric_text(metric, found, 2, low_sample)
    if not shown:
        return f'<td class="num empty">{numbers.MISSING}</td>'
    value, _space, rest = shown.partition(" ")
    mark, css = "", "num"
    if met is True:
        mark, css = f'<span class="mark">{MET_MARK}</span> ', "num met"
    elif met is False:
        mark, css = f'<span class="mark">{UNDER_MARK}</span> ', "num under"
    if rest.endswith(LOW_MARK):
        rest = rest[:-len(LOW_MARK)]
        css += " low"
    detail = f' <span class="detail">{ours(rest)}</span>' if rest else ""
    low = f'<span class="lowmark">{ours(LOW_MARK)}</span>' if "low" in css.split() else ""
    hover = "" if target is None else f' title="target {ours(numbers.metric_value(metric, target))}"'
    return f'<td class="{css}"{hover}>{mark}<strong>{ours(value)}</strong>{detail}{low}</td>'


def _touchpoint_rows(scores) -> list[str]:
    rows = []
    for tp in scores.touchpoints:
        status = status_text(tp)
        css = "under" if status.startswith("under") else ("met" if status == "ok" else "empty")
        mark = UNDER_MARK if css == "under" else (MET_MARK if css == "met" else "")
        cells = [f'<th scope="row" class="who"><span class="name">{text(tp.name)}</span><code>{text(tp.touchpoint)}</code></th>',
                 f"<td><code>{text(tp.stage)}</code></td>", f"<td><code>{text(tp.channel)}</code></td>",
                 f'<td class="num">{numbers.count(tp.reach)}</td>']
        cells += [_metric_cell(m, tp.estimates.get(m), m in tp.low_sample, tp.met.get(m), tp.targets.get(m))
                  for m in METRICS]
        cells += [_score_cell(tp.experience),
                  f'<td class="status {css}">{mark + " " if mark else ""}{ours(status)}</td>']
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows


def _rollup_rows(rollups) -> list[str]:
    rows = []
    for r in rollups:
        dagger = WEIGHTING_MARKS.get(r.weighting, "")
        cells = [f'<th scope="row" class="who"><span class="name">{text(r.name)}</span><code>{text(r.id)}</code></th>',
                 f'<td class="num" title="{ours(r.evidence())}">{numbers.count(r.surveyed)}/{numbers.count(r.touchpoints)}</td>',
                 f'<td class="num">{numbers.count(r.responses)}{dagger}</td>']
        cells += [_metric_cell(m, r.metrics.get(m), m in r.low_sample) for m in METRICS]
        cells.append(_score_cell(r.experience))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows


class Num(str):
    """A column heading (already HTML) over a column of numbers: aligned like them."""


def _table(caption: str, headings: list[str], rows: list[str], css: str = "") -> list[str]:
    if not rows:
        return [f"<h3>{ours(caption)}</h3>", '<p class="none">None.</p>']
    head = "".join(f'<th scope="col" class="num">{heading}</th>' if isinstance(heading, Num)
                   else f'<th scope="col">{heading}</th>' for heading in headings)
    return [f'<div class="scroll"><table class="{css}">', f"<caption>{ours(caption)}</caption>",
            f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table></div>"]


def _scores(scores, threshold: int) -> list[str]:
    metric_heads = [Num(m.upper()) for m in METRICS]
    rollup_heads = ["", Num("touchpoints"), Num("responses")] + metric_heads + [Num("experience")]
    out = ['<section id="scores">', "<h2>Scores</h2>"]
    out += _table("Touchpoints", ["touchpoint", "stage", "channel", Num("reach")] + metric_heads
                  + [Num("experience"), "vs target"], _touchpoint_rows(scores), "scores")
    for caption, rollups in (("Stages", scores.stages), ("Personas", scores.personas),
                             ("Channels", scores.channels), ("Journey", [scores.journey])):
        out += _table(caption, [caption[:-1].lower() if caption != "Journey" else "journey"] + rollup_heads[1:],
                      _rollup_rows(rollups), "scores rollup")
    notes = [f"Each metric: value [95 % interval] n=responses. {LOW_MARK} fewer than {threshold} responses.",
             f"{MET_MARK} meets its target, {UNDER_MARK} under its target (the target column names the missed targets).",
             "Experience: 0\u2013100 with its interval, coloured like the map: "
             + ", ".join(class_label(i) for i in range(len(SCORE_CLASSES))) + ".",
             "Experience scores and roll-ups come from survey answers only: a touchpoint with only an emotion has no "
             "score (its emotion is drawn on the map), and touchpoints counts those with survey data / all.",
             "\u2020 weighted by responses: a touchpoint behind it has no reach; \u2021 weighted equally: a "
             "touchpoint behind it has neither reach nor responses; otherwise roll-ups weigh by reach."]
    out += ['<ul class="notes">'] + [f"<li>{ours(note)}</li>" for note in notes] + ["</ul>", "</section>"]
    return out


# ----------------------------------------------------------------------------- gaps

_TEXT_COLUMNS = ("touchpoint", "stage", "metric", "owner", "significant")


def _gaps(report) -> list[str]:
    out = ['<section id="gaps">', "<h2>Gaps</h2>",
           f'<p class="headline">{ours(common.header_line(report))}</p>',
           f'<p class="facts">{ours(common.summary_line(report))}</p>']
    rows = common.groups(report, 0, None)[0][1]
    if not rows:
        out += ["<h3>Fix first</h3>", '<p class="none">Nothing under target.</p>']
    else:
        columns = common.columns(rows)
        headings = [ours(heading) if key in _TEXT_COLUMNS else Num(ours(heading)) for key, heading in columns]
        body = []
        for rank, gap in rows:
            cells = common.cells(rank, gap, report.currency)
            row = []
            for key, _heading in columns:
                shown = text(cells[key])
                if key in ("touchpoint", "stage", "metric"):
                    shown = f"<code>{shown}</code>"
                if key == "significant" and gap.significant:
                    shown = f"<strong>{shown}</strong>"
                css = "user" if key in _TEXT_COLUMNS else "num"
                row.append(f'<td class="{css}">{shown}</td>')
            body.append(f'<tr class="{"significant" if gap.significant else "gap"}">' + "".join(row) + "</tr>")
        out += _table("Fix first: under target, most customers affected first", headings, body, "fixfirst")
        notes = [common.PRIORITY_FORMULA, common.SIGNIFICANCE_NOTE] + common.row_notes(rows)
        out += ['<ul class="notes">'] + [f"<li>{ours(note)}</li>" for note in notes] + ["</ul>"]
    out += ['<div id="coverage">']
    out += _matrix("Coverage: touchpoints per stage and channel", report.coverage.channels, "omnichannel hole")
    out += _matrix("Coverage: touchpoints per stage and persona", report.coverage.personas, "persona missing")
    out += ["</div>", '<div id="lists" class="lists">']
    for group, sections in common.lists(report):
        out += ['<div class="group">', f"<h3>{ours(group)}</h3>"]
        for title, items in sections:
            if not items:
                out.append(f'<p><strong>{ours(title)}</strong>: <span class="none">'
                           f"{ours(common.empty_text(report, title))}</span></p>")
                continue
            out += [f"<h4>{ours(title)}</h4>", "<ul>"]
            out += [f'<li><span class="clamp">{common.fill((ours(template), values), inline)}</span></li>'
                    for template, values in items]
            out.append("</ul>")
        out.append("</div>")
    out += ["</div>", "</section>"]
    return out


def _matrix(title: str, matrix, hole_word: str) -> list[str]:
    if not matrix.columns or not matrix.rows:
        return [f"<h3>{ours(title)}</h3>", '<p class="none">Nothing to show.</p>']
    rows = []
    for row, counts in zip(matrix.rows, matrix.counts):
        cells = [f'<th scope="row"><code>{text(row)}</code></th>']
        for column, n in zip(matrix.columns, counts):
            if (row, column) in matrix.holes:
                cells.append(f'<td class="hole">{UNDER_MARK} {ours(hole_word)}</td>')
            else:
                cells.append(f'<td class="num{"" if n else " empty"}">{n if n else MIDDLE_DOT}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    headings = ["stage"] + [Num(f"<code>{text(c)}</code>") for c in matrix.columns]
    return _table(title, headings, rows, "matrix")


# ----------------------------------------------------------------------------- style

def _css() -> str:
    classes = "".join(f".s{i}{{background:{fill};color:{ink}}}" for i, (_low, fill, ink) in enumerate(SCORE_CLASSES))
    under_fill, under_ink = SCORE_CLASSES[1][1], SCORE_CLASSES[1][2]
    met_fill, met_ink = SCORE_CLASSES[3][1], SCORE_CLASSES[3][2]
    under_rule, met_rule = SCORE_CLASSES[0][1], SCORE_CLASSES[4][1]
    return f"""
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
body{{margin:0 auto;padding:24px 32px 48px;max-width:1480px;color:{INK};background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif}}
h1,.name,.facts,.description,li,td.user,caption{{overflow-wrap:anywhere}}
h1{{font-size:28px;line-height:1.2;margin:0 0 4px}}
h2{{font-size:22px;margin:40px 0 8px;padding-bottom:4px;border-bottom:2px solid {INK}}}
h3{{font-size:17px;margin:24px 0 6px}}
h4{{font-size:15px;margin:12px 0 2px}}
code{{white-space:nowrap;font:13px/1.3 ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;color:{MUTED}}}
.facts,.description,figcaption,.notes{{color:{MUTED}}}
.headline{{font-size:18px;font-weight:600;margin:8px 0 0}}
nav{{margin:12px 0 0;display:flex;gap:16px;flex-wrap:wrap}}
nav a{{color:{SCORE_CLASSES[4][1]}}}
.hint{{color:{MUTED};font-size:13px;margin:0}}
figure.map{{margin:8px 0 0;border:1px solid {RULE};border-radius:4px;padding:8px;background:#fff}}
figure.map svg{{display:block;width:100%;height:auto}}
.summary{{margin:16px 0 0}}
.summary .headline{{font-size:20px}}
.fixsummary{{margin:8px 0 4px;font-size:15px}}
.fixsummary caption{{position:absolute;left:-9999px}}
.score{{font-size:15px;margin:16px 0 0}}
.changes{{margin:12px 0 0}}
.changeline{{margin:0}}
.changesummary{{margin:4px 0 0;font-size:14px}}
.changesummary caption{{position:absolute;left:-9999px}}
.fixsummary th,.fixsummary td,.changesummary th,.changesummary td{{padding:3px 8px}}
.fixsummary .who .name,.changesummary .who .name{{display:inline-block;max-width:16em;overflow:hidden;
text-overflow:ellipsis;white-space:nowrap;vertical-align:bottom}}
.fixsummary .who code,.changesummary .who code{{margin-left:8px}}
figcaption{{font-size:13px;margin-top:6px}}
.scroll{{overflow-x:auto;margin:16px 0 8px}}
table{{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:14px}}
caption{{text-align:left;font-weight:700;font-size:17px;padding:0 0 6px}}
th,td{{padding:5px 8px;border-bottom:1px solid {RULE};vertical-align:top;text-align:left}}
thead th{{background:{STAGE_FILL};border-bottom:2px solid {INK};font-size:13px;white-space:nowrap}}
tbody th{{font-weight:400}}
th.who{{min-width:12em;max-width:28em}}
li code,td.user code{{white-space:normal;overflow-wrap:anywhere}}
.matrix thead th.num{{text-align:center}}
.name{{font-weight:600}}
h1,.name,.clamp,.description{{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}}
h1{{-webkit-line-clamp:3}}
.name{{-webkit-line-clamp:4}}
.clamp,.description{{-webkit-line-clamp:6}}
.num{{text-align:right;white-space:nowrap}}
.detail{{color:{MUTED};font-size:12px}}
.lowmark{{font-weight:700}}
td.low strong{{font-style:italic}}
.met{{background:{met_fill};color:{met_ink};box-shadow:inset 3px 0 0 {met_rule}}}
.under{{background:{under_fill};color:{under_ink};box-shadow:inset 3px 0 0 {under_rule}}}
.met .detail,.under .detail{{color:{under_ink}}}
.mark{{font-weight:700}}
.status{{white-space:nowrap}}
.empty{{color:{MUTED}}}
.s-none{{background:{NO_SCORE_FILL};color:{NO_SCORE_TEXT}}}
{classes}
.fixfirst tr.significant td,.fixfirst tr.significant th{{font-weight:600}}
.hole{{background:{under_fill};color:{under_ink};font-weight:600;white-space:nowrap}}
.matrix td,.matrix td.num{{text-align:center}}
.notes{{font-size:13px;padding-left:18px}}
.none{{color:{MUTED}}}
.lists{{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 32px}}
.lists ul{{margin:2px 0 8px;padding-left:18px}}
footer{{margin-top:40px;color:{MUTED};font-size:13px;border-top:1px solid {RULE}}}
@page{{size:A4 landscape;margin:12mm}}
@media print{{
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
body{{max-width:none;padding:0;font-size:10pt}}
nav{{display:none}}
h1{{font-size:20pt}}
.summary .headline{{font-size:13pt}}
.fixsummary,.changesummary{{font-size:9pt}}
.score{{margin-top:8px}}
h2{{margin-top:0}}
#map,#scores,#gaps{{break-before:page}}
figure.map{{overflow:visible;border:0;padding:0;margin:0}}
figure.map+figure.map{{break-before:page}}
figure.map svg{{width:100%;height:auto;max-height:165mm}}
figcaption{{font-size:8pt}}
.scroll{{overflow:visible}}
table{{font-size:8pt;width:100%}}
.num,.status,code,thead th{{white-space:normal}}
code{{font-size:7.5pt}}
th.who{{min-width:0}}
.hint{{display:none}}
thead{{display:table-header-group}}
tr,li,figure{{break-inside:avoid}}
h2,h3,h4,caption{{break-after:avoid}}
}}
"""
