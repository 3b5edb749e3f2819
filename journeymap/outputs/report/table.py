"""The gap report for a terminal, drawn with rich.

Fits the width it is given: when the fix-first table would be too wide, the least important
columns are left out (and named under the table) rather than cutting cells; touchpoint ids
are never wrapped or cut. User text goes in as rich Text after `textsafe.inert`, so neither
control characters nor rich markup in a name can do anything but show.
"""

from __future__ import annotations

import io

from journeymap.outputs.registry import View
from journeymap.outputs.report import common
from journeymap.base.textsafe import inert

# Most important first: the columns a 60-column terminal keeps come first.
IMPORTANCE = ("touchpoint", "metric", "value", "target", "affected", "owner", "rank", "money", "affected_range",
              "significant", "reach", "shortfall", "gap", "stage")
HEADINGS = {"rank": "#", "significant": "sig.", "affected_range": "95 % range"}
FORMULA = ("affected = reach × shortfall (customers per period who would need a better experience; "
           "shortfall: CSAT, rates target − value, NPS ÷ 200, CES ÷ scale width)")
# a row means nothing without them: these are never dropped, however narrow the terminal
ALWAYS = ("touchpoint", "metric", "value", "target", "affected", "owner")
TEXT_WIDTH = 24  # widest a stage, metric or owner cell grows before it folds
TEXT_MIN_WIDTH = 8  # narrowest it folds to on a very narrow terminal
GRID_GAP = 3  # the space rich puts between two grid columns
DEFAULT_WIDTH = 100  # columns when the caller does not say (not a terminal)
NUMERIC = {"rank", "value", "target", "gap", "shortfall", "reach", "affected", "affected_range", "money"}


def render(report, view: View = View()) -> str:
    top, by, color, width = view.top, view.by, view.color, view.width or DEFAULT_WIDTH
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if color else None,
                      force_terminal=color, highlight=False, markup=False, emoji=False, soft_wrap=False)
    _header(console, report)
    _fix_first(console, report, top, by, width)
    _matrix(console, "Coverage: touchpoints per stage and channel", report.coverage.channels, "hole", width)
    _matrix(console, "Coverage: touchpoints per stage and persona", report.coverage.personas, "none", width)
    _lists(console, report)
    return buffer.getvalue()


def _header(console, report) -> None:
    from rich.text import Text

    console.print(Text.assemble(("Gap report ", "bold"), (inert(report.title), "bold cyan"),
                                f" ({report.journey})"))
    console.print(Text(common.header_line(report), style="bold"))
    console.print(Text(common.summary_line(report)))
    console.print()


def _fix_first(console, report, top, by, width) -> None:
    from rich.text import Text

    console.print(Text("Fix first" + (" (per owning team)" if by == "owner" else ""), style="bold underline"))
    if not report.gaps:
        console.print(Text("Nothing under target.", style="green"))
        console.print()
        return
    groups = [(owner, rows) for owner, rows in common.groups(report, top, by) if rows]
    shown = [item for _owner, rows in groups for item in rows]
    # a column that would repeat one value on every row is left out: the owner with --by owner
    # (it heads each group), the stage with --stage (the header names it)
    implied = {"owner"} if by == "owner" else set()
    implied |= {"stage"} if report.stage else set()
    columns = common.columns(shown)
    keys = [key for key, _heading in columns if key not in implied]
    cells = lambda rank, gap: common.cells(rank, gap, report.currency)  # noqa: E731
    widths = _widths(keys, shown, cells)
    widest = _widest_rows(keys, shown, cells)
    for key in reversed(IMPORTANCE):  # drop the least important columns until the table fits
        if _measure(console, _table(keys, widest, widths, cells)) <= width:
            break
        if key in keys and key not in ALWAYS:
            keys.remove(key)
    order = [key for key, _heading in columns]
    for key in IMPORTANCE:  # a wide column dropped late may have made room for narrower ones
        if key not in keys and key not in implied and key in order:
            trial = sorted(keys + [key], key=order.index)
            if _measure(console, _table(trial, widest, widths, cells)) <= width:
                keys = trial
    stacked = _measure(console, _table(keys, widest, widths, cells)) > width
    for owner, rows in groups:
        if owner is not None:
            console.print(Text(inert(owner), style="bold magenta"))
        if stacked:  # even the six columns a row needs do not fit side by side: two lines a row
            for rank, gap in rows:
                _stacked_row(console, cells(rank, gap), "owner" in implied)
        else:
            console.print(_table(keys, rows, widths, cells))
    notes = [FORMULA, common.SIGNIFICANCE_NOTE.replace("significant:", "sig.:")]
    notes += common.row_notes(shown) + [common.shown_line(report, shown)]
    hidden = [HEADINGS.get(k, h) for k, h in columns if k not in keys and k not in implied]
    if stacked:
        notes.append("too narrow for a table: one gap in two lines (widen the terminal or use --format markdown)")
    elif hidden:
        notes.append(f"too narrow for: {', '.join(hidden)} (widen the terminal or use --format markdown)")
    for note in notes:
        console.print(Text(note, style="dim"))
    console.print()


