"""Webhooks: registration, queued deliveries, signed HTTP POSTs with retries and a delivery log.

A delivery is one (webhook, dedupe key) row, created once per event occurrence; it is sent until a 2xx
answer, with exponential backoff between attempts (each retry queued through the outbox with a countdown to
its time), and never again once delivered.

Each attempt is signed as Stripe signs its events: `X-Factcheck-Signature: t=<unix time>,v1=<hex>`, the
HMAC-SHA256 of `<t>.<body>` keyed with the webhook's secret. The time is signed with the body, so a receiver
that refuses signatures older than SIGNATURE_TOLERANCE_SECONDS cannot be fed a recorded delivery again later.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.errors import InvalidInput, NotFound
from claims.ingestion.fetch import address_problem, literal_ip, parse_networks
from claims.inputs.urls import is_http_url
from claims.models import Webhook, WebhookDelivery
from claims.selectors.outbox import outbox_queued
from claims.selectors.publishing import webhook_deliveries_due
from claims.services.outbox import outbox_enqueue
from factcheck.brokers import COUNTDOWN_HORIZON_SECONDS

SEND_TASK = "workers.publishing.webhook_delivery_send"

SIGNATURE_HEADER = "X-Factcheck-Signature"
EVENT_HEADER = "X-Factcheck-Event"
DELIVERY_HEADER = "X-Factcheck-Delivery"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENTS = [choice.value for choice in Webhook.Event]
_EXCERPT_BYTES = 1000
# While an attempt is in flight its row is leased for this long past the timeout, so a concurrent retry skips it
# and a worker that dies mid-attempt does not block the delivery for ever.
_LEASE_MARGIN = timedelta(seconds=60)


# --- signing and the HTTP POST ------------------------------------------------------------------------------


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON with sorted keys, identical on every retry."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# How old a signature a receiver should still accept (webhook_signature_verify's default); README documents it.
SIGNATURE_TOLERANCE_SECONDS = 300


def _signature_digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def webhook_signature(*, secret: str, body: bytes, timestamp: int) -> str:
    """The signature header value: `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`."""
    return f"t={timestamp},v1={_signature_digest(secret, timestamp, body)}"


def webhook_signature_verify(
    *, secret: str, header: str, body: bytes, now: float | None = None, tolerance: int = SIGNATURE_TOLERANCE_SECONDS
) -> bool:
    """Whether `header` signs `body` with `secret` at a time within `tolerance` seconds of `now`: what a receiver
    checks (a copy of this function is all one needs)."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = _signature_digest(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in fields.get("v1", []))


