"""Fixtures for publishing: a local webhook receiver that checks signatures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.publishing.receiver import Receiver, running_receiver


@pytest.fixture
def webhook_receiver(settings) -> Iterator[Receiver]:
    with running_receiver(secret="s3cret-for-tests") as receiver:
        settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = [receiver.allowed]
        yield receiver
