"""The result of one `jmap validate` run over many files: what every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.base.diagnostics import Diagnostic, Severity


@dataclass
class Run:
    files: list = field(default_factory=list)  # file names, in the order checked
    diagnostics: list = field(default_factory=list)  # sorted by file, line, column
    failing: Severity = Severity.ERROR  # findings at or above this fail the run (WARNING with --strict)

    def by_file(self) -> dict[str, list[Diagnostic]]:
        grouped = {name: [] for name in self.files}
        for d in self.diagnostics:
            grouped.setdefault(d.file, []).append(d)
        return grouped

    def counts(self) -> dict[str, int]:
        found = {s.label: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for d in self.diagnostics:
            found[d.severity.label] += 1
        return found

    def fails(self, d: Diagnostic) -> bool:
        return d.severity >= self.failing

    @property
    def failed(self) -> bool:
        return any(self.fails(d) for d in self.diagnostics)
