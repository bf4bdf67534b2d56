"""Deciding on a match locks the claim before the match, in the order of every transition, so a confirmation
never holds the match while it waits for a claim that another transaction (mark_duplicate's effect) holds."""

import threading

import pytest
from django.db import connection, transaction

from claims.models import Claim, ClaimMatch
from claims.services.matching import claim_match_confirm
from claims.workflow import State
from tests.factories import claim_create
from tests.support import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _claim(n: int) -> Claim:
    return claim_create(text=f"Claim {n}")


def _waiting(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted)", [pid])
        return cursor.fetchone()[0]


def test_a_confirmation_waiting_for_the_claim_holds_no_lock_on_the_match(editor):
    earlier, claim = _claim(1), _claim(2)
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.9)
    started, outcome = threading.Event(), {}

    def confirm() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            started.set()
            outcome["match"] = claim_match_confirm(claim_id=claim.pk, match_id=match.pk, user=editor)
        except Exception as exc:  # reported by the assertions below
            outcome["error"] = exc
        finally:
            started.set()
            connection.close()

    thread = threading.Thread(target=confirm)
    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        thread.start()
        started.wait()
        wait_for(lambda: "error" in outcome or _waiting(outcome["pid"]), message="the confirmation to wait")
        # The match is free while the confirmation waits for the claim: no lock cycle is possible.
        ClaimMatch.objects.select_for_update(nowait=True).get(pk=match.pk)
    thread.join()

    assert "error" not in outcome, outcome.get("error")
    confirmed = outcome["match"]
    assert (confirmed.status, confirmed.decided_by, bool(confirmed.decided_at)) == ("confirmed", editor, True)
    claim.refresh_from_db()
    assert (claim.status, claim.duplicate_of_id) == (State.DUPLICATE, earlier.pk)
