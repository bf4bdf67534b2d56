"""Webhook deliveries: signed bodies, retries with backoff, at most one successful send, SSRF refusals."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from claims.errors import InvalidInput
from claims.models import OutboxMessage, Webhook, WebhookDelivery
from claims.services.publishing import factcheck_publish
from claims.services.webhooks import (
    SEND_TASK,
    SIGNATURE_TOLERANCE_SECONDS,
    webhook_create,
    webhook_deliveries_queue,
    webhook_deliveries_retry_due,
    webhook_delivery_attempt,
    webhook_retry_delay,
    webhook_signature,
    webhook_signature_verify,
    webhook_update,
    webhook_url_resolve,
)
from factcheck.brokers import COUNTDOWN_HORIZON_SECONDS
from tests.factories import published_verdict_create, report_claim_create
from tests.publishing.receiver import verify

pytestmark = pytest.mark.django_db


def _queue_one(webhook: Webhook, key: str = "factcheck.published:1:v1") -> WebhookDelivery:
    (delivery,) = webhook_deliveries_queue(
        event="factcheck.published", dedupe_key=key, payload={"event": "factcheck.published", "text": "Ünïcode ✓"}
    )
    return delivery


def test_delivery_is_signed_and_logged(webhook_receiver, editor, checker):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    claim = report_claim_create()
    factcheck = factcheck_publish(verdict_id=published_verdict_create(claim, author=checker, publisher=editor).pk)
    delivery = WebhookDelivery.objects.get(webhook=webhook)

    delivery = webhook_delivery_attempt(delivery_id=delivery.pk)

    (request,) = webhook_receiver.requests
    assert request.signature_valid
    assert request.path == "/hooks/factcheck?source=desk"
    assert request.headers["X-Factcheck-Event"] == "factcheck.published"
    assert request.headers["X-Factcheck-Delivery"] == f"factcheck.published:{factcheck.pk}:v1"
    assert abs(int(request.headers["X-Factcheck-Timestamp"]) - timezone.now().timestamp()) < 60
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    assert body["factcheck"]["url"] == factcheck.url
    assert body["claim_review"]["@type"] == "ClaimReview"
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert (delivery.attempts, delivery.response_status, delivery.last_error) == (1, 200, "")
    assert delivery.response_excerpt == "answered 200"
    assert delivery.delivered_at is not None


def test_a_receiver_with_another_secret_rejects_the_signature(webhook_receiver):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret="not-the-receivers-secret")

    delivery = webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)

    assert not webhook_receiver.requests[0].signature_valid
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert (delivery.response_status, delivery.last_error) == (401, "HTTP 401")


def test_server_error_is_retried_with_backoff_until_delivered(settings, webhook_receiver):
    settings.FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS = 30
    webhook_receiver.statuses = [500, 503]
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    delivery = _queue_one(webhook)

    before = timezone.now()
    delivery = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.last_error == "HTTP 500"
    assert delivery.response_excerpt == "answered 500"
    assert before + timedelta(seconds=29) < delivery.next_attempt_at < timezone.now() + timedelta(seconds=31)

    # Not due yet: neither the beat task nor a stray task sends it again.
    assert webhook_deliveries_retry_due() == 0
    assert webhook_delivery_attempt(delivery_id=delivery.pk).attempts == 1
    assert len(webhook_receiver.requests) == 1

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    delivery = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.attempts, delivery.response_status) == (2, 503)
    # The second wait is twice the first.
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=58) < wait <= timedelta(seconds=60)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    delivery = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 200)
    assert delivery.last_error == "" and delivery.next_attempt_at is None
    assert [request.signature_valid for request in webhook_receiver.requests] == [True, True, True]
    # Every retry sends the same signed bytes.
    assert len({request.body for request in webhook_receiver.requests}) == 1


def test_an_attempt_whose_worker_died_is_queued_again_for_when_its_lease_runs_out(
    webhook_receiver, django_capture_on_commit_callbacks
):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    delivery = _queue_one(webhook)

    def queued_sends():
        return OutboxMessage.objects.filter(task=SEND_TASK, kwargs={"delivery_id": delivery.pk}, eta__isnull=False)

    # An attempt took the lease (longer than the broker takes a countdown), then its worker was killed before it
    # could send or record anything.
    horizon = timedelta(seconds=COUNTDOWN_HORIZON_SECONDS)
    lease_end = timezone.now() + horizon + timedelta(minutes=5)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=1, next_attempt_at=lease_end)
    # The broker redelivers the task: nothing is sent while the lease holds, and the next attempt is queued as far
    # ahead as the broker takes a countdown, handed to it at once (no beat needed).
    before = timezone.now()
    with django_capture_on_commit_callbacks() as sends:
        assert webhook_delivery_attempt(delivery_id=delivery.pk).attempts == 1
    (first,) = queued_sends()
    assert before + horizon <= first.eta <= timezone.now() + horizon < lease_end and len(sends) == 1
    assert webhook_receiver.requests == []

    # That attempt runs (its time has come) with the lease still held: it queues the rest, for when the lease runs
    # out, once.
    OutboxMessage.objects.filter(pk=first.pk).update(eta=timezone.now())
    lease_end = timezone.now() + timedelta(seconds=30)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=lease_end)
    for _ in range(2):
        assert webhook_delivery_attempt(delivery_id=delivery.pk).attempts == 1
    assert [message.eta for message in queued_sends().exclude(pk=first.pk)] == [lease_end]

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert webhook_delivery_attempt(delivery_id=delivery.pk).status == "delivered"
    assert len(webhook_receiver.requests) == 1


def test_retry_due_queues_due_deliveries_to_the_worker(
    eager_celery, webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.statuses = [500]
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    delivery = webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)
    assert delivery.status == "pending"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_retry_due() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_redirects_are_not_followed(webhook_receiver):
    webhook_receiver.statuses = [302]
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)

    delivery = webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)

    assert len(webhook_receiver.requests) == 1
    assert (delivery.status, delivery.response_status) == ("pending", 302)
    assert delivery.last_error == "HTTP 302 (redirects are not followed)"


def test_backoff_doubles():
    assert [webhook_retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_gives_up_after_max_attempts(settings, webhook_receiver):
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 2
    webhook_receiver.statuses = [500, 500, 500]
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    delivery = webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    delivery = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 2, None)
    assert webhook_deliveries_retry_due() == 0


def test_a_delivered_event_is_never_sent_again(webhook_receiver):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    delivery = _queue_one(webhook, key="factcheck.published:7:v1")
    webhook_delivery_attempt(delivery_id=delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))

    # The same occurrence queued again (a redelivered publish task), and a stray attempt on the delivered row.
    assert (
        webhook_deliveries_queue(event="factcheck.published", dedupe_key="factcheck.published:7:v1", payload={}) == []
    )
    webhook_delivery_attempt(delivery_id=delivery.pk)
    webhook_deliveries_retry_due()

    assert len(webhook_receiver.requests) == 1
    assert WebhookDelivery.objects.get().attempts == 1


def test_inactive_and_unsubscribed_webhooks_get_nothing():
    Webhook.objects.create(name="off", url="https://a.example.org/", secret="x", is_active=False)
    Webhook.objects.create(name="other", url="https://b.example.org/", secret="x", events=["factcheck.corrected"])
    subscribed = Webhook.objects.create(name="on", url="https://c.example.org/", secret="x")

    deliveries = webhook_deliveries_queue(event="factcheck.published", dedupe_key="k", payload={})

    assert [delivery.webhook for delivery in deliveries] == [subscribed]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://2130706433/hook",  # 127.0.0.1 as a decimal number
        "http://0x7f.0.0.1/hook",  # hexadecimal
        "http://0177.0.0.1/hook",  # octal
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
        "http://100.64.0.1/hook",  # carrier-grade NAT
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",  # multicast
        "http://240.0.0.1/hook",  # reserved
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
        "http://[fe80::1]/hook",
        "http://[fc00::1]/hook",
        "http://[2002:7f00:1::]/hook",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_non_public_targets_are_refused(settings, url):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(InvalidInput, match="non-public address"):
        webhook_url_resolve(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "gopher://example.org/",
        "http://user:pw@example.org/",
        "http:///x",
    ],
)
def test_only_plain_http_urls_are_accepted(url):
    with pytest.raises(InvalidInput):
        webhook_create(name="bad", url=url)
    assert not Webhook.objects.exists()


def test_allowed_networks_open_only_themselves(settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0:8080/16"]
    assert webhook_url_resolve("http://10.20.1.2:8080/hook") == "10.20.1.2"
    with pytest.raises(InvalidInput, match="non-public address"):
        webhook_url_resolve("http://10.21.1.2/hook")


def test_public_address_passes_the_check(settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    assert webhook_url_resolve("https://93.184.216.34/hook") == "93.184.216.34"


def test_refused_target_is_logged_as_a_failed_attempt(settings, webhook_receiver):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []

    delivery = webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)

    assert webhook_receiver.requests == []
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "non-public address" in delivery.last_error


# --- signatures over time and body, with a replay window ---------------------------------------------------


def test_the_signature_covers_the_signed_time_and_the_body(webhook_receiver):
    webhook = webhook_create(name="partner", url=webhook_receiver.url, secret=webhook_receiver.secret)
    webhook_delivery_attempt(delivery_id=_queue_one(webhook).pk)
    (request,) = webhook_receiver.requests
    header = request.headers["X-Factcheck-Signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    timestamp = int(header.split(",")[0][2:])
    assert str(timestamp) == request.headers["X-Factcheck-Timestamp"]
    secret = webhook_receiver.secret
    assert webhook_signature_verify(secret=secret, header=header, body=request.body)
    # Another body, another time under the same digest, or another secret: refused.
    assert not webhook_signature_verify(secret=secret, header=header, body=request.body + b" ")
    forged = header.replace(f"t={timestamp}", f"t={timestamp + 1}")
    assert not webhook_signature_verify(secret=secret, header=forged, body=request.body)
    assert not webhook_signature_verify(secret="other", header=header, body=request.body)


def test_a_recorded_delivery_replayed_after_the_window_is_refused():
    body = b'{"a":1}'
    header = webhook_signature(secret="s", body=body, timestamp=1_700_000_000)
    assert webhook_signature_verify(secret="s", header=header, body=body, now=1_700_000_000 + 299)
    assert webhook_signature_verify(secret="s", header=header, body=body, now=1_700_000_000 - 299)
    assert not webhook_signature_verify(secret="s", header=header, body=body, now=1_700_000_000 + 301)
    assert SIGNATURE_TOLERANCE_SECONDS == 300
    for junk in ("", "t=,v1=", "v1=abc", "t=x,v1=" + "0" * 64, "sha256=" + "0" * 64):
        assert not webhook_signature_verify(secret="s", header=junk, body=body, now=1_700_000_000)


def test_the_readme_example_verifies_real_signatures(webhook_receiver):
    """tests/publishing/receiver.py verifies with the README's code; an old signature fails it."""
    body = b'{"a":1}'
    assert verify(b"s", webhook_signature(secret="s", body=body, timestamp=int(time.time())), body)
    assert not verify(b"s", webhook_signature(secret="s", body=body, timestamp=int(time.time()) - 301), body)


