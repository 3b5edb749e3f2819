"""The server: pygls speaks the protocol; every answer comes from the modules beside this one.

pygls is the library the Python language-server world has settled on (it carries python-lsp-
server's and esbonio's servers, among others): it handles the JSON-RPC framing, document
synchronisation (incremental edits applied for us), the position encoding agreed with the
client and the asyncio loop that debouncing needs, which leaves this package only jmap's part.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from contextlib import contextmanager
from typing import Iterator, Optional

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from journeymap import __version__
from journeymap.lsp import actions, completion, findings, hover, navigation
from journeymap.lsp.state import MapState, open_map

DEBOUNCE_SECONDS = 0.15  # a pause in typing this long and the map is checked again


@contextmanager
def out_of_the_collectors_sight() -> Iterator[None]:
    """Build a map's state with the cyclic collector paused, then freeze what was built.

    A loaded map is hundreds of thousands of small acyclic objects, freed by reference counting
    when the next version replaces them. Left to the collector, they would be rescanned after
    every keystroke: half the time of a check at 2,000 touchpoints. The CLI simply turns the
    collector off; a long-running server freezes each version out of its sight instead.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class JmapProtocol(LanguageServerProtocol):
    """Diagnostics leave already in the protocol's JSON shape (see `findings`): sent as they are."""

    def get_message_type(self, method: str):
        if method == lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            return None
        return super().get_message_type(method)


class JmapServer(LanguageServer):
    """The open maps, each checked once per version of its text."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS):
        super().__init__("jmap", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         protocol_cls=JmapProtocol)
        self.debounce = debounce
        self.states: dict[str, tuple[Optional[int], MapState]] = {}
        self.parsed: dict[str, MapState] = {}  # the latest state whose text loaded: ids while a line is half-typed
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.told: set[str] = set()  # configuration problems already shown
        self.shut_down = False  # the client asked for a shutdown before exit (exit status 0)

    def state(self, uri: str) -> MapState:
        """The map as its latest text stands (checked again only when the text changed)."""
        document = self.workspace.get_text_document(uri)
        cached = self.states.get(uri)
        if cached is not None and cached[0] == document.version and cached[1].text == document.source:
            return cached[1]
        encoding = str(self.protocol.server_capabilities.position_encoding or "utf-16") \
            if self.protocol.server_capabilities is not None else "utf-16"
        with out_of_the_collectors_sight():
            state = open_map(to_fs_path(uri) or "", document.source, encoding)
            state.findings, state.lines  # noqa: B018 - built here, inside the pause
        self.states[uri] = (document.version, state)
        if state.result.document is not None and state.result.document.data is not None:
            self.parsed[uri] = state
        return state

    def diagnose(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        state = self.state(uri)
        if state.config_problem and state.config_problem not in self.told:
            self.told.add(state.config_problem)
            self.window_show_message(lsp.ShowMessageParams(
                type=lsp.MessageType.Error,
                message=f"jmap: {state.config_problem} (checking with the default settings)"))
        version = self.states[uri][0]
        published = {"uri": uri, "diagnostics": findings.diagnostics(state)}
        if version is not None:
            published["version"] = version
        self.protocol.notify(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, published)

    def schedule(self, uri: str) -> None:
        """Check after a pause in typing; at once when there is no debounce (benchmarks, tests)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if self.debounce <= 0:
            self.diagnose(uri)
            return
        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.diagnose, uri)

    def forget(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.states.pop(uri, None)
        self.parsed.pop(uri, None)
        self.protocol.notify(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, {"uri": uri, "diagnostics": []})


def build(debounce: float = DEBOUNCE_SECONDS) -> JmapServer:
    server = JmapServer(debounce)

    @server.feature(lsp.SHUTDOWN)
    def on_shutdown(ls: JmapServer, params) -> None:
        ls.shut_down = True

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: JmapServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.diagnose(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: JmapServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: JmapServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.diagnose(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: JmapServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: JmapServer, params: lsp.HoverParams) -> Optional[lsp.Hover]:
        return hover.hover(ls.state(params.text_document.uri), params.position)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: JmapServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        uri = params.text_document.uri
        return navigation.definition(uri, ls.state(uri), params.position)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def on_references(ls: JmapServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        uri = params.text_document.uri
        return navigation.references(uri, ls.state(uri), params.position, params.context.include_declaration)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(ls: JmapServer, params: lsp.PrepareRenameParams) -> Optional[lsp.Range]:
        return navigation.prepare_rename(ls.state(params.text_document.uri), params.position)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    def on_rename(ls: JmapServer, params: lsp.RenameParams) -> Optional[lsp.WorkspaceEdit]:
        uri = params.text_document.uri
        try:
            return navigation.rename(uri, ls.state(uri), params.position, params.new_name)
        except navigation.RenameRefused as refused:
            raise JsonRpcInvalidParams(str(refused)) from None

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: JmapServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        return navigation.symbols(ls.state(params.text_document.uri))

    @server.feature(lsp.TEXT_DOCUMENT_FOLDING_RANGE)
    def on_folding(ls: JmapServer, params: lsp.FoldingRangeParams) -> list[lsp.FoldingRange]:
        return navigation.folding(ls.state(params.text_document.uri))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
    def on_completion(ls: JmapServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        state = ls.state(uri)
        items = completion.complete(state, ls.parsed.get(uri), params.position)
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def on_code_action(ls: JmapServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        return actions.actions(uri, ls.state(uri), params.range)

    return server


def serve() -> int:
    """Speak the protocol on standard input and output until the client says exit; the exit
    status the protocol asks for: 0 after a shutdown request, 1 without one.

    The server gets its own handles on the two streams (it closes them when it stops), and
    `sys.stdout` points at stderr meanwhile, so that a stray print can never corrupt a message."""
    gc.enable()  # the console script pauses the collector for a short run; a server runs for hours
    server = build()
    reader = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    writer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout.flush()
    real_stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        server.start_io(reader, writer)
    finally:
        sys.stdout = real_stdout
        for stream in (reader, writer):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
    return 0 if server.shut_down else 1
