"""A small Language Server Protocol client for the tests: starts `python -m journeymap lsp`
as a subprocess and speaks JSON-RPC to it over stdio, as an editor does."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 30.0


class LspClient:
    def __init__(self, cwd: Path, env=None):
        self.process = subprocess.Popen([sys.executable, "-m", "journeymap", "lsp"], cwd=cwd, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _next(self, deadline: float) -> dict:
        message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
        if message is None:
            raise AssertionError(f"the server stopped: {self.process.stderr.read().decode()[-2000:]}")
        return message

    def request(self, method: str, params) -> dict:
        """The whole response (`result` or `error`); notifications on the way are kept."""
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._next(deadline)
            if message.get("id") == wanted and "method" not in message:
                return message
            self._keep(message)

    def notify(self, method: str, params) -> None:
        self._send({"method": method, "params": params})

    def _keep(self, message: dict) -> None:
        if "id" in message and "method" in message:  # a request from the server: answer it
            self._send({"id": message["id"], "result": None})
        else:
            self.notifications.append(message)

    def wait_for(self, method: str, where=lambda params: True) -> dict:
        """The params of the first notification (kept or coming) of `method` that satisfies `where`."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index, message in enumerate(self.notifications):
                if message.get("method") == method and where(message["params"]):
                    del self.notifications[: index + 1]
                    return message["params"]
            self._keep(self._next(deadline))

    def start(self, root: Path) -> dict:
        result = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {"hover": {"contentFormat": ["markdown"]}, "rename": {"prepareSupport": True}}}})
        self.notify("initialized", {})
        return result["result"]

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": text}})
        return uri

    def diagnostics(self, uri: str, version=None) -> list[dict]:
        return self.wait_for("textDocument/publishDiagnostics",
                             lambda p: p["uri"] == uri and (version is None or p.get("version") == version))["diagnostics"]

    def close(self) -> int:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            return self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()
