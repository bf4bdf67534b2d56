"""Matching across languages on PostgreSQL: fact-checks get multilingual embeddings through the outbox, and claims in
other languages find them through the one matching path (rank_matches, the worker's suggestions, the API)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.intelligence import cross_language
from claims.models import Article, Claim, ClaimMatch, FactCheck, OutboxMessage
from claims.services.cross_language import EMBED_TASK, factcheck_multilingual_embed
from claims.services.factcheck_import import FactCheckRecord, factchecks_import
from claims.services.matching import claim_match_suggest, rank_matches

pytestmark = pytest.mark.django_db

ENGLISH_FACTCHECKS = {
    "drones": "Russia said Ukraine attacked Vladimir Putin's residence with 91 long-range drones",
    "denial": "Zelenskyy said the alleged attack on Putin's residence was a fabrication",
    "bread": "The price of bread in Spain rose by 20 percent last year",
    "vaccines": "Flu vaccines contain microchips that track the people who receive them",
    "fifth": "Russia controls about a fifth of Ukraine's territory",
}


def import_english(*keys: str, language: str = "en") -> dict[str, FactCheck]:
    records = [
        (key, FactCheckRecord(url=f"https://fc.example/{key}", claim_text=ENGLISH_FACTCHECKS[key], language=language))
        for key in keys
    ]
    factchecks_import(records=records)
    return {key: FactCheck.objects.get(url=f"https://fc.example/{key}") for key in keys}


def run_queued_embeddings() -> int:
    """What a worker does with the queued embedding tasks (the tasks themselves run in the integration tests)."""
    done = 0
    for message in OutboxMessage.objects.filter(task=EMBED_TASK):
        done += factcheck_multilingual_embed(factcheck_id=message.args[0])
    return done


def test_importing_queues_an_embedding_per_factcheck_in_a_known_language():
    import_english("drones", "denial")
    factchecks_import(records=[("x", FactCheckRecord(url="https://fc.example/unknown", claim_text="No language"))])
    queued = sorted(OutboxMessage.objects.filter(task=EMBED_TASK).values_list("args", flat=True))
    expected = sorted([[pk] for pk in FactCheck.objects.exclude(language="").values_list("pk", flat=True)])
    assert queued == expected and len(queued) == 2
    assert run_queued_embeddings() == 2
    # Redelivered: nothing is computed or written twice.
    assert run_queued_embeddings() == 0
    assert FactCheck.objects.filter(multilingual_embedding__isnull=True).count() == 1  # the unknown language


def test_a_changed_text_drops_the_embedding_and_queues_it_again():
    factcheck = import_english("drones")["drones"]
    run_queued_embeddings()
    OutboxMessage.objects.all().delete()
    changed = FactCheckRecord(url=factcheck.url, claim_text=ENGLISH_FACTCHECKS["bread"], language="en")
    factchecks_import(records=[("x", changed)])
    factcheck.refresh_from_db()
    assert factcheck.multilingual_embedding is None
    assert list(OutboxMessage.objects.filter(task=EMBED_TASK).values_list("args", flat=True)) == [[factcheck.pk]]
    assert run_queued_embeddings() == 1


def test_an_embedding_of_a_text_changed_meanwhile_is_not_stored(monkeypatch):
    factcheck = import_english("drones")["drones"]
    real_embed = cross_language.embed

    def embed_while_a_correction_lands(texts):
        FactCheck.objects.filter(pk=factcheck.pk).update(claim_text="A corrected statement")
        return real_embed(texts)

    monkeypatch.setattr(cross_language, "embed", embed_while_a_correction_lands)
    assert factcheck_multilingual_embed(factcheck_id=factcheck.pk) is False
    factcheck.refresh_from_db()
    assert factcheck.multilingual_embedding is None


TRANSLATED = {
    "uk": ("Росія заявила, що Україна атакувала резиденцію Путіна 91 безпілотником великої дальності", "drones"),
    "es": ("Zelenski dijo que el supuesto ataque contra la residencia de Putin era una invención", "denial"),
    "de": ("Der Brotpreis in Spanien ist im vergangenen Jahr um 20 Prozent gestiegen", "bread"),
    "fr": ("La Russie contrôle environ un cinquième du territoire de l'Ukraine", "fifth"),
}


@pytest.mark.parametrize("language", sorted(TRANSLATED))
def test_a_claim_finds_the_factcheck_of_its_statement_in_another_language(language):
    factchecks = import_english(*ENGLISH_FACTCHECKS)
    run_queued_embeddings()
    text, key = TRANSLATED[language]
    ranked = rank_matches(text=text, language=language)
    assert ranked[0].kind == "factcheck" and ranked[0].id == factchecks[key].pk
    assert ranked[0].score >= settings.FACTCHECK_MATCH_SUGGEST_THRESHOLD
    # The other statements of the same story stay below what is suggested to staff.
    assert all(m.score < settings.FACTCHECK_MATCH_SUGGEST_THRESHOLD for m in ranked[1:])


def test_without_factchecks_in_other_languages_no_multilingual_pass_runs(monkeypatch):
    import_english("drones", "denial")
    run_queued_embeddings()
    calls = []
    monkeypatch.setattr(cross_language, "embed", lambda texts: calls.append(texts))
    ranked = rank_matches(text=ENGLISH_FACTCHECKS["drones"], language="en")
    assert ranked[0].url == "https://fc.example/drones"
    assert calls == []


def test_the_worker_suggests_it_and_the_api_says_it_is_across_languages(editor):
    factchecks = import_english(*ENGLISH_FACTCHECKS)
    run_queued_embeddings()
    text, key = TRANSLATED["uk"]
    article = Article.objects.create(content_hash="uk-article", text=text, language="uk")
    claim = Claim.objects.create(
        article=article, text=text, quote=text, start=0, end=len(text), claimant="Росія", language="uk"
    )
    claim_match_suggest(claim_id=claim.pk)
    match = ClaimMatch.objects.get(claim=claim, matched_factcheck=factchecks[key])
    client = APIClient()
    client.force_authenticate(editor)
    listed = client.get(f"/api/claims/{claim.pk}/similar/").json()
    assert listed[0]["id"] == match.pk
    assert listed[0]["scope"] == "cross-language"
    assert listed[0]["target"]["url"] == "https://fc.example/drones"


def test_matches_across_languages_join_without_reordering_the_rerankers_list():
    from claims.services.matching import RankedMatch, _merged

    def match(id_: int, score: float) -> RankedMatch:
        return RankedMatch(kind="factcheck", id=id_, text="", url="", score=score)

    # The reranker's order (here a twin listed after the row it groups with) is not its score order.
    ranked = [match(1, 0.9), match(2, 0.95), match(3, 0.4)]
    merged = _merged(ranked, [match(10, 0.5), match(11, 0.92)])
    assert [m.id for m in merged] == [11, 1, 2, 10, 3]
    assert [m.id for m in _merged(ranked, [])] == [1, 2, 3]


def test_the_embed_command_queues_again_what_a_failed_task_left_without_its_embedding():
    import_english("drones", "denial")
    run_queued_embeddings()
    denial = FactCheck.objects.get(url="https://fc.example/denial")
    # As a task that failed for good leaves it: no embedding, and its outbox row done.
    FactCheck.objects.filter(pk=denial.pk).update(multilingual_embedding=None)
    OutboxMessage.objects.all().delete()
    out = io.StringIO()
    call_command("embed", stdout=out)
    assert out.getvalue().splitlines()[-1] == "queued 1 fact-checks for their multilingual embedding"
    assert list(OutboxMessage.objects.filter(task=EMBED_TASK).values_list("args", flat=True)) == [[denial.pk]]
    assert run_queued_embeddings() == 1
    OutboxMessage.objects.all().delete()
    call_command("embed", stdout=io.StringIO())
    assert not OutboxMessage.objects.exists()
