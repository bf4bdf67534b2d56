"""A transition's typed inputs: every path (admin forms, API, tasks) gets the same checks from the service."""

from __future__ import annotations

import pytest

from claims.errors import InvalidInput
from claims.models import MAX_ID, Claim
from claims.workflow import validate_data
from claims.workflow.inputs import Choice, Id, RoleHolder, RowId, Text
from tests.factories import claim_create

pytestmark = pytest.mark.django_db


def refusal(declared, value) -> dict:
    with pytest.raises(InvalidInput) as exc:
        declared.check(declared.clean(value))
    return exc.value.fields


def test_text_is_stripped_and_refuses_what_postgresql_cannot_store():
    reason = Text(name="reason", max_length=10)
    assert reason.clean("  Opinion \n") == "Opinion"
    assert reason.clean(None) == ""
    assert refusal(reason, 42) == {"reason": ["Must be text."]}
    assert refusal(reason, "a\x00b") == {"reason": ["Contains a NUL character."]}
    assert refusal(reason, "\ud800") == {"reason": ["Is not valid Unicode text."]}
    assert refusal(reason, "x" * 11) == {"reason": ["At most 10 characters."]}


def test_a_choice_reads_its_options_on_each_use():
    options = [("false", "False")]
    rating = Choice(name="rating", choices=lambda: options)
    assert rating.clean(" false ") == "false"
    options[:] = [("accurate", "Accurate")]
    assert refusal(rating, "false") == {"rating": ["Not one of: accurate."]}


@pytest.mark.parametrize("value", [True, "3.5", "seven", 0, MAX_ID + 1])
def test_an_id_is_a_positive_integer_in_range(value):
    assert list(refusal(Id(name="duplicate_of"), value)) == ["duplicate_of"]


def test_ids_name_rows_that_exist_and_users_who_hold_the_role(checker, editor):
    claim = claim_create()
    assert RowId(name="duplicate_of", model=Claim, noun="claim").clean(claim) == claim.pk
    assert refusal(RowId(name="duplicate_of", model=Claim, noun="claim"), claim.pk + 1000) == {
        "duplicate_of": [f"Claim {claim.pk + 1000} does not exist."]
    }
    assignee = RoleHolder(name="assignee", role="checker")
    assignee.check(assignee.clean(str(checker.pk)))
    assert refusal(assignee, editor.pk) == {"assignee": ["Must be an active checker."]}
    checker.is_active = False
    checker.save()
    assert refusal(assignee, checker.pk) == {"assignee": ["Must be an active checker."]}


def test_the_data_is_the_declared_inputs_only(editor):
    claim = claim_create(status="in_review")
    assert validate_data(claim, editor, "publish", {"correction_note": " Fixed. ", "rating": "true"}) == {
        "correction_note": "Fixed."
    }
    assert validate_data(claim, editor, "publish", None) == {"correction_note": ""}
    with pytest.raises(InvalidInput) as exc:
        validate_data(claim, editor, "request_changes", {"note": "   "})
    assert exc.value.fields == {"note": ["This field is required."]}
