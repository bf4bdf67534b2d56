"""Checkers for workflow tests, with the profiles automatic assignment reads."""

from __future__ import annotations

import pytest

from tests.factories import checker_create


@pytest.fixture
def make_checker(db):
    return checker_create
