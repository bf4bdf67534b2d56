"""Fixtures of the integration tests."""

from __future__ import annotations

import pytest

from tests.support import purge_broker, start_worker, stop_worker


@pytest.fixture
def webhook_worker(transactional_db, settings):
    """A real worker that may deliver webhooks to receivers on loopback.

    Webhook targets may reach loopback only when allowed (in the worker too), at any port: each test's receiver
    takes a free one after the worker has started."""
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1:*/32"]
    purge_broker()
    process = start_worker(concurrency=1, extra_env={"FACTCHECK_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.1:*/32"})
    try:
        yield process
    finally:
        stop_worker(process)
        purge_broker()
