"""import_factchecks: ClaimReview JSON-LD and CSV, identified by URL, bad records reported by location."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import FactCheck
from claims.services.factcheck_import import FactCheckRecord, factchecks_import, factchecks_import_file
from claims.services.publishing import claimreview_jsonld

pytestmark = pytest.mark.django_db


def _review(url: str, claim: str, *, rating: str = "False", **extra) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "datePublished": "2024-05-02",
        "name": f"Fact check: {claim}",
        "author": {"@type": "Organization", "name": "Other Checkers", "url": "https://other.example.org"},
        "reviewRating": {"@type": "Rating", "alternateName": rating, "ratingValue": "1"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A. Politician"},
            "datePublished": "2024-04-30",
        },
        **extra,
    }


def _run(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_factchecks", str(path), "--skip-embeddings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_single_claimreview_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_review("https://other.example.org/fc/1", "Wind turbines cause cancer.")))

    out, err = _run(path)

    assert "1 created, 0 updated, 0 unchanged, 0 bad" in out and err == ""
    factcheck = FactCheck.objects.get()
    assert factcheck.origin == FactCheck.Origin.IMPORTED
    assert (factcheck.url, factcheck.claim_text) == ("https://other.example.org/fc/1", "Wind turbines cause cancer.")
    assert (factcheck.rating, factcheck.claimant, factcheck.publisher) == ("False", "A. Politician", "Other Checkers")
    assert factcheck.claim_date == date(2024, 4, 30)
    assert factcheck.published_at.date() == date(2024, 5, 2)
    assert factcheck.title == "Fact check: Wind turbines cause cancer."
    document = claimreview_jsonld(factcheck)
    assert document["author"] == {"@type": "Organization", "name": "Other Checkers"}
    # Another desk's rating is not put on this desk's numeric scale.
    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "False"}


def test_list_and_graph_with_bad_items(tmp_path):
    listing = tmp_path / "list.jsonld"
    listing.write_text(
        json.dumps(
            [
                _review("https://other.example.org/fc/1", "Claim one."),
                {"@type": "WebPage", "url": "https://other.example.org/"},
                _review("https://other.example.org/fc/3", ""),
                _review("ftp://other.example.org/fc/4", "Claim four."),
                _review("https://other.example.org/fc/5", "Claim five.", itemReviewed={"datePublished": "soon"}),
                _review("https://other.example.org/fc/6", "Claim six.", rating=""),
            ]
        )
    )
    graph = tmp_path / "graph.json"
    graph.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "Organization", "name": "Other Checkers"},
                    _review("https://other.example.org/fc/7", "Claim seven.", rating="Pants on Fire"),
                ],
            }
        )
    )

    out, err = _run(listing)
    out_graph, err_graph = _run(graph)

    assert "2 created, 0 updated, 0 unchanged, 4 bad" in out
    assert "item 2: not a ClaimReview object" in err
    assert "item 3: the claim is missing" in err
    assert "item 4: the url 'ftp://other.example.org/fc/4' is not an http(s) URL" in err
    assert "item 5: the date 'soon' is not a date" in err
    assert "1 created" in out_graph and err_graph == ""
    assert set(FactCheck.objects.values_list("url", "rating")) == {
        ("https://other.example.org/fc/1", "False"),
        ("https://other.example.org/fc/6", "1"),
        ("https://other.example.org/fc/7", "Pants on Fire"),
    }


def test_list_of_documents_each_with_a_graph(tmp_path):
    path = tmp_path / "pages.json"
    pages = [
        {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebPage"}, _review(f"https://o.example.org/{i}", "C.")],
        }
        for i in range(3)
    ]
    path.write_text(json.dumps(pages))

    out, err = _run(path)

    assert "3 created" in out and err == ""


CSV = """claim,rating,url,claimant,date,publisher,title
"Crime doubled, the mayor said.",Mostly false,https://other.example.org/fc/10,The Mayor,2024-01-15,Other Checkers,Crime
No rating here,,https://other.example.org/fc/11,,,Other Checkers,
"A claim
spanning two lines",False,https://other.example.org/fc/12,Someone,15 January 2024,Other Checkers,Multi-line
Missing url,False,,Someone,2024-01-15,Other Checkers,
Bad date,False,https://other.example.org/fc/14,Someone,2024-13-45,Other Checkers,
Too,many,fields,https://other.example.org/fc/15,x,y,z,extra
Last good one,True,https://other.example.org/fc/16,Someone,2024-02-01,Other Checkers,Last
"""


def test_csv_with_bad_rows_reports_their_lines_and_imports_the_rest(tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text(CSV)

    out, err = _run(path)

    assert "4 created, 0 updated, 0 unchanged, 3 bad" in out
    assert err.splitlines() == [
        f"{path}: line 6: the url is missing",
        f"{path}: line 7: the date '2024-13-45' is not a date (use YYYY-MM-DD)",
        f"{path}: line 8: the row has more fields than the header",
    ]
    first = FactCheck.objects.get(url="https://other.example.org/fc/10")
    assert (first.claim_text, first.rating, first.claimant) == (
        "Crime doubled, the mayor said.",
        "Mostly false",
        "The Mayor",
    )
    assert FactCheck.objects.get(url="https://other.example.org/fc/11").rating == ""
    multi = FactCheck.objects.get(url="https://other.example.org/fc/12")
    assert (multi.claim_text, multi.claim_date) == ("A claim spanning two lines", date(2024, 1, 15))


def test_reimport_updates_by_url_and_never_duplicates(tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text(CSV)
    _run(path)
    FactCheck.objects.filter(url="https://other.example.org/fc/10").update(embedding=[0.5] * 384)

    out, _ = _run(path)
    assert "0 created, 0 updated, 4 unchanged, 3 bad" in out

    path.write_text(CSV.replace("Crime doubled", "Crime tripled").replace("Mostly false", "False"))
    out, _ = _run(path)

    assert "0 created, 1 updated, 3 unchanged, 3 bad" in out
    assert FactCheck.objects.count() == 4
    updated = FactCheck.objects.get(url="https://other.example.org/fc/10")
    assert (updated.claim_text, updated.rating) == ("Crime tripled, the mayor said.", "False")
    # The old text's embedding is dropped so matching recomputes it.
    assert updated.embedding is None


def test_a_url_repeated_in_one_file_is_applied_in_order_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("claims.services.factcheck_import._CHUNK", 2)
    rows = [f"Claim {i},False,https://other.example.org/fc/{i},,,," for i in range(5)]
    rows.insert(2, "Claim 0 corrected,True,https://other.example.org/fc/0,,,,")
    rows.append("Bad,False,,,,,")
    path = tmp_path / "checks.csv"
    path.write_text("claim,rating,url,claimant,date,publisher,title\n" + "\n".join(rows) + "\n")

    out, err = _run(path)

    assert "5 created, 1 updated, 0 unchanged, 1 bad" in out
    assert err.strip() == f"{path}: line 8: the url is missing"
    assert FactCheck.objects.count() == 5
    assert FactCheck.objects.get(url="https://other.example.org/fc/0").claim_text == "Claim 0 corrected"


def test_an_import_never_overwrites_a_published_fact_check(tmp_path):
    FactCheck.objects.create(origin="published", url="https://desk.example.org/fact-checks/1/", claim_text="Ours.")
    path = tmp_path / "checks.json"
    path.write_text(json.dumps([_review("https://desk.example.org/fact-checks/1/", "Theirs.")]))

    out, err = _run(path)

    assert "0 created" in out and "it is not imported over" in err
    assert FactCheck.objects.get().claim_text == "Ours."


def test_broken_files_are_reported(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"@type": "ClaimReview",\n  oops\n]')
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("a,b,c\n1,2,3\n")

    _, err = _run(broken)
    _, err_csv = _run(headerless)

    assert "line 3: not valid JSON" in err
    assert "line 1: the header lacks the column(s) claim, url" in err_csv
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "missing.csv")
    assert not FactCheck.objects.exists()


def _nested(depth: int) -> list:
    value: list = ["A claim."]
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("graph.json", '{"@graph": 5}', "@graph: @graph is neither a list nor an object"),
        ("pages.json", '[{"@graph": "x"}]', "item 1 @graph: @graph is neither a list nor an object"),
        (
            "url.json",
            json.dumps([_review("http://[::1", "Claim.")]),
            "item 1: the url 'http://[::1' is not an http(s) URL",
        ),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "document: not usable JSON: it is nested too deeply"),
        (
            "deep-value.json",
            json.dumps(_review("https://other.example.org/fc/1", _nested(500))),
            "object: a value is nested too deeply",
        ),
        ("digits.json", "[" + "1" * 5000 + "]", "document: not usable JSON: Exceeds the limit"),
        (
            "nul.json",
            json.dumps(_review("https://other.example.org/fc/1", "Nul\x00here.")),
            "object: the claim contains a NUL character",
        ),
        (
            "surrogate.json",
            json.dumps(_review("https://other.example.org/fc/1", "Claim.", name="\ud800")),
            "object: the title is not valid Unicode text",
        ),
        (
            "far-future.json",
            json.dumps(_review("https://other.example.org/fc/1", "Claim.", datePublished="9999-12-31T23:00:00-05:00")),
            "object: the date '9999-12-31T23:00:00-05:00' is out of range",
        ),
        (
            "nul.csv",
            "claim,rating,url\nClaim,False,https://other.example.org/fc/1\x00\n",
            "line 2: the url contains a NUL character",
        ),
        (
            "url.csv",
            "claim,rating,url\nClaim,False,http://[::1\n",
            "line 2: the url 'http://[::1' is not an http(s) URL",
        ),
    ],
)
def test_malformed_input_is_reported_and_writes_nothing(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)

    out, err = _run(path)

    assert err.startswith(f"{path}: {message}") and err.count("\n") == 1
    assert "0 created, 0 updated, 0 unchanged, 1 bad" in out
    assert not FactCheck.objects.exists()


def test_an_import_failing_partway_writes_nothing(monkeypatch):
    monkeypatch.setattr("claims.services.factcheck_import._CHUNK", 2)

    def records():
        for i in range(5):
            yield f"item {i}", FactCheckRecord(url=f"https://other.example.org/fc/{i}", claim_text=f"Claim {i}.")
        raise RuntimeError("the file could not be read to its end")

    with pytest.raises(RuntimeError):
        factchecks_import(records=records())
    assert not FactCheck.objects.exists()


def test_imported_fact_checks_get_embeddings_for_matching(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_review("https://other.example.org/fc/1", "Wind turbines cause cancer.")))

    report = factchecks_import_file(path=path)

    assert report.created == 1
    embedding = FactCheck.objects.get().embedding
    assert embedding is not None and len(embedding) == 384
