"""Nothing accepted is lost, nothing is done twice: the same faults against Redis and RabbitMQ.

Each test accepts articles (`POST /api/articles/`, 202) and publishes claims (`POST /api/claims/{id}/publish/`,
200) through a real web process, with real worker processes, then breaks something: a worker's main process
or its pool children are SIGKILLed, the broker is stopped (and comes back with or without its messages), or
PostgreSQL becomes unreachable for the worker. Afterwards every accepted article is ingested exactly once and
every published claim has exactly one fact-check and exactly one delivered webhook per subscriber. Each test
prints its counts: submitted, stored, lost, duplicated and the time to recover.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass

import pytest
import redis
from django.db.models import Count

from claims.models import Claim, Evidence, FactCheck, IngestionItem, IngestionJob, OutboxMessage, WebhookDelivery
from claims.services.transitions import claim_transition
from claims.services.webhooks import webhook_create
from claims.workflow import State
from factcheck.brokers import broker_options
from tests.factories import report_claim_create
from tests.publishing.receiver import running_receiver
from tests.support import (
    cuttable_database,
    http_json,
    machine_rabbitmq,
    private_redis,
    running_web,
    start_worker,
    stop_worker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Quick cycles so that a test recovers in seconds: beat relays every 2 s, a sent task no worker finished is sent
# again after 20 s, Redis redelivers an unacknowledged task after 10 s.
FAULT_ENV = {
    "FACTCHECK_OUTBOX_RELAY_SECONDS": "2",
    "FACTCHECK_OUTBOX_RESEND_SECONDS": "20",
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "FACTCHECK_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.1:*/32",
    "FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS": "2",
}
RECOVERY_TIMEOUT = 150


@contextmanager
def fault_broker(kind: str, tmp_path, *, persistent: bool = True):
    if kind == "redis":
        with private_redis(tmp_path / "redis", persistent=persistent) as broker:
            yield broker
    else:
        with machine_rabbitmq(persistent=persistent) as broker:
            yield broker


@dataclass
class Desk:
    """What the tests submit through the API and what they check afterwards."""

    web: str
    token: str
    receiver: object
    articles: list[str]
    published: list[int]

    def ingest(self, count: int, tag: str) -> None:
        for n in range(count):
            text = (
                f"Report {tag}-{n}\n\nUnemployment fell to {n}.{len(tag)} percent in {tag}, "
                f"the statistics office said on Friday. Minister Anna Berg said {n + 10} new schools opened."
            )
            status, body = http_json(
                "POST", f"{self.web}/api/articles/", {"title": f"Report {tag}-{n}", "text": text}, self.token
            )
            assert status == 202, body
            self.articles.append(text)

    def publish(self, claims: list[Claim]) -> None:
        for claim in claims:
            status, body = http_json("POST", f"{self.web}/api/claims/{claim.pk}/publish/", {}, self.token)
            assert status == 200, body
            assert body["status"] == State.PUBLISHED
            # The fact-check exists when the transition has answered, whatever the broker does.
            assert FactCheck.objects.filter(claim_id=claim.pk).exists()
            self.published.append(claim.pk)

    def finished(self) -> bool:
        items = IngestionItem.objects.filter(job__in=IngestionJob.objects.all())
        pending = items.exclude(status__in=("done", "duplicate", "failed")).count()
        delivered = WebhookDelivery.objects.filter(status="delivered").count()
        return pending == 0 and items.count() == len(self.articles) and delivered >= len(self.published)

    def progress(self) -> str:
        """What is still open: a timeout's message says where the work stopped."""
        items = Counter(IngestionItem.objects.values_list("status", flat=True))
        deliveries = Counter(WebhookDelivery.objects.values_list("status", flat=True))
        unfinished = OutboxMessage.objects.filter(finished_at__isnull=True)
        sent = Counter(unfinished.filter(sent_at__isnull=False).values_list("task", flat=True))
        unsent = Counter(unfinished.filter(sent_at__isnull=True).values_list("task", flat=True))
        return (
            f"items {dict(items)}, deliveries {dict(deliveries)}, outbox tasks sent and unfinished {dict(sent)}, "
            f"not sent {dict(unsent)}"
        )

    def wait_finished(self) -> None:
        try:
            wait_for(self.finished, timeout=RECOVERY_TIMEOUT, interval=0.2, message="every article and webhook")
        except AssertionError as timeout:
            raise AssertionError(f"{timeout}; {self.progress()}") from None

    def counts(self) -> dict[str, int]:
        items = IngestionItem.objects.all()
        stored = items.filter(status="done").values("article").distinct().count()
        duplicate_claims = (
            Claim.objects.filter(article__in=items.values("article"))
            .values("article", "start", "end")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        sends = Counter(request.headers.get("X-Factcheck-Delivery") for request in self.receiver.requests)
        # A receiver drops repeats of a delivery id (the README's webhook contract): an attempt whose outcome could
        # not be stored (the database cut just after the POST) is sent again under the same id, a re-send. A second
        # id for one publication is an event the receiver cannot tell apart, a duplicate.
        deliveries_per_claim = Counter(
            payload["factcheck"]["claim_id"]
            for payload in {
                request.headers.get("X-Factcheck-Delivery"): json.loads(request.body)
                for request in self.receiver.requests
            }.values()
        )
        factchecks = Counter(FactCheck.objects.filter(claim_id__in=self.published).values_list("claim_id", flat=True))
        delivered = set(
            WebhookDelivery.objects.filter(
                status="delivered", payload__factcheck__claim_id__in=self.published
            ).values_list("payload__factcheck__claim_id", flat=True)
        )
        return {
            "submitted": len(self.articles) + len(self.published),
            "stored": stored + len(delivered),
            "lost": (len(self.articles) - stored) + len(set(self.published) - delivered),
            "duplicated": duplicate_claims
            + sum(n - 1 for n in factchecks.values())
            + sum(n - 1 for n in deliveries_per_claim.values()),
            "re-sent": sum(n - 1 for n in sends.values()),
        }

    def assert_exactly_once(self) -> dict[str, int]:
        counts = self.counts()
        assert IngestionItem.objects.filter(status="done").count() == len(self.articles), list(
            IngestionItem.objects.exclude(status="done").values_list("status", "error")
        )
        assert counts["lost"] == 0 and counts["duplicated"] == 0, counts
        deliveries = WebhookDelivery.objects.filter(payload__factcheck__claim_id__in=self.published)
        assert deliveries.count() == len(self.published)
        assert set(deliveries.values_list("status", flat=True)) == {"delivered"}
        return counts


@pytest.fixture
def desk_claims(editor, other_editor, checker):
    """Claims in review, ready for `publish` by `edna`."""

    def make(count: int) -> list[Claim]:
        claims = []
        for n in range(count):
            claim = report_claim_create(text=f"The city received {n + 90} drones overnight.", status=State.RESEARCHING)
            claim.assignee = checker
            claim.save(update_fields=["assignee"])
            Evidence.objects.create(claim=claim, url=f"https://mil.example/{n}", title="Statement", fingerprint=f"e{n}")
            claim_transition(
                claim_id=claim.pk,
                transition="submit_verdict",
                user=checker,
                data={"rating": "false", "summary": "No.", "explanation": "The records show otherwise."},
            )
            claims.append(claim)
        return claims

    return make


@contextmanager
def desk(broker, *, worker_env: dict | None = None, settings=None):
    env = {**FAULT_ENV, "CELERY_BROKER_URL": broker.url}
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1:*/32"]
    with ExitStack() as stack:
        receiver = stack.enter_context(running_receiver(secret="fault-secret"))
        webhook_create(name="partner", url=receiver.url, secret=receiver.secret)
        web = stack.enter_context(running_web(extra_env=env))
        status, body = http_json("POST", f"{web}/api/auth/token/", {"username": "edna", "password": "pw-edna"})
        assert status == 200, body
        yield Desk(web=web, token=body["token"], receiver=receiver, articles=[], published=[]), env


def report(name: str, broker, counts: dict, recovery: float) -> None:
    resent = OutboxMessage.objects.filter(attempts__gt=1).count()  # sends tried again, failed ones included
    print(  # the figures of each fault, per broker
        f"\n[{name} / {broker.name}{'' if broker.persistent else ' without persistence'}] "
        f"submitted {counts['submitted']}, stored {counts['stored']}, lost {counts['lost']}, "
        f"duplicated {counts['duplicated']}, re-sent under the same delivery id {counts['re-sent']}, "
        f"outbox tasks sent more than once {resent}, recovered in {recovery:.1f} s"
    )


def _hold_sweep_lock(url: str) -> None:
    """Leave kombu's sweep lock as a worker killed in the middle of a sweep leaves it: held until it expires."""
    options = broker_options(url)["broker_transport_options"]
    redis.Redis.from_url(url).set("unacked_mutex", "killed-worker", px=int(options["unacked_mutex_expire"] * 1000))


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def _kill_group(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


BROKERS = ["redis", "rabbitmq"]


@pytest.mark.parametrize(
    ("kind", "victim"),
    [
        *((kind, victim) for victim in ("main process", "pool children") for kind in BROKERS),
        # killed whole, with its pool, while sweeping Redis for the dead's messages: the sweep's lock outlives it,
        # and what it held comes back through another worker's sweep once the lock expires (or the outbox's re-send)
        ("redis", "whole worker mid-sweep"),
    ],
)
def test_worker_sigkilled_mid_batch(kind, victim, tmp_path, desk_claims, settings):
    claims = desk_claims(4)
    with fault_broker(kind, tmp_path) as broker, desk(broker, settings=settings) as (office, env):
        # Enough articles that the batch cannot be through in the moment between the check and the kill.
        office.ingest(40, "march")
        office.publish(claims)
        first = start_worker(concurrency=2, extra_env=env)
        try:
            wait_for(
                lambda: IngestionItem.objects.filter(status="done").count() >= 2,
                timeout=90,
                interval=0.05,
                message="the first articles",
            )
            if victim == "main process":
                os.kill(first.pid, signal.SIGKILL)
            elif victim == "whole worker mid-sweep":
                _kill_group(first)
                _hold_sweep_lock(broker.url)
            else:
                for child in _children(first.pid):
                    os.kill(child, signal.SIGKILL)
            killed = time.monotonic()
            assert not office.finished(), "the batch finished before the kill"
            # Redis's transport takes a message off its queue before it records it as unacknowledged, so a main
            # process killed between the two loses it; the outbox sends again what no worker finished, as beat does
            # beside every deployed worker. The new worker runs beat; the report says how many came back that way.
            second = start_worker(concurrency=2, extra_env=env, beat=True) if victim != "pool children" else None
            try:
                office.wait_finished()
                recovery = time.monotonic() - killed
            finally:
                if second is not None:
                    stop_worker(second)
        finally:
            _kill_group(first)
        counts = office.assert_exactly_once()
    report(f"worker SIGKILL ({victim})", broker, counts, recovery)


@pytest.mark.parametrize("kind", BROKERS)
def test_worker_killed_during_a_webhook_attempt(kind, tmp_path, desk_claims, settings):
    """A worker that dies while a receiver holds its POST open leaves the delivery leased: the redelivered task
    queues the attempt for when the lease runs out, so it is delivered without the beat's sweep (none runs here)."""
    claims = desk_claims(1)
    with fault_broker(kind, tmp_path) as broker, desk(broker, settings=settings) as (office, env):
        office.receiver.answer_after = 15
        office.publish(claims)
        first = start_worker(concurrency=2, extra_env=env)
        try:
            wait_for(lambda: office.receiver.requests, timeout=90, message="the first attempt")
            _kill_group(first)
            killed = time.monotonic()
            office.receiver.answer_after = 0
            second = start_worker(concurrency=2, extra_env=env)
            try:
                office.wait_finished()
                recovery = time.monotonic() - killed
            finally:
                stop_worker(second)
        finally:
            _kill_group(first)
        counts = office.assert_exactly_once()
    report("worker killed during a webhook attempt", broker, counts, recovery)


@pytest.mark.parametrize(
    ("kind", "persistent"), [("redis", True), ("redis", False), ("rabbitmq", True), ("rabbitmq", False)]
)
def test_broker_stopped_and_started_loses_nothing_accepted(kind, persistent, tmp_path, desk_claims, settings):
    claims = desk_claims(4)
    with (
        fault_broker(kind, tmp_path, persistent=persistent) as broker,
        desk(broker, settings=settings) as (
            office,
            env,
        ),
    ):
        # Queued while no worker runs: in the broker when it stops.
        office.ingest(6, "april")
        office.publish(claims[:2])
        assert broker.backlog() >= 8
        broker.stop()
        # Accepted while the broker is down: 2xx answers, held in the outbox.
        office.ingest(6, "may")
        office.publish(claims[2:])
        from claims.selectors.outbox import outbox_backlog

        assert outbox_backlog().unsent >= 8
        broker.start()
        if not persistent:
            broker.lose_messages()
        restarted = time.monotonic()
        worker = start_worker(concurrency=2, extra_env=env, beat=True)
        try:
            office.wait_finished()
            recovery = time.monotonic() - restarted
            # Matching of the new claims runs on, through the outbox too: every row ends finished.
            wait_for(
                lambda: not OutboxMessage.objects.filter(finished_at__isnull=True).exists(),
                timeout=RECOVERY_TIMEOUT,
                message="every outbox row finished",
            )
        finally:
            _kill_group(worker)
        counts = office.assert_exactly_once()
    report("broker stop/start", broker, counts, recovery)


@pytest.mark.parametrize("kind", BROKERS)
def test_database_unreachable_for_the_worker(kind, tmp_path, desk_claims, settings):
    claims = desk_claims(4)
    with (
        fault_broker(kind, tmp_path) as broker,
        desk(broker, settings=settings) as (office, env),
        cuttable_database() as database,
    ):
        worker = start_worker(concurrency=2, extra_env={**env, "DATABASE_URL": database.url}, beat=True)
        try:
            office.ingest(10, "june")
            office.publish(claims)
            wait_for(
                lambda: IngestionItem.objects.filter(status="done").count() >= 1,
                timeout=90,
                interval=0.05,
                message="the first article",
            )
            database.cut()
            time.sleep(8)
            database.restore()
            restored = time.monotonic()
            office.wait_finished()
            recovery = time.monotonic() - restored
        finally:
            _kill_group(worker)
        counts = office.assert_exactly_once()
    report("PostgreSQL unreachable", broker, counts, recovery)


@pytest.mark.parametrize("kind", BROKERS)
def test_a_webhook_retry_waits_for_its_backoff_on_either_broker(kind, tmp_path, desk_claims, settings):
    (claim,) = desk_claims(1)
    with fault_broker(kind, tmp_path) as broker, desk(broker, settings=settings) as (office, env):
        office.receiver.statuses = [503]  # the first attempt fails; the retry is due 2 s later
        worker = start_worker(concurrency=2, extra_env=env)
        try:
            office.publish([claim])
            arrivals: list[float] = []

            def delivered() -> bool:
                while len(arrivals) < len(office.receiver.requests):
                    arrivals.append(time.monotonic())
                return WebhookDelivery.objects.filter(status="delivered").exists()

            wait_for(delivered, timeout=60, interval=0.05, message="the retried delivery")
        finally:
            stop_worker(worker)
    assert len(arrivals) == 2
    gap = arrivals[1] - arrivals[0]
    # Never before its backoff, and by a countdown, on Redis and through RabbitMQ's delayed delivery alike, long
    # before the 20 s resend that would otherwise send it.
    assert 1.5 <= gap < 20, gap
    print(f"\n[webhook retry / {broker.name}] second attempt {gap:.1f} s after the first (backoff 2 s)")
