"""`make readme`: regenerate the README's generated sections from their sources.

A generated section sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; everything
else in the README is written by hand. `tests/test_docs.py` fails while a section is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def rules() -> str:
    """Every diagnostic code with its documentation, from the rules themselves."""
    from journeymap.checks.codes import codes_markdown

    return codes_markdown()


def formats() -> str:
    """The `--format` choices of every command, from the output registries the CLI reads."""
    from journeymap.outputs.registry import REGISTRIES

    lines = ["| command | `--format` | what it gives |", "|---|---|---|"]
    for registry in REGISTRIES.values():
        described = [(name, text) for name, text in registry.aliases.items()]
        described += [(f.name, f.help) for f in registry.formats]
        for name, text in described:
            lines.append(f"| `jmap {registry.command}` | `{name}` | {text} |")
    return "\n".join(lines) + "\n"


SECTIONS = {"rules": rules, "formats": formats}


def regenerate(text: str) -> str:
    """The README with every generated section rebuilt; a section marker missing is an error."""
    for name, build in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> section")
        body = build()
        text = pattern.sub(lambda found, body=body: found.group(1) + body + found.group(3), text, count=1)
    return text


def main() -> int:
    old = README.read_text(encoding="utf-8")
    new = regenerate(old)
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md: generated sections updated")
    else:
        print("README.md: generated sections are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
