"""The review workflow, declared once: states, transitions, who may fire them and what each one enqueues.

Every path (admin, API, Celery tasks) goes through `claims.services.workflow.claim_transition`, which reads
this table; nothing else decides whether a transition is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from claims.models import Claim


class State(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    DUPLICATE = "duplicate", "Duplicate"
    ASSIGNED = "assigned", "Assigned"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


# Claims somebody still has to work on; they count towards a checker's workload and the SLA.
OPEN_STATES = frozenset({State.ACCEPTED, State.ASSIGNED, State.RESEARCHING, State.IN_REVIEW})
WORKLOAD_STATES = frozenset({State.ASSIGNED, State.RESEARCHING})

EDITOR = "editor"
CHECKER = "checker"
SYSTEM = "system"  # Celery tasks acting without a user


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    # Who may fire it: group names, and/or SYSTEM for background tasks.
    roles: frozenset[str]
    # Checkers may fire it only on claims assigned to them (editors are not limited).
    checker_own_claims_only: bool = False
    # Keys that must be present (and non-empty) in the transition's data.
    required: tuple[str, ...] = ()
    # Celery task names enqueued (with the claim id) once the transition commits.
    enqueues: tuple[str, ...] = ()
    label: str = ""
    description: str = ""


_ALL_OPEN = frozenset({State.ACCEPTED, State.ASSIGNED, State.RESEARCHING, State.IN_REVIEW})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            name="accept",
            sources=frozenset({State.NEW}),
            target=State.ACCEPTED,
            roles=frozenset({EDITOR}),
            enqueues=("workers.review.claim_assign_auto",),
            label="Accept",
            description="Worth checking: queue it for assignment.",
        ),
        Transition(
            name="reject",
            sources=frozenset({State.NEW}),
            target=State.REJECTED,
            roles=frozenset({EDITOR}),
            required=("reason",),
            label="Reject",
            description="Not worth checking; a reason is required.",
        ),
        Transition(
            name="mark_duplicate",
            sources=frozenset({State.NEW}),
            target=State.DUPLICATE,
            roles=frozenset({EDITOR, SYSTEM}),
            label="Mark as duplicate",
            description="Repeats an earlier claim or fact-check (duplicate_of or duplicate_of_factcheck).",
        ),
        Transition(
            name="assign",
            sources=_ALL_OPEN,
            target=State.ASSIGNED,
            roles=frozenset({EDITOR, SYSTEM}),
            required=("assignee",),
            label="Assign",
            description="Give the claim to a checker (editors may reassign at any open state).",
        ),
        Transition(
            name="take",
            sources=frozenset({State.ACCEPTED}),
            target=State.ASSIGNED,
            roles=frozenset({CHECKER}),
            label="Take",
            description="A checker takes an accepted claim for themselves.",
        ),
        Transition(
            name="release",
            sources=frozenset({State.ASSIGNED, State.RESEARCHING}),
            target=State.ACCEPTED,
            roles=frozenset({EDITOR, CHECKER}),
            checker_own_claims_only=True,
            label="Release",
            description="Give the claim back to the queue.",
        ),
        Transition(
            name="start_research",
            sources=frozenset({State.ASSIGNED}),
            target=State.RESEARCHING,
            roles=frozenset({CHECKER, EDITOR}),
            checker_own_claims_only=True,
            enqueues=("workers.review.evidence_gather",),
            label="Start research",
            description="Begin research; evidence gathering starts in the background.",
        ),
        Transition(
            name="submit_verdict",
            sources=frozenset({State.RESEARCHING}),
            target=State.IN_REVIEW,
            roles=frozenset({CHECKER, EDITOR}),
            checker_own_claims_only=True,
            required=("rating", "summary", "explanation"),
            label="Submit verdict",
            description="Rating, summary and explanation, backed by at least one evidence item.",
        ),
        Transition(
            name="request_changes",
            sources=frozenset({State.IN_REVIEW}),
            target=State.RESEARCHING,
            roles=frozenset({EDITOR}),
            required=("note",),
            label="Request changes",
            description="Send the verdict back to the checker with a note.",
        ),
        Transition(
            name="publish",
            sources=frozenset({State.IN_REVIEW}),
            target=State.PUBLISHED,
            roles=frozenset({EDITOR}),
            enqueues=("workers.publishing.factcheck_publish",),
            label="Publish",
            description="Publish the verdict (four eyes: not by its author).",
        ),
        Transition(
            name="reopen",
            sources=frozenset({State.PUBLISHED}),
            target=State.RESEARCHING,
            roles=frozenset({EDITOR}),
            label="Reopen for correction",
            description="Reopen a published fact-check; the published version stays in history.",
        ),
    ]
}


def user_roles(user: AbstractBaseUser | None) -> frozenset[str]:
    """The workflow roles of a user: their desk groups, or SYSTEM for background tasks."""
    if user is None:
        return frozenset({SYSTEM})
    if not user.is_active:
        return frozenset()
    names = {name for name in user.groups.values_list("name", flat=True) if name in (EDITOR, CHECKER)}
    if user.is_superuser:
        names.add(EDITOR)
    return frozenset(names)


def refusal(claim: Claim, user: AbstractBaseUser | None, name: str) -> tuple[str, str] | None:
    """Why `user` may not fire `name` on `claim` now: ("state" | "permission", reason), or None if allowed."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return "state", f"Unknown transition {name!r}."
    if claim.status not in transition.sources:
        allowed = ", ".join(sorted(transition.sources))
        return "state", f"Cannot {name} a claim that is {claim.status}; it must be {allowed}."
    roles = user_roles(user)
    if not roles & transition.roles:
        who = " or ".join(sorted(transition.roles - {SYSTEM})) or "the system"
        return "permission", f"Only {who} may {name} a claim."
    if (
        transition.checker_own_claims_only
        and EDITOR not in roles
        and SYSTEM not in roles
        and claim.assignee_id != getattr(user, "pk", None)
    ):
        return "permission", f"Checkers may {name} only claims assigned to them."
    return None


def available_transitions(claim: Claim, user: AbstractBaseUser | None) -> list[str]:
    """The transitions `user` may fire on `claim` in its current state, in declaration order."""
    return [name for name in TRANSITIONS if refusal(claim, user, name) is None]
