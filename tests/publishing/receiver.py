"""A local webhook receiver: answers scripted statuses (then 200) and records each request and its signature."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool


@dataclass
class Receiver:
    secret: str
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    url: str = ""

    def payloads(self) -> list[dict]:
        return [json.loads(request.body) for request in self.requests]


@contextmanager
def running_receiver(*, secret: str) -> Iterator[Receiver]:
    receiver = Receiver(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
            valid = hmac.compare_digest(self.headers.get("X-Factcheck-Signature", ""), expected)
            receiver.requests.append(Received(self.path, dict(self.headers), body, valid))
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            if not valid:
                status = 401
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(f"answered {status}".encode())

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/factcheck?source=desk"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
