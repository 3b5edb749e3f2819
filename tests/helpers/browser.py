"""Headless Chromium for the tests of the HTML page: where it is, and printing a page to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def print_to_pdf(page: Path, tmp_path: Path) -> Path:
    """The page as Chromium prints it (its own @page size and margins, no header or footer); the PDF's path."""
    pdf = tmp_path / f"{page.stem}.pdf"
    profile = tmp_path / f"profile-{page.stem}"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                           page.as_uri()], capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    return pdf
