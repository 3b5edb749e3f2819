"""`jmap lsp` end to end: a real client talks JSON-RPC to `python -m journeymap lsp` over stdio.

Every expectation is computed here independently: the diagnostics from `jmap validate
--format json` run as its own process, the CSAT interval from Wilson's formula, positions
by searching the text.
"""

import json
import math
import re
import subprocess
import sys

import pytest

pytest.importorskip("pygls")

from helpers import ROOT, SAMPLE  # noqa: E402
from helpers.lsp_client import LspClient  # noqa: E402

TYPOS = ROOT / "samples" / "broken" / "typos.jmap.yaml"
Z = 1.959964


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    made = tmp_path_factory.mktemp("maps")
    (made / ".git").mkdir()  # the configuration search stops here
    return made


@pytest.fixture(scope="module")
def client(folder):
    talking = LspClient(folder)
    talking.start(folder)
    yield talking
    assert talking.close() == 0


def validate_json(path):
    done = subprocess.run([sys.executable, "-m", "journeymap", "validate", "--format", "json", path.name],
                          cwd=path.parent, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def expected(findings):
    """validate's findings as the protocol shows them: 0-based lines and columns (ASCII maps)."""
    return sorted((f["code"], (f["line"] - 1, f["column"] - 1), (f["end_line"] - 1, f["end_column"] - 1),
                   f["message"]) for f in findings)


def published(diagnostics):
    return sorted((d["code"], (d["range"]["start"]["line"], d["range"]["start"]["character"]),
                   (d["range"]["end"]["line"], d["range"]["end"]["character"]), d["message"]) for d in diagnostics)


def place(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def where(text, needle, occurrence=0):
    """(line, character) of the start of the n-th occurrence of `needle`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def at(text, needle, occurrence=0, offset=1):
    line, character = where(text, needle, occurrence)
    return {"line": line, "character": character + offset}


def doc(uri):
    return {"uri": uri}


def test_a_broken_map_gets_exactly_the_findings_of_validate(client, folder):
    path = place(folder, "typos.jmap.yaml", TYPOS.read_text())
    uri = client.open(path, path.read_text())
    diagnostics = client.diagnostics(uri)
    assert published(diagnostics) == expected(validate_json(path))
    assert {d["code"] for d in diagnostics} >= {"JM103", "JM204", "JM203", "JM202", "JM104", "JM306"}
    levels = {d["code"]: d["severity"] for d in diagnostics}
    assert levels["JM204"] == 1 and levels["JM306"] == 2  # error, warning
    jm204 = next(d for d in diagnostics if d["code"] == "JM204")
    assert jm204["codeDescription"]["href"].endswith("README.md#jm204")
    assert jm204["source"] == "jmap"


def test_an_edit_updates_the_diagnostics(client, folder):
    text = TYPOS.read_text()
    path = place(folder, "edited.jmap.yaml", text)
    uri = client.open(path, text)
    before = client.diagnostics(uri)
    assert "JM204" in {d["code"] for d in before}
    line, character = where(text, "prodcut-page")
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": line, "character": character},
                                      "end": {"line": line, "character": character + len("prodcut-page")}},
                            "text": "product-page"}]})
    after = client.diagnostics(uri, version=2)
    fixed = place(folder, "fixed.jmap.yaml", text.replace("prodcut-page", "product-page"))
    assert published(after) == expected(validate_json(fixed))
    gone = {d["code"] for d in before} - {d["code"] for d in after}
    assert gone == {"JM204", "JM308"}  # the fixed `next` also reaches product-page now


def test_config_found_upward_and_suppressions_apply_as_in_validate(client, folder):
    team = folder / "team"
    (team / "maps").mkdir(parents=True)
    (team / ".jmap.yaml").write_text("disable: [JM306]\nlevels: {JM308: error}\n")
    text = TYPOS.read_text().replace("        channel: e-mail\n", "        channel: e-mail  # jmap: disable=JM203\n")
    path = place(team / "maps", "typos.jmap.yaml", text)
    uri = client.open(path, text)
    diagnostics = client.diagnostics(uri)
    assert published(diagnostics) == expected(validate_json(path))
    codes = {d["code"]: d["severity"] for d in diagnostics}
    assert "JM306" not in codes and "JM203" not in codes and codes["JM308"] == 1


def test_a_file_that_validate_would_not_pick_up_gets_no_diagnostics(client, folder):
    path = place(folder, "notes.yaml", "title: not a journey map\n")
    uri = client.open(path, path.read_text())
    assert client.diagnostics(uri) == []


def wilson(successes, n):
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return p, centre - half, centre + half


@pytest.fixture(scope="module")
def sample(client, folder):
    text = SAMPLE.read_text()
    path = place(folder, "online-store.jmap.yaml", text)
    uri = client.open(path, text)
    assert published(client.diagnostics(uri)) == expected(validate_json(path))  # warnings only: usable
    return uri, text


def test_hover_on_a_touchpoint_shows_its_csat_interval_and_n(client, sample):
    uri, text = sample
    answer = client.request("textDocument/hover", {"textDocument": doc(uri), "position": at(text, "id: instagram-ad", 0, 6)})
    shown = answer["result"]["contents"]["value"]
    p, low, high = wilson(50 + 40, 4 + 6 + 20 + 50 + 40)  # counts [4, 6, 20, 50, 40]: top two boxes
    # CSAT as people read it: a percentage, its interval in the same unit
    assert f"CSAT {100 * p:.1f}% [{100 * low:.1f}, {100 * high:.1f}] n=120 · target 80.0% · **under target**" in shown
    assert "reach 120,000" in shown
    assert "metric csat · value 75.0% · target 80.0% · gap 5.0 pp" in shown  # the report's row
    assert "persona share 65.0%" in shown  # the persona it serves has a share of 0.65


def test_hover_on_a_persona_shows_its_share(client, sample):
    uri, text = sample
    answer = client.request("textDocument/hover", {"textDocument": doc(uri), "position": at(text, "id: returning", 0, 5)})
    assert "persona share 35.0%" in answer["result"]["contents"]["value"]


def test_definition_of_a_next_id(client, sample):
    uri, text = sample
    answer = client.request("textDocument/definition",
                            {"textDocument": doc(uri), "position": at(text, "next: [search-result", 0, 9)})
    line, character = where(text, "id: search-result")
    assert answer["result"] == [{"uri": uri, "range": {"start": {"line": line, "character": character + 4},
                                                       "end": {"line": line, "character": character + 4 + 13}}}]


def test_references_of_a_touchpoint_include_every_next(client, sample):
    uri, text = sample
    answer = client.request("textDocument/references", {
        "textDocument": doc(uri), "position": at(text, "id: product-page", 0, 5), "context": {"includeDeclaration": True}})
    lines = sorted(r["range"]["start"]["line"] for r in answer["result"])
    assert lines == sorted(text.count("\n", 0, m.start()) for m in re.finditer(r"(?<![\w-])product-page(?![\w-])", text))


def apply(text, edits):
    """Apply protocol edits to a text (ASCII: characters are UTF-16 units), last first."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = [(offsets[e["range"]["start"]["line"]] + e["range"]["start"]["character"],
              offsets[e["range"]["end"]["line"]] + e["range"]["end"]["character"], e["newText"]) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def test_rename_a_persona_edits_every_reference(client, sample, folder):
    uri, text = sample
    answer = client.request("textDocument/rename", {"textDocument": doc(uri), "position": at(text, "id: new-visitor", 0, 5),
                                                    "newName": "first-timer"})
    edits = answer["result"]["changes"][uri]
    uses = len(re.findall(r"(?<![\w-])new-visitor(?![\w-])", text))
    assert len(edits) == uses > 2
    renamed = apply(text, edits)
    assert "new-visitor" not in renamed and renamed.count("first-timer") == uses
    # every reference followed: the same findings as before, with the new id in their messages
    before = validate_json(place(folder, "before-rename.jmap.yaml", text))
    after = validate_json(place(folder, "renamed.jmap.yaml", renamed))
    assert [(f["code"], f["line"]) for f in after] == [(f["code"], f["line"]) for f in before]


def test_rename_to_an_invalid_id_is_refused(client, sample):
    uri, text = sample
    for bad in ("New Visitor", "returning"):  # not a slug; already a persona
        answer = client.request("textDocument/rename", {"textDocument": doc(uri),
                                                        "position": at(text, "id: new-visitor", 0, 5), "newName": bad})
        assert "error" in answer and answer["error"]["code"] == -32602, answer


def test_completion_inside_channel_offers_the_declared_channels(client, folder):
    text = SAMPLE.read_text().replace("        channel: social\n", "        channel: \n", 1)
    path = place(folder, "typing.jmap.yaml", text)
    uri = client.open(path, text)
    client.diagnostics(uri)
    line, character = where(text, "        channel: \n")
    answer = client.request("textDocument/completion", {"textDocument": doc(uri),
                                                        "position": {"line": line, "character": character + 17}})
    labels = [item["label"] for item in answer["result"]["items"]]
    assert labels == ["web", "mobile-app", "email", "social", "chat", "phone"]


def test_did_you_mean_code_action_fixes_the_finding(client, folder):
    text = TYPOS.read_text()
    path = place(folder, "fixme.jmap.yaml", text)
    uri = client.open(path, text)
    diagnostics = client.diagnostics(uri)
    jm204 = next(d for d in diagnostics if d["code"] == "JM204")
    answer = client.request("textDocument/codeAction", {"textDocument": doc(uri), "range": jm204["range"],
                                                        "context": {"diagnostics": [jm204]}})
    titles = [a["title"] for a in answer["result"]]
    assert "Replace with 'product-page'" in titles and "Disable JM204 on this line (# jmap: disable=JM204)" in titles
    action = next(a for a in answer["result"] if a["title"] == "Replace with 'product-page'")
    fixed = apply(text, action["edit"]["changes"][uri])
    assert fixed == text.replace("next: [prodcut-page]", "next: [product-page]")
    assert "JM204" not in {f["code"] for f in validate_json(place(folder, "fixed-by-action.jmap.yaml", fixed))}


def test_outline_and_folding_follow_the_stages(client, sample):
    uri, text = sample
    symbols = client.request("textDocument/documentSymbol", {"textDocument": doc(uri)})["result"]
    stage_ids = re.findall(r"^  - id: (\S+)", text, re.M)
    assert [s["name"] for s in symbols] == stage_ids
    assert [c["name"] for c in symbols[0]["children"]] == ["instagram-ad", "search-result"]
    folds = client.request("textDocument/foldingRange", {"textDocument": doc(uri)})["result"]
    first = where(text, "  - id: awareness")[0]
    second = where(text, "  - id: consideration")[0]
    assert {"startLine": first, "endLine": second - 2, "kind": "region"} in folds  # a blank line between stages


def test_quick_edits_are_checked_once_after_the_pause_and_again_on_save(client, folder):
    text = TYPOS.read_text()
    path = place(folder, "typing-fast.jmap.yaml", text)
    uri = client.open(path, text)
    client.diagnostics(uri, version=1)
    line, character = where(text, "A map with typos")
    end = character + len("A map with typos")
    for version, typed in enumerate("xyz", start=2):  # three keystrokes well inside the pause
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": end + version - 2},
                                          "end": {"line": line, "character": end + version - 2}}, "text": typed}]})
    first = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    assert first["version"] == 4  # versions 2 and 3 were never checked
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    saved = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    assert saved["version"] == 4 and published(saved["diagnostics"]) == published(first["diagnostics"])


def test_a_broken_configuration_is_shown_once_and_the_map_checked_with_the_defaults(client, folder):
    team = folder / "broken-config"
    team.mkdir()
    (team / ".jmap.yaml").write_text("disable: [JM999]\n")
    done = subprocess.run([sys.executable, "-m", "journeymap", "validate", "x.jmap.yaml"], cwd=team,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2  # validate refuses to run at all
    path = place(team, "typos.jmap.yaml", TYPOS.read_text())
    uri = client.open(path, path.read_text())
    shown = client.wait_for("window/showMessage", lambda p: "JM999" in p["message"])
    assert shown["type"] == 1 and shown["message"].startswith("jmap: ") and "default settings" in shown["message"]
    with_defaults = place(folder, "typos-with-defaults.jmap.yaml", TYPOS.read_text())  # no configuration here
    assert published(client.diagnostics(uri)) == expected(validate_json(with_defaults))


def test_without_the_extra_the_command_says_what_to_install_in_one_line(folder):
    probe = ("import sys; sys.modules['pygls'] = None; sys.argv = ['jmap', 'lsp']\n"
             "from journeymap.cli import main\nmain()")
    done = subprocess.run([sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "jmap: jmap lsp needs pygls: install it with pip install 'jmap[lsp]'\n"