# --- targets checked at registration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/x"],
)
def test_targets_on_refused_networks_are_refused_at_registration(settings, url):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(InvalidInput, match="non-public address"):
        webhook_create(name="inside", url=url)
    webhook = webhook_create(name="outside", url="https://93.184.216.34/hook")
    with pytest.raises(InvalidInput, match="non-public address"):
        webhook_update(webhook=webhook, data={"url": url})
    webhook.refresh_from_db()
    assert webhook.url == "https://93.184.216.34/hook"
    assert list(Webhook.objects.values_list("name", flat=True)) == ["outside"]


def test_names_that_do_not_resolve_yet_are_accepted_and_checked_at_delivery(settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    webhook = webhook_create(name="later", url="https://hooks.invalid/in")
    assert webhook.pk


def test_the_api_refuses_a_refused_target_with_400(admin_user, settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.post("/api/webhooks/", {"name": "x", "url": "http://192.168.1.5/hook"}, format="json")
    assert response.status_code == 400
    assert "non-public address" in response.json()["error"]["message"]
    assert not Webhook.objects.exists()


def test_the_admin_refuses_a_refused_target_with_a_form_error(admin_user, settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/claims/webhook/add/", {"name": "x", "url": "http://127.0.0.1:6379/", "secret": "", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "non-public address" in response.content.decode()
    assert not Webhook.objects.exists()


# --- the allowlist takes ports ------------------------------------------------------------------------------


def test_allowing_a_network_opens_its_web_ports_only(settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert webhook_url_resolve("http://10.20.1.2/hook") == "10.20.1.2"
    assert webhook_url_resolve("https://10.20.1.2/hook") == "10.20.1.2"
    with pytest.raises(InvalidInput, match="at a port not allowed for it"):
        webhook_url_resolve("http://10.20.1.2:6379/hook")


def test_an_allowed_port_opens_that_port_only(settings, webhook_receiver):
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = [webhook_receiver.allowed]
    webhook_create(name="ok", url=webhook_receiver.url)
    with pytest.raises(InvalidInput, match="port not allowed"):
        webhook_create(name="next door", url=f"http://127.0.0.1:{webhook_receiver.port + 1}/hook")