def _stacked_row(console, row: dict, owner_implied: bool) -> None:
    """`#1 search-result · bounce_rate · seo` over `0.58, target 0.45 · 10,400 affected [range]`:
    each part one word to the wrapper, so a number or an id never breaks across lines."""
    from rich.text import Text

    head = Text.assemble((f"{row['rank']:>2} ", "dim"), (inert(row["touchpoint"]), "cyan"), " · ",
                         inert(row["metric"]), *(() if owner_implied else (" · ", inert(row["owner"]))))
    span = "" if row["affected_range"] == "–" else f" [{row['affected_range']}]"
    console.print(head, overflow="fold")
    verdict = {"yes": " · significant", "no": " · not significant"}.get(row["significant"], "")
    console.print(Text.assemble("   ", f"{row['value']}, target {row['target']} · ", (row["affected"], "bold"),
                                f" affected{span}{verdict}"))


def _widths(keys: list[str], rows, cells) -> dict:
    """Each column as wide as its widest cell in every group, so the per-owner tables line up."""
    cells = [cells(rank, gap) for rank, gap in rows]
    return {key: max([max(len(w) for w in HEADINGS.get(key, dict(common.COLUMNS)[key]).split())]
                     + [len(inert(row[key])) for row in cells]) for key in keys}


def _widest_rows(keys: list[str], rows, cells) -> list:
    """The few rows holding the widest cell of some column: measuring them measures the whole
    table, and keeps `--top 0` on a map with thousands of gaps fast."""
    shown = [(item, {k: len(inert(v)) for k, v in cells(*item).items()}) for item in rows]
    chosen = {}
    for key in keys:
        best = max(shown, key=lambda pair: pair[1][key])[0]
        chosen[best[0]] = best
    return [chosen[rank] for rank in sorted(chosen)]


def _table(keys: list[str], rows, widths: dict, cells):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold",
                  padding=(0, 1), collapse_padding=True)
    for key in keys:
        heading = HEADINGS.get(key, dict(common.COLUMNS)[key])
        if key == "touchpoint":
            table.add_column(heading, no_wrap=True, min_width=widths[key], style="cyan")
        elif key in NUMERIC:
            table.add_column(heading, justify="right", no_wrap=True, min_width=widths[key])
        else:
            # long user text folds inside its column rather than pushing other columns out
            table.add_column(heading, overflow="fold", min_width=min(widths[key], TEXT_MIN_WIDTH),
                             max_width=TEXT_WIDTH)
    for rank, gap in rows:
        row = cells(rank, gap)
        table.add_row(*(_cell(key, row[key]) for key in keys))
    return table


def _measure(console, table) -> int:
    """The width the table would take with no limit: what it needs to show every cell unwrapped."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def _cell(key: str, text: str):
    from rich.text import Text

    style = ""
    if key == "significant":
        style = {"yes": "bold red", "no": "yellow"}.get(text, "dim")
    elif key == "affected":
        style = "bold"
    return Text(inert(text), style=style)


def _matrix(console, title: str, matrix, hole_word: str, width: int) -> None:
    """A coloured grid; when its columns do not fit the width they go on in a second grid below."""
    from rich.text import Text

    console.print(Text(title, style="bold underline"))
    if not matrix.rows or not matrix.columns:
        console.print(Text("nothing to show", style="dim"))
        console.print()
        return
    stage_width = max(len("stage"), max(len(row) for row in matrix.rows))
    chunk, used = [], stage_width
    for column in matrix.columns:
        needed = max(len(column), len(hole_word)) + GRID_GAP
        if chunk and used + needed > width:
            console.print(_grid(matrix, chunk, hole_word))
            chunk, used = [], stage_width
        chunk.append(column)
        used += needed
    console.print(_grid(matrix, chunk, hole_word))
    console.print()


def _grid(matrix, columns: list[str], hole_word: str):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("stage", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right", overflow="fold", min_width=len(hole_word))
    for row, counts in zip(matrix.rows, matrix.counts):
        cells = [Text(row)]
        for column, n in zip(matrix.columns, counts):
            if column not in columns:
                continue
            if (row, column) in matrix.holes:
                cells.append(Text(hole_word, style="bold red"))
            else:
                cells.append(Text(str(n), style="green") if n else Text("·", style="dim"))
        table.add_row(*cells)
    return table


def _lists(console, report) -> None:
    from rich.text import Text

    for group, sections in common.lists(report):
        console.print(Text(group, style="bold underline"))
        for title, items in sections:
            if not items:
                console.print(Text.assemble((title, "bold"), (": " + common.empty_text(report, title), "dim")))
                continue
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text("  • " + common.fill(item, inert)))
        console.print()