def webhook_url_validate(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable target URL: http(s), a host, no credentials; else InvalidInput."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput("The webhook URL is not valid.", fields={"url": [str(exc)]}) from exc
    if not is_http_url(url):
        raise InvalidInput("Webhook URLs must use http or https.", fields={"url": ["Only http and https."]})
    if not parts.hostname:
        raise InvalidInput("The webhook URL has no host.", fields={"url": ["A host is required."]})
    if parts.username or parts.password:
        raise InvalidInput("The webhook URL must not carry credentials.", fields={"url": ["No user:password@."]})
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


class _Unresolvable(InvalidInput):
    pass


def webhook_url_resolve(url: str) -> str:
    """The address to connect to for `url`, after checking every address its host resolves to, at the URL's port
    (SSRF)."""
    _scheme, host, port = webhook_url_validate(url)
    literal = literal_ip(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Unresolvable(f"The webhook host {host!r} does not resolve.", fields={"url": [str(exc)]}) from exc
        addresses = [str(info[4][0]) for info in infos]
    allowed = parse_networks(settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS)
    # Every address is checked, not only the first, and the one connected to is one of them.
    for address in addresses:
        problem = address_problem(ipaddress.ip_address(address.split("%", 1)[0]), port=port, allowed=allowed)
        if problem:
            raise InvalidInput(
                f"The webhook host {host!r} resolves to a non-public address: {problem}.",
                fields={
                    "url": [
                        "Loopback, private, link-local, multicast and reserved addresses are refused, "
                        "unless FACTCHECK_WEBHOOK_ALLOWED_NETWORKS allows them at this port."
                    ]
                },
            )
    return addresses[0]


def webhook_target_check(url: str) -> None:
    """The registration check of a target URL: http(s), no credentials, and no refused address at its port.
    A name that does not resolve yet is accepted: every delivery checks the target again before connecting."""
    with contextlib.suppress(_Unresolvable):
        webhook_url_resolve(url)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an already checked address, still verifying the certificate for the URL's host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, *, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    scheme, host, port = webhook_url_validate(url)
    address = webhook_url_resolve(url)
    timeout = settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS
    # Connect to the address that was checked, so a second DNS answer cannot redirect the request.
    if scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(host, port, address=address, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=timeout)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default_port = 443 if scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    try:
        connection.request("POST", target, body=body, headers={**headers, "Host": host_header})
        response = connection.getresponse()
        return response.status, response.read(_EXCERPT_BYTES)
    finally:
        connection.close()


# --- registration -------------------------------------------------------------------------------------------


def _clean_events(events: Iterable[str]) -> list[str]:
    events = list(events)
    unknown = sorted(set(events) - set(EVENTS))
    if unknown:
        raise InvalidInput(
            f"Unknown webhook events: {', '.join(unknown)}.", fields={"events": [f"Choose from {', '.join(EVENTS)}."]}
        )
    return sorted(set(events))


def webhook_create(
    *, name: str, url: str, events: Iterable[str] = (), secret: str = "", is_active: bool = True
) -> Webhook:
    """Registers an endpoint; the URL must be an http(s) URL of an allowed address, and the secret (generated when
    not given) signs every body."""
    webhook_target_check(url)
    webhook = Webhook(
        name=name,
        url=url,
        events=_clean_events(events),
        secret=secret or secrets.token_urlsafe(32),
        is_active=is_active,
    )
    webhook.save()
    return webhook


def webhook_update(*, webhook: Webhook, data: dict[str, Any]) -> Webhook:
    """Changes an endpoint's name, URL, events, secret or active flag; a blank secret keeps the current one."""
    if "url" in data:
        webhook_target_check(data["url"])
    if "events" in data:
        data = {**data, "events": _clean_events(data["events"])}
    # Signing with an empty key would let anyone forge a delivery.
    if "secret" in data and not data["secret"]:
        data = {key: value for key, value in data.items() if key != "secret"}
    fields = [field for field in ("name", "url", "events", "secret", "is_active") if field in data]
    for field in fields:
        setattr(webhook, field, data[field])
    if fields:
        webhook.save(update_fields=fields)
    return webhook


def webhook_delete(*, webhook: Webhook) -> None:
    """Removes an endpoint together with its delivery log."""
    webhook.delete()


# --- deliveries ---------------------------------------------------------------------------------------------


def webhook_deliveries_queue(*, event: str, dedupe_key: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """One delivery per active webhook subscribed to `event`, created once per dedupe key, sent after commit."""
    now = timezone.now()
    created = []
    for webhook in Webhook.objects.filter(is_active=True).order_by("pk"):
        if webhook.events and event not in webhook.events:
            continue
        delivery, was_created = WebhookDelivery.objects.get_or_create(
            webhook=webhook,
            dedupe_key=dedupe_key,
            defaults={"event": event, "payload": payload, "next_attempt_at": now},
        )
        if was_created:
            created.append(delivery)
    ids = [delivery.pk for delivery in created]
    if ids:
        outbox_enqueue(SEND_TASK, ids, keyword="delivery_id")
    return created


def webhook_retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt."""
    return timedelta(seconds=settings.FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _lease(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Takes the next attempt of a due, pending delivery, or None when there is nothing to do now."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING or not delivery.webhook.is_active:
            return None
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            # Leased by an attempt in flight, or waiting out its backoff. The attempt holding a lease may never end
            # (its worker was killed, and a redelivered task lands here): the next one is queued for when the lease
            # runs out, once, without waiting for the beat's sweep of due deliveries. A time past the broker's
            # countdown horizon would wait for the relay, so it is queued no further ahead than that, and queues
            # the rest when it runs.
            eta = min(delivery.next_attempt_at, now + timedelta(seconds=COUNTDOWN_HORIZON_SECONDS))
            if not outbox_queued(SEND_TASK, keyword="delivery_id", argument=delivery.pk, not_before=eta):
                outbox_enqueue(SEND_TASK, [delivery.pk], keyword="delivery_id", eta=eta)
            return None
        delivery.attempts += 1
        lease = timedelta(seconds=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS) + _LEASE_MARGIN
        delivery.next_attempt_at = now + lease
        delivery.save(update_fields=["attempts", "next_attempt_at"])
        return delivery


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery:
    """Makes one signed attempt at a due delivery and logs the outcome; delivered ones are never sent again."""
    now = timezone.now()
    delivery = _lease(delivery_id, now)
    if delivery is None:
        try:
            return WebhookDelivery.objects.get(pk=delivery_id)
        except WebhookDelivery.DoesNotExist as exc:
            raise NotFound(f"Webhook delivery {delivery_id} does not exist.") from exc
    body = webhook_body(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1.0",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: delivery.dedupe_key,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: webhook_signature(secret=delivery.webhook.secret, body=body, timestamp=timestamp),
    }
    error = ""
    status_code = None
    excerpt = b""
    try:
        status_code, excerpt = _post(delivery.webhook.url, body=body, headers=headers)
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}" + (" (redirects are not followed)" if 300 <= status_code < 400 else "")
    except InvalidInput as exc:
        error = exc.message
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"

    delivery.response_status = status_code
    delivery.response_excerpt = excerpt.decode("utf-8", errors="replace")
    delivery.last_error = error
    finished = timezone.now()
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = finished
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = finished + webhook_retry_delay(delivery.attempts)
    with transaction.atomic():
        delivery.save(
            update_fields=[
                "status",
                "delivered_at",
                "next_attempt_at",
                "response_status",
                "response_excerpt",
                "last_error",
            ]
        )
        if delivery.status == WebhookDelivery.Status.PENDING:
            # The retry runs at its own backoff time (a countdown), not at the next beat.
            outbox_enqueue(SEND_TASK, [delivery.pk], keyword="delivery_id", eta=delivery.next_attempt_at)
    return delivery


def webhook_deliveries_retry_due(*, limit: int = 500) -> int:
    """Queues an attempt for every pending delivery whose next attempt is due; returns how many. Each failed
    attempt queues its own retry, so this finds only deliveries whose worker died mid-attempt."""
    ids = list(webhook_deliveries_due(now=timezone.now()).values_list("pk", flat=True)[:limit])
    outbox_enqueue(SEND_TASK, ids, keyword="delivery_id")
    return len(ids)
