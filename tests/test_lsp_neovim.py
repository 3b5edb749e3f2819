"""`jmap lsp` in a real editor: headless Neovim (0.7+) attaches the server to a broken map,
lists its diagnostics, applies the did-you-mean quick fix and sees the diagnostics update.
Skipped where Neovim is not installed."""

import shutil
import subprocess
import sys

import pytest

pytest.importorskip("pygls")

from helpers import ROOT  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")]

SCRIPT = r"""
local out = {}
local function log(text) table.insert(out, text) end
local client = vim.lsp.start_client({ name = "jmap", cmd = { PYTHON, "-m", "journeymap", "lsp" },
                                      root_dir = vim.fn.getcwd(), cmd_cwd = REPO })
vim.cmd("edit typos.jmap.yaml")
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do log(string.format("%d:%d %s", d.lnum + 1, d.col + 1, d.code)) end
local params = { textDocument = vim.lsp.util.make_text_document_params(),
                 range = { start = { line = 19, character = 16 }, ["end"] = { line = 19, character = 16 } },
                 context = { diagnostics = {} } }
for _, res in pairs(vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 20000) or {}) do
  vim.lsp.util.apply_workspace_edit(res.result[1].edit, "utf-16")
end
log("fixed: " .. vim.api.nvim_buf_get_lines(0, 19, 20, false)[1])
vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == "JM204" then return false end end
  return true
end, 50)
log("after: " .. #vim.diagnostic.get(0))
vim.fn.writefile(out, "result.txt")
vim.cmd("qa!")
"""


def test_neovim_shows_validates_findings_and_applies_a_quick_fix(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "typos.jmap.yaml").write_text((ROOT / "samples" / "broken" / "typos.jmap.yaml").read_text())
    script = f"PYTHON = {sys.executable!r}\nREPO = {str(ROOT)!r}\n" + SCRIPT
    (tmp_path / "check.lua").write_text(script)
    subprocess.run(["nvim", "--headless", "-u", "NONE", "-c", "luafile check.lua"], cwd=tmp_path,
                   capture_output=True, timeout=120)
    shown = (tmp_path / "result.txt").read_text().splitlines()
    validate = subprocess.run([sys.executable, "-m", "journeymap", "validate", "--format", "parsable", "typos.jmap.yaml"],
                              cwd=tmp_path, capture_output=True, text=True)
    expected = sorted(f"{line.split(':')[1]}:{line.split(':')[2]} {line.rsplit('(', 1)[1].rstrip(')')}"
                      for line in validate.stdout.splitlines())
    assert sorted(shown[:-2]) == expected
    assert shown[-2] == "fixed:         next: [product-page]"
    assert shown[-1] == f"after: {len(expected) - 2}"  # JM204 gone, and JM308 with it
