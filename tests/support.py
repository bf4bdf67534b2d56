"""Helpers for integration tests: a real Celery worker process and waiting on its effects; for the fault
tests, brokers that can be stopped, a web process, and a database connection that can be cut."""

from __future__ import annotations

import importlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import redis
from celery import Celery
from django.conf import settings

from factcheck.brokers import broker_options

ROOT = Path(__file__).resolve().parent.parent


def restore_roles() -> None:
    """Re-run the roles data migrations (idempotent) after a flush emptied the groups."""
    from django.apps import apps

    importlib.import_module("claims.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("claims.migrations.0004_watchedtopic").grant(apps, None)


def record_sends(monkeypatch, task_path: str) -> list[int]:
    """The ids the outbox hands to the broker for the task `task_path`, sent nowhere."""
    sent: list[int] = []

    def apply_async(args=(), kwargs=None, **options):
        sent.append([*args, *(kwargs or {}).values()][0])

    monkeypatch.setattr(f"{task_path}.apply_async", apply_async)
    return sent


def broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def purge_broker() -> None:
    broker().flushdb()


def broker_backlog() -> int:
    """Messages waiting in the task queues plus those delivered but not yet acknowledged."""
    client = broker()
    queued = sum(client.llen(key) for key in client.keys("*") if client.type(key) == b"list")
    return queued + client.hlen("unacked")


def wait_drained(timeout: float = 40.0) -> None:
    """Until the broker has held no message (queued or unacknowledged) for half a second.

    With late acknowledgement a task's message stays unacknowledged until the task has finished, so this also
    waits for the tasks that are running, unlike asking the workers what they hold.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if broker_backlog() == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.5:
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise AssertionError(f"the broker still holds {broker_backlog()} messages after {timeout} s")


def database_url() -> str:
    """The test database's URL for a subprocess, whether PostgreSQL is reached over TCP or a Unix socket."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or ""
    if host.startswith("/"):
        return f"postgres://{db['USER']}{password}@{quote(host, safe='')}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _subprocess_env(extra_env: dict[str, str] | None) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "FACTCHECK_CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        **(extra_env or {}),
    }


def start_worker(
    *, concurrency: int = 2, extra_env: dict[str, str] | None = None, beat: bool = False, loglevel: str = "WARNING"
) -> subprocess.Popen:
    """A real `celery worker` process on the test database and the test broker (`extra_env` may name another
    broker and database); with `beat`, it runs beat too; `loglevel` "INFO" logs each task and retry."""
    env = _subprocess_env(extra_env)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--queues",
            "ingestion,workflow",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--loglevel",
            loglevel,
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            *(["--beat"] if beat else []),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    app = control_app(env["CELERY_BROKER_URL"])
    with app.connection_for_write() as connection:
        dropped = (OSError, *connection.connection_errors)  # the transport's own, redis-py's among them
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"celery worker exited with {process.returncode}")
            try:
                if app.control.ping(timeout=0.5):
                    return process
            except dropped:  # a broker that has just started may still drop the first connections
                time.sleep(0.5)
        raise RuntimeError("celery worker did not answer a ping within 60 s")
    except BaseException:
        stop_worker(process, sig=signal.SIGKILL)
        raise


def control_app(url: str) -> Celery:
    """A Celery app for pinging the workers on the broker at `url` (the test settings' app, for its own)."""
    if url == settings.CELERY_BROKER_URL:
        from factcheck.celery import app

        return app
    probe = Celery("probe", broker=url, set_as_current=False)
    # CELERY_BROKER_URL in the environment would win over `broker`; read and write URLs win over it.
    probe.conf.broker_read_url = probe.conf.broker_write_url = url
    probe.conf.broker_transport_options = broker_options(url).get("broker_transport_options", {})
    return probe


def stop_worker(process: subprocess.Popen, *, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1, message: str = "condition"):
    """Poll until `predicate()` is truthy; integration tests wait on the worker's effects this way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


# --- brokers that can be stopped ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class FaultBroker:
    """A broker the fault tests may stop and start: a private Redis, or the machine's RabbitMQ."""

    name: str
    url: str
    persistent: bool
    stop: object
    start: object
    lose_messages: object  # what a restart without persistence does to the queues
    backlog: object


