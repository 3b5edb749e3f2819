"""The `jmap` command: a thin shell that reads arguments, calls the core and prints a format.

Heavy modules (pydantic, rich, graphviz) are imported inside the commands that need them,
so that `jmap --version` and a small `jmap validate` start fast.
"""

from __future__ import annotations

import gc
import os
import sys

# pydantic scans every installed distribution for plugins on first use (about 12 ms per start);
# jmap uses none, and a CLI that runs in every pre-commit hook should not pay for it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from journeymap import __version__
from journeymap.commands.common import EXIT_TROUBLE, UsageProblem
from journeymap.files import WriteRefused

app = typer.Typer(
    name="jmap",
    help="Customer journey maps as code: validate, score, report and render.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"jmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Customer journey maps as code."""


def _register() -> None:
    """Each command lives in its own module under journeymap/commands; importing them is cheap."""
    from journeymap.commands import COMMANDS

    for name, module_name, function in COMMANDS:
        module = __import__(module_name, fromlist=[function])
        app.command(name=name)(getattr(module, function))


_register()


def main() -> None:
    # A short-lived process that builds a large tree of small objects and frees it at exit:
    # the cyclic collector would only rescan it over and over (2-3x the parse time on big maps).
    gc.disable()
    try:
        app()
    except (UsageProblem, WriteRefused) as problem:
        typer.echo(f"jmap: {problem}", err=True)
        sys.exit(EXIT_TROUBLE)
    except OSError as error:
        typer.echo(f"jmap: {error.filename or ''}{': ' if error.filename else ''}{error.strerror or error}", err=True)
        sys.exit(EXIT_TROUBLE)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_TROUBLE)
    except Exception as error:  # the promise: one line, never a traceback
        typer.echo(f"jmap: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_TROUBLE)
