"""Clusters, reappearance detection and alerts measured through the product, in a scratch database.

1. The Wikinews corpus (PATH: a CSV `url,date,title,text` or a folder of them) is ingested through
   `article_ingest`, each article's claims matched, marked, recorded and regrouped by the matching task's own
   service, run in this process; the time clustering (`claim_regroup`) and reappearance detection
   (`claim_reappearances_record`) add per article is reported beside the time of the whole path.
2. The labelled sample kept with the tests (`tests/clusters/data/cluster_sample.json`: statements of our own
   writing, each as several outlets carried it, and fact-checks of our own rating some of them) is imported and
   ingested among the corpus. Its stories are split in two by a hash of their ids: the cluster threshold is chosen
   on the "tune" half (pairwise F1), and purity and recall are reported once on the "report" half.
3. Alert latency: articles repeating a fact-checked statement are ingested one by one while a real Celery worker
   runs matching and delivers the signed `claim.reappeared` webhook to a local receiver; the time from the
   ingestion's commit to the webhook's arrival is reported as p50 and p99.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import combinations
from pathlib import Path
from urllib.parse import quote

from claims.evaluation.matching import scratch_database

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT.parent / "shared/data/news/wikinews"
SAMPLE = ROOT / "tests/clusters/data/cluster_sample.json"
SCRATCH_SUFFIX = "_eval_clusters"
# Cluster thresholds tried on the tune half.
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
ALERTS = 30
ALERT_TIMEOUT_SECONDS = 120.0


def split_of(story_id: str) -> str:
    """A story's half of the sample, fixed by a hash of its id."""
    return "tune" if int(hashlib.sha256(story_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def load_corpus(path: Path, limit: int = 0) -> list[dict[str, str]]:
    """Articles of a Wikinews CSV file or of every CSV file in a folder, in file order."""
    csv.field_size_limit(sys.maxsize)
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    rows: list[dict[str, str]] = []
    for file in files:
        with file.open(newline="", encoding="utf-8") as handle:
            rows += [row for row in csv.DictReader(handle) if row.get("text", "").strip()]
    return rows[:limit] if limit else rows


def load_sample(path: Path = SAMPLE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- cluster quality -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    claims: int
    purity: float  # share of claims in the story most common in their predicted cluster
    recall: float  # inverse purity: share of claims in the predicted cluster holding most of their story
    pair_precision: float
    pair_recall: float

    @property
    def pair_f1(self) -> float:
        total = self.pair_precision + self.pair_recall
        return 2 * self.pair_precision * self.pair_recall / total if total else 0.0


def quality(gold: dict[int, str], predicted: dict[int, int]) -> Quality:
    """Purity, inverse purity and pairwise precision and recall of predicted clusters (claim -> cluster) against
    gold stories (claim -> story), over the claims of `gold`."""
    claims = sorted(gold)
    by_cluster: dict[int, Counter] = defaultdict(Counter)
    by_story: dict[str, Counter] = defaultdict(Counter)
    for claim in claims:
        by_cluster[predicted[claim]][gold[claim]] += 1
        by_story[gold[claim]][predicted[claim]] += 1
    purity = sum(max(counts.values()) for counts in by_cluster.values()) / len(claims)
    recall = sum(max(counts.values()) for counts in by_story.values()) / len(claims)
    same_cluster = same_story = both = 0
    for a, b in combinations(claims, 2):
        in_cluster, in_story = predicted[a] == predicted[b], gold[a] == gold[b]
        same_cluster += in_cluster
        same_story += in_story
        both += in_cluster and in_story
    return Quality(
        claims=len(claims),
        purity=purity,
        recall=recall,
        pair_precision=both / same_cluster if same_cluster else 1.0,
        pair_recall=both / same_story if same_story else 1.0,
    )


# --- timing the matching task's parts ------------------------------------------------------------------------


class Stopwatch:
    """Seconds spent in the wrapped functions, by name."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    def wrap(self, name: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return timed


@contextmanager
def timed_matching_parts() -> Iterator[Stopwatch]:
    """Times the parts of the matching task this measures, where the task's service calls them."""
    from claims.services import matching as service

    watch = Stopwatch()
    originals = {name: getattr(service, name) for name in ("claim_regroup", "claim_reappearances_record")}
    for name, function in originals.items():
        setattr(service, name, watch.wrap(name, function))
    try:
        yield watch
    finally:
        for name, function in originals.items():
            setattr(service, name, function)


@contextmanager
def tasks_in_process() -> Iterator[None]:
    """The tasks ingestion queues (matching each new claim) run in this process as they are sent."""
    from factcheck.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False
        app.conf.task_eager_propagates = False


def _import_factchecks(sample: dict) -> int:
    from claims.services.factcheck_import import factchecks_import_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factchecks.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["claim", "rating", "url", "claimant", "date", "publisher", "title"])
            for factcheck in sample["factchecks"]:
                writer.writerow(
                    [
                        factcheck["claim"],
                        factcheck["rating"],
                        factcheck["url"],
                        factcheck["claimant"],
                        factcheck["date"],
                        "Fact-check desk",
                        factcheck["claim"],
                    ]
                )
        report = factchecks_import_file(path=path, file_format="csv")
    if report.errors:
        raise ValueError(f"fact-checks refused: {report.errors[:3]}")
    return len(report.factcheck_ids)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _ingest_sample(sample: dict, start: datetime) -> dict[int, str]:
    """Ingests every variant as its outlet's article; returns the labelled claims (claim id -> story id): the
    claim extraction found in each variant (a variant yielding none is left out and counted by the caller)."""
    from claims.models import Claim
    from claims.services.ingestion import article_ingest

    gold: dict[int, str] = {}
    moment = start
    for story in sample["stories"]:
        for number, variant in enumerate(story["variants"], 1):
            moment += timedelta(minutes=7)
            article, _ = article_ingest(
                text=f"{story['id'].replace('-', ' ').capitalize()}\n\n{variant['text']}\n",
                url=f"https://{_slug(variant['outlet'])}.example/{story['id']}-{number}",
                publisher=variant["outlet"],
                published_at=moment,
            )
            claims = list(Claim.objects.filter(article=article).values_list("pk", flat=True))
            if claims:
                gold[claims[0]] = story["id"]
    return gold


def _regroup_all(claim_ids: list[int]) -> dict[int, int]:
    """Regroups every labelled claim with the product's service; claim -> its cluster's canonical claim."""
    from claims.models import Claim
    from claims.services.clusters import claim_cluster_update

    for claim_id in claim_ids:
        claim_cluster_update(claim_id=claim_id)
    rows = Claim.objects.filter(pk__in=claim_ids).values_list("pk", "canonical_id")
    return {pk: canonical or pk for pk, canonical in rows}


def _mixed_with_corpus(claim_ids: list[int]) -> int:
    """Labelled claims whose cluster holds a claim of the corpus."""
    from django.db.models import Q

    from claims.models import Claim

    labelled = set(claim_ids)
    roots = {
        canonical or pk for pk, canonical in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "canonical_id")
    }
    members = Claim.objects.filter(Q(pk__in=roots) | Q(canonical_id__in=roots)).values_list("pk", "canonical_id")
    mixed_roots = {canonical or pk for pk, canonical in members if pk not in labelled}
    return sum(
        1
        for pk, canonical in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "canonical_id")
        if (canonical or pk) in mixed_roots
    )


