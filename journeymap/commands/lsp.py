"""`jmap lsp`: the language server, for editors (needs the `jmap[lsp]` extra)."""

from __future__ import annotations

import typer

from journeymap.commands.common import fail


def lsp() -> None:
    """Run the Language Server Protocol server on stdin/stdout: diagnostics as you type, hover
    with the numbers, go to definition, rename, completion, quick fixes."""
    try:
        from journeymap.lsp.server import serve
    except ImportError as missing:
        package = (missing.name or "pygls").split(".")[0]  # the distribution, not the submodule that failed
        fail(f"jmap lsp needs {package}: install it with pip install 'jmap[lsp]'")
    raise typer.Exit(serve())
