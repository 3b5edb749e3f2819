"""The one place jmap reaches into typer's command-line machinery (click) beyond typer's public API.

The typer releases jmap allows (0.27, 0.28) vendor click as the private `typer._click`; older
ones depend on the `click` distribution. The CLI imports these names from here only, so a typer release that
moves them again is a change to this file alone.
"""

from __future__ import annotations

try:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # typer before 0.28: click is a dependency of its own
    from click.exceptions import ClickException, NoArgsIsHelpError, UsageError  # type: ignore[no-redef]

__all__ = ["ClickException", "NoArgsIsHelpError", "UsageError"]
