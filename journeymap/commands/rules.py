"""`jmap rules [CODE]`: every diagnostic code, or one code's documentation (as `ruff rule`)."""

from __future__ import annotations

from typing import Optional

import typer

from journeymap.commands.common import fail


def rules(
    code: Optional[str] = typer.Argument(None, help="A code such as JM303; omitted: list every code."),
) -> None:
    """List the diagnostic codes, or explain one: what it checks, why it matters, an example."""
    from journeymap.checks.codes import all_codes
    from journeymap.base.suggest import did_you_mean

    codes = all_codes()
    if code is None:
        for c in codes.values():
            typer.echo(f"{c.code}  {c.severity.label:<7}  {c.summary}")
        return
    found = codes.get(code.strip().upper())
    if found is None:
        fail(f"unknown code {code!r}{did_you_mean(code.upper(), list(codes))}")
    typer.echo(f"{found.code}: {found.summary} ({found.severity.label})\n\n{found.doc}")
