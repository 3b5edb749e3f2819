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

from journeymap import __version__

_app = None


def __getattr__(name: str):
    """`journeymap.cli.app` is built on first use: typer and click cost ~40 ms that `jmap --version` skips."""
    if name == "app":
        return _build()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version(value: bool) -> None:
    if value:
        import typer

        typer.echo(f"jmap {__version__}")
        raise typer.Exit()


def _build():
    global _app
    if _app is not None:
        return _app
    import typer

    app = typer.Typer(
        name="jmap",
        help="Customer journey maps as code: validate, score, report and render.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def main_options(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                     help="Show the version and exit."),
    ) -> None:
        """Customer journey maps as code."""

    # Each command lives in its own module under journeymap/commands; importing them is cheap.
    from journeymap.commands import COMMANDS

    for name, module_name, function in COMMANDS:
        module = __import__(module_name, fromlist=[function])
        app.command(name=name)(getattr(module, function))
    _app = app
    return app


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # the one answer that needs no command line parser
        sys.stdout.write(f"jmap {__version__}\n")
        sys.stdout.flush()
        return
    import typer

    from journeymap.commands.common import EXIT_TROUBLE, UsageProblem
    from journeymap.files import WriteRefused
    from journeymap.textsafe import inert  # paths and messages quote user text: one inert line each

    # A short-lived process that builds a large tree of small objects and frees it at exit:
    # the cyclic collector would only rescan it over and over (2-3x the parse time on big maps).
    gc.disable()
    try:
        _build()()
    except (UsageProblem, WriteRefused) as problem:
        typer.echo(f"jmap: {inert(str(problem))}", err=True)
        sys.exit(EXIT_TROUBLE)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        typer.echo(f"jmap: {inert(where + str(error.strerror or error))}", err=True)
        sys.exit(EXIT_TROUBLE)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_TROUBLE)
    except Exception as error:  # the promise: one line, never a traceback
        typer.echo(f"jmap: internal error: {type(error).__name__}: {inert(str(error))}", err=True)
        sys.exit(EXIT_TROUBLE)
