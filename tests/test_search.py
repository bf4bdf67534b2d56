import pytest
from django.db import connection

from claims.models import Claim
from claims.selectors.search import full_text_filter
from tests.factories import claim_create


@pytest.mark.django_db
def test_claim_full_text_search_finds_by_text_and_claimant():
    claim_create(text="91 drones were destroyed", claimant="Lavrov")
    claim_create(text="Talks continue", claimant="Zelenskyy")
    assert list(full_text_filter(Claim.objects.all(), "drone").values_list("claimant", flat=True)) == ["Lavrov"]
    assert full_text_filter(Claim.objects.all(), "zelenskyy").count() == 1


@pytest.mark.django_db
def test_claim_full_text_search_uses_the_gin_index():
    # Unordered: with the claim list's order the planner may walk its ordering index instead, as it should.
    queryset = full_text_filter(Claim.objects.order_by(), "drones")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "claim_fulltext_idx" in plan