# --- alert latency through a real worker ---------------------------------------------------------------------


class _Receiver:
    """A local webhook receiver noting when each `claim.reappeared` body arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                now = time.time()
                url = json.loads(body).get("article", {}).get("url", "")
                with receiver.lock:
                    receiver.arrived.setdefault(url, now)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, url: str, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if url in self.arrived:
                    return self.arrived[url]
            time.sleep(0.005)
        return None


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or ""
    host = quote(host, safe="") if host.startswith("/") else host
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def _worker(extra_env: dict[str, str]) -> Iterator[subprocess.Popen]:
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "factcheck.settings.local"),
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **extra_env,
    }
    command = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--queues", "ingestion,workflow"]
    command += ["--concurrency", "2", "--pool", "prefork", "--loglevel", "WARNING", "--without-gossip"]
    command += ["--without-mingle", "--hostname", f"eval-clusters-{os.getpid()}@%h"]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        process.terminate()  # the main process only: a warm shutdown lets its pool finish what it runs
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def alert_latencies(sample: dict, count: int) -> list[float]:
    """Seconds from an ingestion's commit to its `claim.reappeared` webhook at a receiver, for `count` articles
    repeating fact-checked statements, ingested one at a time while a real worker matches and delivers (one
    article more is sent first, untimed, while the worker loads its model)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from claims.services.ingestion import article_ingest
    from claims.services.webhooks import webhook_create

    receiver = _Receiver()
    allowed = f"127.0.0.1:{receiver.port}/32"
    stories = {story["id"]: story for story in sample["stories"]}
    repeated = [stories[factcheck["story"]]["variants"][0]["text"] for factcheck in sample["factchecks"]]
    latencies: list[float] = []
    with override_settings(FACTCHECK_WEBHOOK_ALLOWED_NETWORKS=[allowed]):
        webhook_create(name="alerts", url=f"http://127.0.0.1:{receiver.port}/in", events=["claim.reappeared"])
        with _worker({"FACTCHECK_WEBHOOK_ALLOWED_NETWORKS": allowed}):
            for number in range(count + 1):
                url = f"https://repeats-{number}.example/story"
                committed: list[float] = []
                with transaction.atomic():
                    # Registered first, so it runs at commit before the outbox hands the matching task over.
                    transaction.on_commit(lambda stamps=committed: stamps.append(time.time()))
                    article_ingest(
                        text=f"Repeated\n\n{repeated[number % len(repeated)]} It was said again at a rally.\n",
                        url=url,
                        publisher=f"Repeats {number}",
                    )
                arrived = receiver.wait(url, ALERT_TIMEOUT_SECONDS)
                if arrived is None:
                    raise RuntimeError(f"no claim.reappeared webhook for {url} within {ALERT_TIMEOUT_SECONDS:.0f} s")
                if number:
                    latencies.append(arrived - committed[0])
    receiver.server.shutdown()
    return latencies


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def evaluate(path: Path = DEFAULT_PATH, *, keepdb: bool = False, alerts: int = ALERTS, limit: int = 0):
    """The figures as (name, value) rows; see the module docstring."""
    from django.conf import settings
    from django.test.utils import override_settings

    from claims.services.ingestion import article_ingest

    sample = load_sample()
    corpus = load_corpus(Path(path), limit)
    rows: list[tuple[str, str]] = []
    with scratch_database(keep=keepdb, suffix=SCRATCH_SUFFIX) as name:
        rows.append(("database", name))
        rows.append(("fact-checks imported (our own)", str(_import_factchecks(sample))))
        with tasks_in_process(), timed_matching_parts() as watch:
            started = time.perf_counter()
            for row in corpus:
                published = datetime.fromisoformat(row["date"]).replace(tzinfo=UTC) if row.get("date") else None
                article_ingest(
                    text=row["text"], title=row.get("title", ""), url=row.get("url", ""), published_at=published
                )
            corpus_seconds = time.perf_counter() - started
            corpus_parts = sum(watch.seconds.values())
            regroup, reappear = watch.seconds["claim_regroup"], watch.seconds["claim_reappearances_record"]
            gold = _ingest_sample(sample, start=datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
        from claims.models import Claim

        articles = max(len(corpus), 1)
        rows += [
            ("corpus articles ingested", str(len(corpus))),
            ("corpus claims", str(Claim.objects.exclude(pk__in=list(gold)).count())),
            ("ms/article, whole path in-process", f"{corpus_seconds * 1000 / articles:.1f}"),
            ("ms/article, clustering and triage (claim_regroup)", f"{regroup * 1000 / articles:.2f}"),
            ("ms/article, reappearance detection", f"{reappear * 1000 / articles:.2f}"),
            ("share of the path they add", f"{corpus_parts / corpus_seconds:.1%}" if corpus_seconds else "-"),
        ]
        variants = sum(len(story["variants"]) for story in sample["stories"])
        rows.append(("labelled variants yielding a claim", f"{len(gold)}/{variants}"))
        halves = {
            half: {pk: story for pk, story in gold.items() if split_of(story) == half} for half in ("tune", "report")
        }
        tried = []
        for threshold in THRESHOLDS:
            with override_settings(FACTCHECK_CLUSTER_THRESHOLD=threshold):
                predicted = _regroup_all(list(gold))
            tried.append((quality(halves["tune"], predicted).pair_f1, threshold))
        best_f1, chosen = max(tried)
        rows.append(("tune: threshold chosen (pairwise F1 on tune)", f"{chosen} (F1 {best_f1:.3f})"))
        rows.append(("tune: F1 by threshold", " ".join(f"{t}:{f:.3f}" for f, t in tried)))
        configured = settings.FACTCHECK_CLUSTER_THRESHOLD
        for threshold in sorted({chosen, configured}):
            with override_settings(FACTCHECK_CLUSTER_THRESHOLD=threshold):
                predicted = _regroup_all(list(gold))
            measured = quality(halves["report"], predicted)
            label = f"report @ {threshold}" + (" (configured)" if threshold == configured else "")
            rows += [
                (f"{label}: claims / stories", f"{measured.claims} / {len(set(halves['report'].values()))}"),
                (f"{label}: purity", f"{measured.purity:.3f}"),
                (f"{label}: recall (inverse purity)", f"{measured.recall:.3f}"),
                (
                    f"{label}: pairwise precision / recall / F1",
                    f"{measured.pair_precision:.3f} / {measured.pair_recall:.3f} / {measured.pair_f1:.3f}",
                ),
                (
                    f"{label}: labelled claims clustered with corpus claims",
                    str(_mixed_with_corpus(list(halves["report"]))),
                ),
            ]
        checked_stories = {factcheck["story"] for factcheck in sample["factchecks"]}
        marked = dict(Claim.objects.filter(pk__in=list(gold)).values_list("pk", "already_checked_id"))
        should = [pk for pk, story in gold.items() if story in checked_stories]
        rows.append(
            (
                "already-checked marks (all labelled; no setting chosen on them)",
                f"{sum(1 for pk in should if marked[pk])}/{len(should)} repeats marked, "
                f"{sum(1 for pk, story in gold.items() if story not in checked_stories and marked[pk])} others marked",
            )
        )
        if alerts:
            latencies = alert_latencies(sample, alerts)
            rows += [
                ("alerts timed (commit -> signed webhook received)", str(len(latencies))),
                ("alert latency p50 ms", f"{percentile(latencies, 0.5) * 1000:.0f}"),
                ("alert latency p99 ms", f"{percentile(latencies, 0.99) * 1000:.0f}"),
                (
                    "alert latency mean / max ms",
                    f"{statistics.mean(latencies) * 1000:.0f} / {max(latencies) * 1000:.0f}",
                ),
            ]
    return rows
