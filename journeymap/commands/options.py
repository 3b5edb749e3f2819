"""The options every command spells the same way: `--config/-c`, `--output/-o`, `--format/-f`.

A command takes them from here, so one flag has one name, one short form and one help text
everywhere; `--format`'s choices and help come from the command's output registry.
"""

from __future__ import annotations

import typer

CONFIG_HELP = ("Configuration file: rules, targets, low-sample threshold, limits "
               "(default: the nearest .jmap.yaml, or [tool.jmap] in pyproject.toml).")


def config_option():
    return typer.Option(None, "--config", "-c", metavar="FILE", help=CONFIG_HELP)


def output_option(what: str = "the result"):
    return typer.Option(None, "--output", "-o", help=f"Write {what} to this file (atomically) instead of standard output.")


def format_option(registry, default: str = ...):
    """`--format/-f` with the registry's names as its choices and its formats' help as its help."""
    return typer.Option(default, "--format", "-f", help=registry.help())
