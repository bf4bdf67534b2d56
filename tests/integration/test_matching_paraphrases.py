"""Fact-checks written for this test (topics x places x figures, a few hundred) are imported with
`import_factchecks`; claims that paraphrase some of them must find the right one first through the `match`
command, the worker's suggestions and the API's `similar` alike: one matching path."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import Article, Claim, ClaimMatch, FactCheck
from tests.support import wait_drained

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PLACES = [
    "Riverton", "Lakemont", "Ashford", "Brookvale", "Cedar Falls", "Dunmore", "Elmstead", "Fairhaven",
    "Glenrock", "Harrowgate", "Ivybridge", "Juniper Bay", "Kingsport", "Larchmont", "Millbrook", "Northcliff",
    "Oakhurst", "Pinecrest", "Queensbury", "Redwater", "Stonehill", "Thornbury", "Upton Marsh", "Westbrook",
]  # fmt: skip

# (fact-checked claim, a paraphrase of it as a reader might post it): {place} and {n} are filled in.
TOPICS = [
    (
        "{place} banned single-use plastic bags in every supermarket, cutting litter by {n} percent",
        "Supermarkets in {place} can no longer hand out throwaway plastic bags and litter dropped {n}%",
    ),
    (
        "The mayor of {place} cut the police budget by {n} percent to pay for new parks",
        "{place}'s mayor slashed police funding {n}% so the city could build parks",
    ),
    (
        "Tap water in {place} contains {n} times the legal limit of lead",
        "Drinking water from the taps of {place} has {n}x more lead than the law allows",
    ),
    (
        "A new stadium in {place} cost taxpayers {n} million dollars more than promised",
        "Taxpayers paid {n} million dollars over budget for the stadium built in {place}",
    ),
    (
        "{place} schools will switch to a four-day week for {n} thousand pupils next year",
        "Next year {n},000 children in {place} will only go to school four days a week",
    ),
    (
        "Hospital waiting times in {place} doubled to {n} weeks since the clinic closed",
        "Since its clinic shut, patients in {place} wait {n} weeks for hospital care, twice as long as before",
    ),
    (
        "The {place} council approved a wind farm of {n} turbines on the old airfield",
        "Councillors in {place} voted for {n} wind turbines to go up on the former airfield",
    ),
    (
        "Rents in {place} rose {n} percent in one year, the fastest rise in the country",
        "Nowhere in the country did rent climb faster than in {place}, up {n}% in a year",
    ),
    (
        "{place} will fine drivers {n} dollars for idling their engines outside schools",
        "Leaving your engine running outside a school in {place} now costs a {n} dollar fine",
    ),
    (
        "A chemical spill closed the river in {place} to fishing for {n} days",
        "Fishing on the {place} river was banned for {n} days after chemicals leaked into it",
    ),
    (
        "The {place} library system removed {n} books from its shelves after complaints",
        "After complaints, {n} titles were pulled from the public libraries of {place}",
    ),
    (
        "Bus fares in {place} will be free for everyone over {n} years old",
        "People older than {n} ride the buses of {place} without paying",
    ),
]


def factcheck_rows() -> list[dict[str, str]]:
    rows = []
    for t, (claim, _) in enumerate(TOPICS):
        for p, place in enumerate(PLACES):
            n = str(12 + (t * 31 + p * 7) % 80)
            rows.append(
                {
                    "claim": claim.format(place=place, n=n),
                    "url": f"https://factchecks.example/{t}/{p}",
                    "rating": "false" if (t + p) % 3 else "true",
                    "title": "",
                }
            )
    return rows


def paraphrases() -> list[tuple[str, str]]:
    """(paraphrased claim, URL of the fact-check it repeats): three places per topic."""
    out = []
    for t, (_, paraphrase) in enumerate(TOPICS):
        for p in (t % len(PLACES), (t * 5 + 3) % len(PLACES), (t * 11 + 17) % len(PLACES)):
            n = str(12 + (t * 31 + p * 7) % 80)
            out.append((paraphrase.format(place=PLACES[p], n=n), f"https://factchecks.example/{t}/{p}"))
    return out


@pytest.fixture
def imported(tmp_path):
    rows = factcheck_rows()
    path = tmp_path / "factchecks.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["claim", "url", "rating", "title"])
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_factchecks", str(path), stdout=io.StringIO())
    assert FactCheck.objects.count() == len(rows) == 288
    assert not FactCheck.objects.filter(embedding__isnull=True).exists()
    return {fc.url: fc.pk for fc in FactCheck.objects.all()}


def test_paraphrases_find_their_fact_check_first_through_match_the_worker_and_the_api(
    imported, celery_worker_process, editor, settings, monkeypatch
):
    cases = paraphrases()

    # 1. `manage.py match`: one claim a line on stdin, JSON out.
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{text}\n" for text, _ in cases)))
    call_command("match", "--top", "3", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["matches"][0]["kind"], line["matches"][0]["id"]) for line in lines] == [
        ("factcheck", imported[url]) for _, url in cases
    ]

    # 2. The worker's suggestions for the same texts stored as claims of one article (as ingestion stores them;
    # claims of one article are never matched with each other).
    article = Article.objects.create(content_hash="paraphrases", text=" ".join(text for text, _ in cases))
    claims = []
    for text, _ in cases:
        start = article.text.index(text)
        claims.append(Claim.objects.create(article=article, text=text, quote=text, start=start, end=start + len(text)))
    from workers.review import claim_match_suggest

    for claim in claims:
        claim_match_suggest.delay(claim.pk)
    wait_drained(timeout=120)
    for claim, (_, url) in zip(claims, cases, strict=True):
        best = ClaimMatch.objects.filter(claim=claim).order_by("-score", "pk").first()
        assert best is not None and best.matched_factcheck_id == imported[url], claim.text

    # 3. The API's `similar` shows those suggestions, the right fact-check first.
    client = APIClient()
    client.force_authenticate(editor)
    for claim, (_, url) in zip(claims, cases, strict=True):
        response = client.get(f"/api/claims/{claim.pk}/similar/")
        assert response.status_code == 200, response.content
        first = response.json()[0]
        assert (first["kind"], first["target"]["id"]) == ("factcheck", imported[url]), claim.text
