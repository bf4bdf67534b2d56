"""Fixtures for publishing: claims with published verdicts, and a local webhook receiver that checks signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from claims.models import Article, Claim, Evidence, Verdict
from claims.workflow import State


def make_claim(
    *, text: str = "The city received 91 drones overnight.", claimant: str = "Sergei Lavrov", **extra
) -> Claim:
    article = Article.objects.create(
        url=extra.pop("article_url", f"https://news.example.org/story-{Article.objects.count() + 1}"),
        content_hash=f"{Article.objects.count() + 1:064d}",
        title="Drones over the city",
        text=f"Intro. {text} More.",
        author="Ann Reporter",
        publisher="Example News",
        published_at=extra.pop("article_published_at", datetime(2026, 3, 14, 9, 30, tzinfo=UTC)),
    )
    start = article.text.index(text)
    return Claim.objects.create(
        article=article,
        text=text,
        quote=text,
        start=start,
        end=start + len(text),
        claimant=claimant,
        status=extra.pop("status", State.PUBLISHED),
        **extra,
    )


def publish_verdict(
    claim: Claim, *, author, publisher, rating: str = "false", correction_note: str = "", summary: str = ""
) -> Verdict:
    """A published verdict version, as the workflow's `publish` transition leaves it."""
    version = claim.verdicts.count() + 1
    return Verdict.objects.create(
        claim=claim,
        version=version,
        rating=rating,
        summary=summary or f"Summary v{version}: no such thing happened.",
        explanation=f"Explanation v{version}: the records show otherwise.",
        author=author,
        published_at=timezone.now() + timedelta(seconds=version),
        published_by=publisher,
        correction_note=correction_note,
    )


def add_evidence(claim: Claim, *, stance: str, title: str, url: str) -> Evidence:
    return Evidence.objects.create(
        claim=claim, url=url, title=title, excerpt=f"Excerpt of {title}.", stance=stance, fingerprint=url
    )


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool


@dataclass
class Receiver:
    """A local HTTP endpoint answering with the scripted statuses (then 200), recording every request."""

    secret: str
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    url: str = ""

    def payloads(self) -> list[dict]:
        return [json.loads(request.body) for request in self.requests]


@pytest.fixture
def webhook_receiver(settings) -> Iterator[Receiver]:
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    receiver = Receiver(secret="s3cret-for-tests")

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