def _wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def private_redis(folder: Path, *, persistent: bool) -> Iterator[FaultBroker]:
    """A redis-server of its own on a free port, with or without append-only-file persistence."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
    command += ["--appendonly", "yes" if persistent else "no", "--appendfsync", "always"]
    state = {"process": None}

    def start() -> None:
        state["process"] = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        _wait_port(port)

    def stop() -> None:
        process = state["process"]
        if process is not None and process.poll() is None:
            process.terminate()  # SHUTDOWN: without AOF (and without snapshots) the data is gone
            process.wait(timeout=30)

    def backlog() -> int:
        client = redis.Redis(port=port)
        queued = sum(client.llen(name) for name in ("ingestion", "workflow"))
        return queued + client.hlen("unacked")

    start()
    try:
        yield FaultBroker("redis", f"redis://127.0.0.1:{port}/0", persistent, stop, start, lambda: None, backlog)
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)


RABBITMQ_URL = os.environ.get("FACTCHECK_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, stdout=subprocess.DEVNULL, timeout=120)


def _rabbitmq_queues(action: str) -> int:
    """Purge or delete the task queues (and count what they held)."""
    from kombu import Connection

    held = 0
    with Connection(RABBITMQ_URL) as connection:
        channel = connection.channel()
        for name in ("ingestion", "workflow"):
            try:
                held += channel.queue_declare(name, passive=True).message_count
            except Exception:
                channel = connection.channel()
                continue
            if action == "delete":
                channel.queue_delete(name)
            elif action == "purge":
                channel.queue_purge(name)
    return held


@contextmanager
def machine_rabbitmq(*, persistent: bool) -> Iterator[FaultBroker]:
    """The machine's RabbitMQ, with fresh quorum task queues (durable: they survive a restart)."""
    _rabbitmq_queues("delete")  # declared again, as quorum queues, by the worker

    def start() -> None:
        _rabbitmqctl("start_app")
        _rabbitmqctl("await_startup")

    def stop() -> None:
        _rabbitmqctl("stop_app")

    def lose_messages() -> None:
        # Quorum queues keep every message on disk; a broker that lost its disk is one whose queues are empty.
        _rabbitmq_queues("purge")

    try:
        yield FaultBroker(
            "rabbitmq", RABBITMQ_URL, persistent, stop, start, lose_messages, lambda: _rabbitmq_queues("count")
        )
    finally:
        try:
            start()
        finally:
            _rabbitmq_queues("delete")


# --- a web process ----------------------------------------------------------------------------------------


@contextmanager
def running_web(*, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """gunicorn serving the app on a free port with the test settings; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=_subprocess_env(extra_env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_worker(process)


def http_json(method: str, url: str, body: dict | None = None, token: str = "") -> tuple[int, dict]:
    """One JSON request; (status, decoded body)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 (test URL)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


# --- a database connection that can be cut ----------------------------------------------------------------


@dataclass
class CuttableProxy:
    """A TCP proxy to the test database, wherever it is (TCP host or Unix socket folder); `cut()` drops every
    connection and refuses new ones until `restore()`. Processes given `url` reach the database through it."""

    port: int = 0
    cut_off: bool = False
    pairs: list[tuple[socket.socket, socket.socket]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        db = settings.DATABASES["default"]
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@127.0.0.1:{self.port}/{db['NAME']}"

    def _upstream(self) -> socket.socket:
        db = settings.DATABASES["default"]
        host, port = db["HOST"] or "/var/run/postgresql", int(db["PORT"] or 5432)
        if host.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(f"{host}/.s.PGSQL.{port}")
            return sock
        return socket.create_connection((host, port))

    def cut(self) -> None:
        with self.lock:
            self.cut_off = True
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for sock in pair:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        self.cut_off = False

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        sockets = [client, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 1.0)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                upstream = self._upstream()
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()


@contextmanager
def cuttable_database() -> Iterator[CuttableProxy]:
    """The one way the fault tests make PostgreSQL unreachable for a worker (see CuttableProxy)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    proxy = CuttableProxy(port=listener.getsockname()[1])
    threading.Thread(target=proxy.serve, args=(listener,), daemon=True).start()
    try:
        yield proxy
    finally:
        listener.close()
        proxy.cut()
