"""Date-times from outside, as aware datetimes in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.utils.dateparse import parse_datetime


class OutOfRange(ValueError):
    """A time outside the years 1-9999 in UTC: PostgreSQL would store it, but no Python datetime can load it."""


def datetime_utc(value: Any) -> datetime | None:
    """`value` (ISO 8601 text, a datetime or a date) in UTC: naive times are taken as UTC, a date is its midnight.
    None when there is none or it is no valid time (such as 2024-02-30 10:00); OutOfRange when it is valid but
    outside what can be stored and read back."""
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError as exc:
            raise OutOfRange(f"{value.isoformat()} is out of range") from exc
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None
