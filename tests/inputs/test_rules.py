"""The rules for outside values, each defined once in claims.inputs and used by every caller."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from claims.inputs.articles import article_source_problem
from claims.inputs.dates import OutOfRange, datetime_utc
from claims.inputs.text import text_problem
from claims.inputs.urls import is_http_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a", True),
        ("HTTP://news.example/a", True),
        ("Https://news.example", True),
        ("ftp://news.example/a", False),
        ("https:///no-host", False),
        ("news.example/a", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_http_urls_are_recognised_whatever_the_scheme_case(url, expected):
    assert is_http_url(url) is expected


def test_text_with_nul_or_a_lone_surrogate_cannot_be_stored():
    assert text_problem("Prices rose 5%.") is None
    assert text_problem("Fir\x00st") == "contains a NUL character"
    assert text_problem("half \ud800 pair") == "is not valid Unicode text"


def test_date_times_come_back_in_utc():
    assert datetime_utc("2024-05-15T08:30:00+02:00") == datetime(2024, 5, 15, 6, 30, tzinfo=UTC)
    assert datetime_utc("2024-05-13 10:00") == datetime(2024, 5, 13, 10, tzinfo=UTC)
    assert datetime_utc(" 2024-05-14 ") == datetime(2024, 5, 14, tzinfo=UTC)
    assert datetime_utc(date(2024, 5, 14)) == datetime(2024, 5, 14, tzinfo=UTC)
    east = datetime(2024, 5, 15, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    assert datetime_utc(east).utcoffset() == timedelta(0)
    for nothing in (None, "", "yesterday", "2024-02-30 10:00", 12):
        assert datetime_utc(nothing) is None


def test_a_time_outside_the_storable_years_is_out_of_range():
    with pytest.raises(OutOfRange):
        datetime_utc("9999-12-31T23:00:00-05:00")


def test_an_article_gives_text_html_or_a_url_and_not_text_and_html():
    assert article_source_problem({"url": "https://news.example/a"}) is None
    assert article_source_problem({"text": "Prices rose.", "url": "https://news.example/a"}) is None
    assert article_source_problem({"text": "  ", "url": None}) == ("text", "Give `text`, `html` or `url`.")
    assert article_source_problem({"text": "a", "html": "<p>a</p>"}) == (
        "html",
        "Give either `text` or `html`, not both.",
    )
