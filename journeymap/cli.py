"""The `jmap` command: a thin shell that reads arguments, calls the core and prints a format.

Heavy modules (pydantic, rich, graphviz) are imported inside the commands that need them,
so that `jmap --version` and a small `jmap validate` start fast. `run` is the console script;
`main` is the same command line without the process-wide tuning, for callers in a longer process.
"""

from __future__ import annotations

import errno
import gc
import os
import sys

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


def _build(only: str = None):
    """The full app; or, with `only`, an app that knows just that command (same parsing and help).

    typer inspects the signature of every registered command on each run (~1 ms each), so
    `jmap render …` builds the render command alone."""
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
        if only is not None and name != only:
            continue
        module = __import__(module_name, fromlist=[function])
        app.command(name=name)(getattr(module, function))
    if only is None:
        _app = app
    return app


def _command_asked() -> str:
    """The command named first on the command line, when it is one of ours; else None (build them all)."""
    from journeymap.commands import COMMANDS

    first = sys.argv[1] if len(sys.argv) > 1 else None
    return first if any(name == first for name, _module, _function in COMMANDS) else None


def run() -> None:
    """The console script (`jmap`, `python -m journeymap`): `main` tuned for a short-lived process.

    Only here, never on import or in `main`, so that a program or a test suite calling `main()`
    keeps its own environment and garbage collection:
    - pydantic scans every installed distribution for plugins on first use (about 12 ms per
      start); jmap uses none, and a CLI that runs in every pre-commit hook should not pay for it;
    - the cyclic collector is paused: the process builds a large tree of small objects and frees
      it at exit, and the collector would only rescan it over and over (2-3x the parse time on
      big maps). Leaving the pause turns it back on just before the interpreter shuts down, and
      shutdown collects once more when it is on; everything is frozen first, so that last pass
      has nothing to scan (the process is ending: nothing needs collecting).
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:] == ["--version"]:  # answered before anything else is imported
        main()
        return
    from journeymap.load.loader import gc_paused

    with gc_paused():
        try:
            main()
        finally:
            gc.freeze()


def main() -> None:
    """`jmap` with sys.argv: exits with the contract's codes (0 clean, 1 findings, 2 trouble), one line per problem."""
    if sys.argv[1:] == ["--version"]:  # the one answer that needs no command line parser
        try:
            sys.stdout.write(f"jmap {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(2)
        return
    import typer

    from journeymap.base.files import LockTimeout, WriteRefused
    from journeymap.base.textsafe import inert  # paths and messages quote user text: one inert line each
    from journeymap.commands.common import EXIT_TROUBLE, UsageProblem
    from journeymap.commands.typer_compat import ClickException, NoArgsIsHelpError, UsageError

    try:
        # Not standalone: click would print usage errors in four lines and turn a closed pipe
        # into exit 1 before the handlers below could keep the contract.
        code = _build(_command_asked())(standalone_mode=False, prog_name="jmap")
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
    except NoArgsIsHelpError as error:  # `jmap` alone: the help, as before
        error.show()
        sys.exit(EXIT_TROUBLE)
    except UsageError as error:
        typer.echo(f"jmap: {_usage_line(error, inert)}", err=True)
        sys.exit(EXIT_TROUBLE)
    except ClickException as error:
        typer.echo(f"jmap: {inert(error.format_message())}", err=True)
        sys.exit(EXIT_TROUBLE)
    except (UsageProblem, WriteRefused, LockTimeout) as problem:
        typer.echo(f"jmap: {inert(str(problem))}", err=True)
        sys.exit(EXIT_TROUBLE)
    except BrokenPipeError:  # the reader went away (`jmap rules | head`): nothing to say to it
        _quiet_stdout()
        sys.exit(EXIT_TROUBLE)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        typer.echo(f"jmap: {inert(where + str(error.strerror or error))}", err=True)
        sys.exit(EXIT_TROUBLE)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Abort:
        typer.echo("jmap: aborted", err=True)
        sys.exit(EXIT_TROUBLE)
    except SystemExit as leaving:
        # typer catches a closed pipe itself, even outside standalone mode, and leaves with 1
        # ("findings"); the broken pipe it caught is still attached to the exit.
        if isinstance(leaving.__context__, OSError) and leaving.__context__.errno == errno.EPIPE:
            _quiet_stdout()
            sys.exit(EXIT_TROUBLE)
        raise
    except Exception as error:  # the promise: one line, never a traceback
        typer.echo(f"jmap: internal error: {type(error).__name__}: {inert(str(error))}", err=True)
        sys.exit(EXIT_TROUBLE)
    # Without standalone mode a command's `raise typer.Exit(n)` comes back as n.
    sys.exit(code if isinstance(code, int) else 0)


def _usage_line(error, inert) -> str:
    """`jmap: score: Invalid value for '--format' / '-f': 'xml' is not one of …` in one line."""
    message = error.format_message().replace("Value error, ", "")
    message = " ".join(message.split())
    context = error.ctx
    command = context.info_name if context is not None and context.parent is not None else None
    return inert(f"{command}: {message}" if command else message)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush finds no closed pipe to complain of."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
