"""`evaluate matching` runs the product: verified claims imported into a scratch database by the importer, tweets
matched by `rank_matches`. A data set in CheckThat! 2020 task 2's layout, written for this test."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import FactCheck

pytestmark = pytest.mark.django_db(transaction=True)

VCLAIMS = [
    ("Drinking bleach cures the coronavirus.", "Does Drinking Bleach Cure COVID-19?"),
    ("5G mobile networks spread the coronavirus.", "Do 5G Networks Spread Coronavirus?"),
    ("The city of Riverton banned plastic bags in supermarkets.", "Did Riverton Ban Plastic Bags?"),
    ("A shark was photographed swimming on a flooded highway in Houston.", "Shark on a Houston Highway?"),
    ("Wind turbines cause cancer in people living nearby.", "Do Wind Turbines Cause Cancer?"),
    ("The moon landing in 1969 was filmed in a studio.", "Was the Moon Landing Faked?"),
]
QUERIES = {
    "train": [("t1", "People are saying bleach will cure covid, please don't drink it", 0)],
    "dev": [
        ("d1", "5G towers are spreading the virus!! wake up #5G", 1),
        ("d2", "Saw a photo of a shark on the highway in Houston after the flood", 3),
    ],
}


@pytest.fixture
def dataset(tmp_path):
    lines = ["\tvclaim\ttitle"] + [f"{i}\t{claim}\t{title}" for i, (claim, title) in enumerate(VCLAIMS)]
    (tmp_path / "verified_claims.docs.tsv").write_text("\n".join(lines) + "\n")
    for split, queries in QUERIES.items():
        (tmp_path / split).mkdir()
        tweets = ["\ttweet_content"] + [f"{qid}\t{text}" for qid, text, _ in queries]
        (tmp_path / split / "tweets.queries.tsv").write_text("\n".join(tweets) + "\n")
        qrels = [f"{qid}\t0\t{vclaim}\t1" for qid, _, vclaim in queries]
        (tmp_path / split / "tweet-vclaim-pairs.qrels").write_text("\n".join(qrels) + "\n")
    return tmp_path


def test_evaluate_matching_scores_the_product_in_a_scratch_database(dataset):
    database = connection.settings_dict["NAME"]
    out = io.StringIO()
    call_command("evaluate", "matching", str(dataset), stdout=out)
    report = {}
    for line in out.getvalue().splitlines()[1:]:
        name, value = line.rsplit("  ", 1)
        report[name.strip()] = value.strip()
    assert report["fact-checks imported"] == str(len(VCLAIMS))
    assert report["database"] == database + "_eval_matching"
    assert (report["dev MAP@5"], report["dev recall@5"], report["dev queries"]) == ("1.0000", "1.0000", "2")
    assert report["train queries"] == "1"
    # The scratch database is gone and the configured one untouched.
    assert connection.settings_dict["NAME"] == database
    assert not FactCheck.objects.exists()
