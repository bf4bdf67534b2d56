"""Evidence: gathered from fact-checks, the article archive and external sources; added and judged by hand."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from claims.errors import Conflict, InvalidInput, NotFound, TransitionForbidden
from claims.models import Article, Evidence, FactCheck
from claims.services.evidence import best_passage, evidence_add, evidence_gather, evidence_set_stance
from claims.services.evidence_sources import EvidenceSourceError, HttpJsonSource
from claims.services.transitions import claim_transition

pytestmark = pytest.mark.django_db

LFS = "Labour force survey"
CLAIM = "The unemployment rate in Norway fell to 3 percent in 2024."

ARCHIVE_TEXT = (
    "The city council met on Tuesday to discuss the new tram line. "
    "Residents complained about the noise from the building works.\n\n"
    "Statistics Norway reported that the unemployment rate in Norway was 4.1 percent in 2024, "
    "up from 3.6 percent a year earlier. "
    "Economists had expected a smaller rise.\n\n"
    "In sport, the national team lost to Sweden. The coach resigned after the match."
)


class FakeSearch(BaseHTTPRequestHandler):
    """A search API answering JSON; what it answers is set on the server object."""

    def do_GET(self):
        self.server.queries.append(parse_qs(urlsplit(self.path).query).get("q", [""])[0])
        status, body = self.server.reply
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", body)
            body = b""
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body if isinstance(body, bytes) else json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def search_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSearch)
    server.queries = []
    server.reply = (
        200,
        {
            "data": {
                "items": [
                    {
                        "link": "https://ssb.example/aku",
                        "name": "Labour force survey",
                        "snippet": "4.1 %",
                        "score": 0.9,
                    },
                    {"link": "https://oecd.example/no", "name": "OECD Norway", "snippet": "Jobless rate", "score": 7},
                    {"link": "ftp://not.citable/x", "name": "skipped", "snippet": "", "score": 0.5},
                ]
            }
        },
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = [f"127.0.0.1:{server.server_port}/32"]  # the fake API, on loopback
    settings.FACTCHECK_EVIDENCE_SOURCES = [
        {
            "name": "fake-search",
            "url": f"http://127.0.0.1:{server.server_port}/search?q={{query}}",
            "results_path": "data.items",
            "fields": {"url": "link", "title": "name", "excerpt": "snippet", "relevance": "score"},
            "timeout": 5,
        }
    ]
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def researched(make_claim, checker):
    claim = make_claim(status="researching", assignee=checker, text=CLAIM)
    Article.objects.create(url="https://archive.example/jobs", content_hash="a" * 64, title="Jobs", text=ARCHIVE_TEXT)
    Article.objects.create(url="https://archive.example/cats", content_hash="b" * 64, text="Cats sleep all day long.")
    FactCheck.objects.create(
        origin="imported",
        url="https://factcheckers.example/norway-unemployment",
        claim_text="Norway's unemployment rate is the lowest in Europe.",
        rating="false",
        title="No, Norway's unemployment is not Europe's lowest",
        publisher="Faktisk",
    )
    FactCheck.objects.create(
        origin="imported", url="https://factcheckers.example/moon", claim_text="The moon is cheese."
    )
    return claim


def test_gathers_from_all_three_sources(researched, search_server):
    report = evidence_gather(claim_id=researched.pk)
    evidence = {e.url: e for e in Evidence.objects.filter(claim=researched)}
    assert report.created == len(evidence) == 4
    assert set(evidence) == {
        "https://factcheckers.example/norway-unemployment",
        "https://archive.example/jobs",
        "https://ssb.example/aku",
        "https://oecd.example/no",
    }
    assert all(e.origin == "auto" and e.retrieved_at and e.stance == "" for e in evidence.values())

    factcheck = evidence["https://factcheckers.example/norway-unemployment"]
    assert factcheck.source == "factchecks:Faktisk"
    assert factcheck.excerpt.startswith("Rated false. Norway's unemployment rate")

    passage = evidence["https://archive.example/jobs"]
    assert passage.source == "archive"
    assert "unemployment rate in Norway was 4.1 percent in 2024" in passage.excerpt
    assert "tram line" not in passage.excerpt and "coach resigned" not in passage.excerpt  # a passage, not the text
    assert 0 < passage.relevance <= 1

    external = evidence["https://ssb.example/aku"]
    assert (external.source, external.title, external.excerpt, external.relevance) == (
        "fake-search",
        LFS,
        "4.1 %",
        0.9,
    )
    assert evidence["https://oecd.example/no"].relevance == 1.0  # clamped to 0..1
    assert search_server.queries == [CLAIM]


def test_gathering_again_never_duplicates_and_keeps_the_stance(researched, search_server):
    evidence_gather(claim_id=researched.pk)
    first = Evidence.objects.filter(claim=researched).order_by("url").first()
    first.stance = "refutes"
    first.save()
    again = evidence_gather(claim_id=researched.pk)
    assert again.created == 0
    assert Evidence.objects.filter(claim=researched).count() == 4
    first.refresh_from_db()
    assert first.stance == "refutes"


def test_the_claims_own_article_and_fact_check_are_not_evidence(make_claim, checker, settings):
    settings.FACTCHECK_EVIDENCE_SOURCES = []
    claim = make_claim(status="researching", assignee=checker, text=CLAIM)
    FactCheck.objects.create(origin="published", url="https://desk.example/fc/1", claim_text=CLAIM, claim=claim)
    assert evidence_gather(claim_id=claim.pk).created == 0


def test_an_unreachable_source_keeps_the_rest_and_raises_for_a_retry(researched, search_server):
    search_server.reply = (503, {"error": "busy"})
    with pytest.raises(OSError):
        evidence_gather(claim_id=researched.pk)
    assert Evidence.objects.filter(claim=researched).count() == 2  # fact-check and archive passage
    search_server.reply = (200, {"data": {"items": [{"link": "https://ssb.example/aku", "name": "AKU"}]}})
    assert evidence_gather(claim_id=researched.pk).created == 1  # the retry adds only what was missing


def test_a_source_answering_garbage_is_skipped(researched, search_server):
    search_server.reply = (200, b"<html>not json</html>")
    assert evidence_gather(claim_id=researched.pk).created == 2


def test_closed_claims_are_not_researched(make_claim, search_server):
    claim = make_claim(status="rejected", text=CLAIM)
    assert evidence_gather(claim_id=claim.pk).created == 0
    assert search_server.queries == []


def test_http_json_source_reads_top_level_lists_and_encodes_the_query(search_server):
    search_server.reply = (200, [{"url": "https://a.example/1", "title": "A", "excerpt": "x", "relevance": True}])
    source = HttpJsonSource(name="plain", url=f"http://127.0.0.1:{search_server.server_port}/?q={{query}}")
    hits = source.search("rate & 3% ?", limit=5)
    assert [(h.url, h.title, h.relevance) for h in hits] == [("https://a.example/1", "A", None)]
    assert search_server.queries == ["rate & 3% ?"]
    with pytest.raises(ValueError, match="query"):
        HttpJsonSource(name="bad", url="file:///etc/passwd")


def test_a_source_on_a_private_address_is_refused_and_skipped(researched, search_server, settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = []
    assert evidence_gather(claim_id=researched.pk).created == 2  # fact-check and archive passage
    assert search_server.queries == []
    source = HttpJsonSource(name="local", url=f"http://127.0.0.1:{search_server.server_port}/?q={{query}}")
    with pytest.raises(EvidenceSourceError, match="loopback"):
        source.search("rate", limit=5)
    assert search_server.queries == []


def test_a_source_redirecting_to_a_private_address_is_refused(search_server):
    search_server.reply = (302, "http://169.254.169.254/latest/meta-data/")
    source = HttpJsonSource(name="redirects", url=f"http://127.0.0.1:{search_server.server_port}/?q={{query}}")
    with pytest.raises(EvidenceSourceError, match="link-local"):
        source.search("rate", limit=5)


def test_a_source_answering_too_much_is_skipped(search_server):
    search_server.reply = (200, [{"url": "https://a.example/1", "excerpt": "x" * 2000}])
    source = HttpJsonSource(
        name="big", url=f"http://127.0.0.1:{search_server.server_port}/?q={{query}}", max_bytes=1000
    )
    with pytest.raises(EvidenceSourceError, match="limit"):
        source.search("rate", limit=5)


def test_best_passage_prefers_the_matching_sentences():
    passage, relevance = best_passage(ARCHIVE_TEXT, {"unemploy", "rate", "norway", "2024"}, max_chars=200)
    assert passage.startswith("Statistics Norway reported")
    assert len(passage) <= 200
    assert relevance == 1.0


# --- by hand --------------------------------------------------------------------------------------------


def test_checker_adds_evidence_to_their_own_claim(make_claim, checker, other_checker, editor):
    claim = make_claim(status="researching", assignee=checker)
    added = evidence_add(claim_id=claim.pk, user=checker, url="https://ssb.example/aku", title="AKU", stance="refutes")
    assert (added.origin, added.added_by, added.stance, added.source) == ("manual", checker, "refutes", "manual")
    with pytest.raises(TransitionForbidden):
        evidence_add(claim_id=claim.pk, user=other_checker, url="https://other.example/")
    assert evidence_add(claim_id=claim.pk, user=editor, excerpt="Phone call with the statistics office.").pk
    with pytest.raises(Conflict, match="already attached"):
        evidence_add(claim_id=claim.pk, user=checker, url="https://SSB.example/aku#top")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://a.example/", "stance": "maybe"}, "stance"),
        ({"excerpt": "x", "title": "t" * 1001}, "title"),
    ],
)
def test_manual_evidence_is_validated(make_claim, checker, fields, error):
    claim = make_claim(status="researching", assignee=checker)
    with pytest.raises(InvalidInput) as exc:
        evidence_add(claim_id=claim.pk, user=checker, **fields)
    assert error in exc.value.fields


def test_no_evidence_on_closed_claims(make_claim, editor):
    claim = make_claim(status="published")
    with pytest.raises(Conflict):
        evidence_add(claim_id=claim.pk, user=editor, url="https://a.example/")


def set_stance(item: Evidence, user, stance: str) -> Evidence:
    return evidence_set_stance(claim_id=item.claim_id, evidence_id=item.pk, user=user, stance=stance)


def test_stance_is_set_by_the_assignee_or_an_editor(make_claim, make_evidence, checker, other_checker, editor):
    claim = make_claim(status="researching", assignee=checker)
    item = make_evidence(claim)
    assert set_stance(item, checker, "supports").stance == "supports"
    assert set_stance(item, editor, "context").stance == "context"
    with pytest.raises(TransitionForbidden):
        set_stance(item, other_checker, "refutes")
    with pytest.raises(InvalidInput):
        set_stance(item, checker, "neutral")
    item.refresh_from_db()
    assert item.stance == "context"


def test_evidence_is_judged_only_through_its_own_claim(make_claim, make_evidence, checker):
    claim, other = (make_claim(status="researching", assignee=checker) for _ in range(2))
    item = make_evidence(claim, stance="refutes")
    with pytest.raises(NotFound, match=f"Claim {other.pk} has no evidence {item.pk}"):
        evidence_set_stance(claim_id=other.pk, evidence_id=item.pk, user=checker, stance="supports")
    item.refresh_from_db()
    assert item.stance == "refutes"


def test_a_published_fact_checks_evidence_changes_only_after_a_reopen(make_claim, make_evidence, checker, editor):
    claim = make_claim(status="published", assignee=checker)
    item = make_evidence(claim, stance="refutes")
    for user in (checker, editor):
        with pytest.raises(Conflict, match="Reopen it"):
            set_stance(item, user, "supports")
        with pytest.raises(Conflict):
            evidence_add(claim_id=claim.pk, user=user, url="https://late.example/")
    item.refresh_from_db()
    assert item.stance == "refutes"
    assert Evidence.objects.filter(claim=claim).count() == 1

    claim_transition(claim_id=claim.pk, transition="reopen", user=editor)
    assert set_stance(item, checker, "supports").stance == "supports"


@pytest.mark.parametrize("status", ["new", "accepted", "rejected", "duplicate"])
def test_no_stance_changes_outside_work_on_the_claim(make_claim, make_evidence, editor, status):
    item = make_evidence(make_claim(status=status))
    with pytest.raises(Conflict):
        set_stance(item, editor, "context")
