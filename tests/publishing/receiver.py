"""A local webhook receiver: answers scripted statuses (then 200) and records each request and its signature,
checked as the README tells receivers to check it (signed time within five minutes, HMAC over "t.body")."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
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


def verify(secret: bytes, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The README's verification example, as a receiver would paste it."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(time.time() - timestamp) <= tolerance and hmac.compare_digest(parts.get("v1", ""), expected)


@dataclass
class Receiver:
    secret: str
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    answer_after: float = 0.0  # seconds a request is held open before the answer (an attempt in flight)
    url: str = ""
    port: int = 0

    @property
    def allowed(self) -> str:
        """The allowlist entry opening this receiver (its address and port) to webhook deliveries."""
        return f"127.0.0.1:{self.port}/32"

    def payloads(self) -> list[dict]:
        return [json.loads(request.body) for request in self.requests]


@contextmanager
def running_receiver(*, secret: str) -> Iterator[Receiver]:
    receiver = Receiver(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            valid = verify(receiver.secret.encode(), self.headers.get("X-Factcheck-Signature", ""), body)
            receiver.requests.append(Received(self.path, dict(self.headers), body, valid))
            time.sleep(receiver.answer_after)
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
    receiver.port = server.server_address[1]
    receiver.url = f"http://127.0.0.1:{receiver.port}/hooks/factcheck?source=desk"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
