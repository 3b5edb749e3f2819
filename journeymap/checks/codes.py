"""Every diagnostic code: its severity, one-line summary and user documentation.

The loader and model codes (JM0xx, JM1xx) are documented here; each semantic rule documents
itself in its module under `journeymap.checks`, and is listed here from there.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from journeymap.base.diagnostics import Severity


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    summary: str
    doc: str


_E = Severity.ERROR

_STRUCTURAL = [
    Code("JM001", _E, "YAML syntax error", """What it does: reports where the YAML parser stopped.

Why it matters: nothing else can be checked until the file parses.

Example:
    stages: [awareness,    # JM001: the flow list is never closed"""),
    Code("JM002", _E, "duplicate key", """What it does: finds a key given twice in one mapping.

Why it matters: YAML loaders keep the last value without a word, so the first `satisfaction`
block of a touchpoint would be thrown away.

Example:
    owner: marketing
    owner: growth          # JM002: duplicate key 'owner' (first defined on line 12)"""),
    Code("JM003", _E, "unreadable, not UTF-8, empty, or not a mapping", """What it does: reports files that cannot be read, are not UTF-8, are empty, hold more than one
document, or whose top level is not a mapping.

Why it matters: a journey map is one mapping that starts with `jmap: 1`."""),
    Code("JM004", _E, "too large, too deep, or an alias bomb", """What it does: refuses documents over the configured limits: bytes (32 MiB), nesting depth (64),
nodes after alias expansion (5,000,000) and the length of one text (100,000 characters).

Why it matters: maps arrive in pull requests from anyone; a ten-line "billion laughs" file
must not hang CI or eat its memory."""),
    Code("JM005", Severity.WARNING, "unused or broken suppression comment", """What it does: reports a `# jmap:` suppression comment that cannot work. An unknown
directive (`disabel=`) or an unknown code is always reported; with `--strict`, so is a
`# jmap: disable=CODE` that silences no finding on its line (or, for `disable-file`, in its
file).

Why it matters: suppressions outlive the problems they hid; a stale one would silently hide
the next real finding on that line.

Example:
    owner: marketing      # jmap: disable=JM303   (JM005 with --strict: the owner is there now)"""),
    Code("JM101", _E, "required field missing", """What it does: reports a required field that is absent: `jmap`, `journey.id`, `journey.title`,
a non-empty `stages`, `id` and `name` on every stage and persona, `id`, `name` and `channel`
on every touchpoint, and the counts or value-and-n of a score.

Example:
    - id: checkout
      channel: web          # JM101: touchpoint field 'name' is missing"""),
    Code("JM102", _E, "wrong type", """What it does: reports a value of the wrong kind: text where a number belongs, a list where a
mapping belongs, an unsupported YAML tag.

Example:
    reach: lots             # JM102: expected a whole number"""),
    Code("JM103", _E, "unknown field", """What it does: reports keys the format does not define, with the closest known key.

Why it matters: a typo such as `satisfacton` would otherwise drop a touchpoint's scores
without anyone noticing.

Example:
    satisfacton:            # JM103: unknown field 'satisfacton' (did you mean 'satisfaction'?)"""),
    Code("JM104", _E, "value out of range", ""),  # documented by the rule module
    Code("JM105", _E, "malformed id", """What it does: checks that ids are lower-case slugs: letters a-z, digits, single `-` or `_`
between them (`product-page`, `step_2`).

Why it matters: ids appear in URLs, file names, suppression comments and DOT; a slug is
safe in all of them.

Example:
    id: Product Page        # JM105: 'Product Page' is not a lower-case slug"""),
    Code("JM106", _E, "unsupported format version", """What it does: checks `jmap:`, the format version. This release reads version 1.

Example:
    jmap: 2                 # JM106: unsupported format version 2 (this jmap reads 1)"""),
]


def _rule_code(module) -> Code:
    """The module docstring's first line names the rule; the rest is its documentation."""
    doc = inspect.cleandoc(module.__doc__ or "")
    if doc.startswith(module.CODE):
        doc = doc.partition("\n")[2].strip()
    return Code(module.CODE, module.SEVERITY, module.SUMMARY, doc)


def all_codes() -> dict[str, Code]:
    from journeymap.checks import RULES

    found = {c.code: c for c in _STRUCTURAL}
    for module in RULES:
        rule = _rule_code(module)
        if rule.code in found and not found[rule.code].doc:
            found[rule.code] = Code(rule.code, found[rule.code].severity, found[rule.code].summary, rule.doc)
        else:
            found.setdefault(rule.code, rule)
    return dict(sorted(found.items()))


def help_uri(code: str) -> str:
    from journeymap import REPOSITORY

    return f"{REPOSITORY}/blob/main/README.md#{code.lower()}"


def codes_markdown() -> str:
    """The README's rule reference, generated so that it never drifts from the code."""
    parts = []
    for c in all_codes().values():
        what, _, rest = c.doc.partition("Example:")
        parts.append(f"#### {c.code}\n\n**{c.summary}** ({c.severity.label})\n\n{what.strip()}\n")
        if rest.strip():
            example = "\n".join(line[4:] if line.startswith("    ") else line for line in rest.strip("\n").splitlines())
            parts.append(f"```yaml\n{example.strip()}\n```\n")
    return "\n".join(parts)
