"""`jmap lsp`: the Language Server Protocol server that checks, explains and completes a map as it is typed.

Every answer comes from the modules the commands use: diagnostics from `validation`, numbers
from `rollups` and `gaps`, positions from the loader's spans. This package only translates
them into the protocol's shapes. It needs pygls (the `jmap[lsp]` extra) and is imported by
the `lsp` command alone, so no other command pays for it.
"""
