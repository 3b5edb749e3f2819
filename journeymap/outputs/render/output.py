"""From DOT source to the bytes of an SVG, PNG or PDF, with Graphviz's `dot`."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Optional

from journeymap.outputs.render.dot import clean
from journeymap.outputs.registry import OutputFailed

FORMATS = ("svg", "png", "pdf", "dot")
INSTALL_HINT = ("Graphviz is not installed (the `dot` program): install it with "
                "`sudo apt-get install graphviz` on Debian/Ubuntu or `brew install graphviz` on macOS, "
                "or use --format dot")


class GraphvizMissing(OutputFailed):
    """`dot` is not on PATH."""


class GraphvizFailed(OutputFailed):
    """`dot` ran and refused the input or crashed."""


def format_for(output: Optional[Path], requested: Optional[str]) -> Optional[str]:
    """The requested format, else the output's extension, else SVG; None when the extension is unknown."""
    if requested:
        return requested
    if output is None:
        return "svg"
    suffix = output.suffix.lower().lstrip(".")
    return {"gv": "dot"}.get(suffix, suffix) if suffix in FORMATS + ("gv",) else None


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, dpi: Optional[float] = None) -> bytes:
    """Lay out and draw with `dot` (the DOT's own `layout` attribute picks the engine); `dpi` sets a
    PNG's pixel density (72 is one pixel per point)."""
    if not graphviz_available():
        raise GraphvizMissing(INSTALL_HINT)
    import subprocess

    limit = graphviz_timeout()
    try:  # what graphviz.pipe runs, with a time bound: dot's layout can take hours on a large map
        command = ["dot", "-Kdot", f"-T{fmt}"] + ([f"-Gdpi={dpi:g}"] if dpi and fmt == "png" else [])
        done = subprocess.run(command, input=source.encode("utf-8"),
                              capture_output=True, timeout=limit, check=False)
    except FileNotFoundError as error:
        raise GraphvizMissing(INSTALL_HINT) from error
    except subprocess.TimeoutExpired as error:
        raise GraphvizFailed(f"Graphviz took longer than {limit:g} s to lay out this map and was stopped "
                             f"(set {TIMEOUT_VARIABLE} to allow more, or use --format dot)") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(f"Graphviz failed: {clean(detail[0] if detail else f'exit {done.returncode}', 200)}")
    return done.stdout


TIMEOUT_VARIABLE = "JMAP_GRAPHVIZ_TIMEOUT"
DEFAULT_TIMEOUT = 120.0  # seconds


def graphviz_timeout() -> float:
    """How long `dot` may run: JMAP_GRAPHVIZ_TIMEOUT seconds, else two minutes."""
    try:
        value = float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}Z\)")


def stable_pdf(pdf: bytes) -> bytes:
    """The PDF with Graphviz's creation time replaced, so the same map gives the same bytes.

    The time becomes SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set, else
    1970-01-01. The stamp keeps its length, so the PDF's cross-reference offsets stay right."""
    try:
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))).encode()
    except (ValueError, OverflowError, OSError):
        stamp = b""
    if len(stamp) != 14:  # unreadable, or past the year 9999
        stamp = b"19700101000000"
    return _PDF_DATE.sub(lambda found: b"/" + found.group(1) + b" (D:" + stamp + b"Z)", pdf)


def accessible_svg(svg: bytes, title: str, description: str) -> bytes:
    """Give the SVG a document-level <title> and <desc> that screen readers announce.

    Graphviz titles only its groups (with node names); the first children of <svg> are what
    assistive technology reads, so they are inserted right after the opening tag.
    """
    text = svg.decode("utf-8")
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0:
        return svg
    opening = text[start:end]
    opening += ' role="img" aria-labelledby="jmap-title jmap-desc"'
    inserted = (f'>\n<title id="jmap-title">{_xml(title)}</title>\n'
                f'<desc id="jmap-desc">{_xml(description)}</desc>')
    return (text[:start] + opening + inserted + text[end + 1:]).encode("utf-8")


def _xml(text: str) -> str:
    return (clean(text, 1000).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
