"""JUnit XML for CI test reports: one testsuite per file, one testcase per finding.

A clean file is one passing testcase, so every checked file shows up. Findings at or above
the run's failing level are `<failure>`s; the rest are passing cases with the finding in
`<system-out>`, so the report agrees with the exit code. No timings: output is deterministic.
Characters XML 1.0 cannot hold (most control characters) are removed, so the XML always parses.
"""

from __future__ import annotations

import re

from journeymap.outputs.validate.parsable import line as parsable_line
from journeymap.outputs.registry import View

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_ATTRIBUTE = re.compile(r'[&<>"\n\r\t]')
_TEXT = re.compile(r"[&<>]")


def _attr(value) -> str:
    return '"' + _ATTRIBUTE.sub(lambda m: _ESCAPES[m.group()], _NOT_XML.sub("", str(value))) + '"'


def _text(value: str) -> str:
    return _TEXT.sub(lambda m: _ESCAPES[m.group()], _NOT_XML.sub("", value))


def render(run, view: View = View()) -> str:
    suites = []
    total_tests = total_failures = 0
    for file, found in run.by_file().items():
        cases = []
        failures = 0
        for d in found:
            name = f"{d.code} {d.line}:{d.column} {d.message}"
            detail = parsable_line(d) + (f"\npath: {d.path_text}" if d.path else "")
            if run.fails(d):
                failures += 1
                body = (f'      <failure type={_attr(d.severity.label)} message={_attr(d.message)}>'
                        f"{_text(detail)}</failure>\n")
            else:
                body = f"      <system-out>{_text(detail)}</system-out>\n"
            cases.append(f"    <testcase name={_attr(name)} classname={_attr(file)}>\n{body}    </testcase>\n")
        if not found:
            cases.append(f"    <testcase name={_attr('valid journey map')} classname={_attr(file)}/>\n")
        suites.append(f'  <testsuite name={_attr(file)} tests="{len(cases)}" failures="{failures}" '
                      f'errors="0" skipped="0" file={_attr(file)}>\n{"".join(cases)}  </testsuite>\n')
        total_tests += len(cases)
        total_failures += failures
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="jmap validate" tests="{total_tests}" failures="{total_failures}" errors="0">\n'
            f'{"".join(suites)}</testsuites>\n')
