"""The review workflow, declared once: states, transitions, who may fire them, their conditions, what data
each needs and what each one enqueues.

Every path (admin, API, Celery tasks) goes through `claims.services.workflow.claim_transition`, which reads
this table; nothing else decides whether a transition is allowed. `refusal` and `available_transitions` answer
"may this user fire it now, and if not, why" from the same rules, so buttons and endpoints never disagree with
the service. `evidence_refusal` does the same for work on a claim's evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from claims.errors import InvalidInput
from claims.ratings import rating_slugs
from claims.states import EVIDENCE_STATES, OPEN_STATES, State

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from claims.models import Claim, Verdict


EDITOR = "editor"
CHECKER = "checker"
SYSTEM = "system"  # Celery tasks acting without a user
# Superusers hold these roles whatever their desk groups.
SUPERUSER_ROLES = frozenset({EDITOR})

# Why a transition is refused: "state" maps to HTTP 409, "permission" to 403.
STATE = "state"
PERMISSION = "permission"

User = Any  # AbstractBaseUser | None; kept loose so the table reads plainly
Refusal = tuple[str, str]
Condition = Callable[["Claim", User], Refusal | None]
Validator = Callable[["Claim", User, dict], dict]


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
    # Further rules on the claim and the user (checked after state and role, in order).
    conditions: tuple[Condition, ...] = ()
    # Checks and normalises the data (raises InvalidInput with field messages); runs after `required`.
    validate: Validator | None = None
    # Sources from which the transition leaves the state unchanged (e.g. reassigning a claim under research).
    stays_in: frozenset[str] = frozenset()
    # Celery task names recorded in the outbox with the transition and started once it commits, each with
    # the claim's id.
    enqueues: tuple[str, ...] = ()
    # Fired by the desk on a cluster's canonical claim, it is fired on each open member too
    # (claims.services.workflow.claim_transition_with_cluster).
    applies_to_cluster: bool = False
    label: str = ""
    description: str = ""
    fields: tuple[str, ...] = ()  # data keys the transition reads (required and optional)

    def target_from(self, source: str) -> str:
        return source if source in self.stays_in else self.target


# --- Conditions on the claim and the user ----------------------------------------------------------------
# They read annotations when a selector provided them (claims.selectors.claims.claims_annotate_workflow), so a
# list of claims computes available transitions without a query per row.


def current_verdict(claim: Claim) -> Verdict | None:
    """The claim's latest verdict version."""
    return claim.verdicts.order_by("-version").first()


def _current_verdict_author_id(claim: Claim) -> int | None:
    if hasattr(claim, "current_verdict_author_id"):
        return claim.current_verdict_author_id
    verdict = current_verdict(claim)
    return verdict.author_id if verdict else None


def _evidence_count(claim: Claim) -> int:
    if hasattr(claim, "evidence_count"):
        return claim.evidence_count
    return claim.evidence.count()


def has_evidence(claim: Claim, user: User) -> Refusal | None:
    if _evidence_count(claim) == 0:
        return STATE, "A verdict needs at least one evidence item; add evidence first."
    return None


def four_eyes(claim: Claim, user: User) -> Refusal | None:
    author_id = _current_verdict_author_id(claim)
    if author_id is None:
        return STATE, "There is no verdict to publish."
    if user is not None and author_id == user.pk:
        return PERMISSION, "Four eyes: the verdict must be published by someone other than its author."
    return None


def unassigned(claim: Claim, user: User) -> Refusal | None:
    if claim.assignee_id is not None:
        return STATE, "The claim is already assigned."
    return None


# --- Data validators ------------------------------------------------------------------------------------


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be text.", fields={key: ["Must be text."]})
    return value.strip()


def _id(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"{key} must be an id.", fields={key: ["Must be an integer id."]})
    if hasattr(value, "pk"):  # a model instance, as the admin passes
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{key} must be an id.", fields={key: ["Must be an integer id."]}) from None


def validate_reject(claim: Claim, user: User, data: dict) -> dict:
    return {"reason": _text(data, "reason")}


def validate_mark_duplicate(claim: Claim, user: User, data: dict) -> dict:
    from claims.models import Claim as ClaimModel
    from claims.models import FactCheck

    claim_id = _id(data, "duplicate_of")
    factcheck_id = _id(data, "duplicate_of_factcheck")
    message = "Give exactly one of duplicate_of (a claim) or duplicate_of_factcheck (a fact-check)."
    if (claim_id is None) == (factcheck_id is None):
        raise InvalidInput(message, fields={"duplicate_of": [message], "duplicate_of_factcheck": [message]})
    if claim_id is not None:
        if claim_id == claim.pk:
            raise InvalidInput("A claim cannot duplicate itself.", fields={"duplicate_of": ["Cannot be itself."]})
        if not ClaimModel.objects.filter(pk=claim_id).exists():
            raise InvalidInput("No such claim.", fields={"duplicate_of": [f"Claim {claim_id} does not exist."]})
        return {"duplicate_of": claim_id}
    if not FactCheck.objects.filter(pk=factcheck_id).exists():
        raise InvalidInput(
            "No such fact-check.", fields={"duplicate_of_factcheck": [f"Fact-check {factcheck_id} does not exist."]}
        )
    return {"duplicate_of_factcheck": factcheck_id}


def validate_assign(claim: Claim, user: User, data: dict) -> dict:
    from django.contrib.auth import get_user_model

    assignee_id = _id(data, "assignee")
    assignee = (
        get_user_model().objects.filter(role_holders(CHECKER), pk=assignee_id).first()
        if assignee_id is not None
        else None
    )
    if assignee is None:
        raise InvalidInput(
            "The assignee must be an active checker.", fields={"assignee": ["Must be an active checker."]}
        )
    if assignee.pk == claim.assignee_id and claim.status != State.ACCEPTED:
        raise InvalidInput(
            "The claim is already assigned to this checker.", fields={"assignee": ["Already the assignee."]}
        )
    return {"assignee": assignee.pk}


def validate_submit_verdict(claim: Claim, user: User, data: dict) -> dict:
    cleaned = {key: _text(data, key) for key in ("rating", "summary", "explanation")}
    slugs = rating_slugs()
    if cleaned["rating"] not in slugs:
        message = f"Not on the rating scale; one of: {', '.join(slugs)}."
        raise InvalidInput("Unknown rating.", fields={"rating": [message]})
    return cleaned


def validate_request_changes(claim: Claim, user: User, data: dict) -> dict:
    return {"note": _text(data, "note")}


def validate_publish(claim: Claim, user: User, data: dict) -> dict:
    note = _text(data, "correction_note")
    was_published = claim.verdicts.filter(published_at__isnull=False).exists()
    if was_published and not note:
        message = "Republishing a corrected fact-check needs a correction note."
        raise InvalidInput(message, fields={"correction_note": [message]})
    return {"correction_note": note}


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            name="accept",
            applies_to_cluster=True,
            sources=frozenset({State.NEW}),
            target=State.ACCEPTED,
            roles=frozenset({EDITOR}),
            enqueues=("workers.review.claim_assign_auto",),
            label="Accept",
            description="Worth checking: queue it for assignment (a canonical claim takes its cluster along).",
        ),
        Transition(
            name="reject",
            applies_to_cluster=True,
            sources=frozenset({State.NEW}),
            target=State.REJECTED,
            roles=frozenset({EDITOR}),
            required=("reason",),
            validate=validate_reject,
            fields=("reason",),
            label="Reject",
            description="Not worth checking; a reason is required.",
        ),
        Transition(
            name="mark_duplicate",
            sources=frozenset({State.NEW}),
            target=State.DUPLICATE,
            roles=frozenset({EDITOR, SYSTEM}),
            validate=validate_mark_duplicate,
            fields=("duplicate_of", "duplicate_of_factcheck"),
            # The duplicate joins the cluster of what it repeats.
            enqueues=("workers.review.claim_regroup",),
            label="Mark as duplicate",
            description="Repeats an earlier claim or fact-check (duplicate_of or duplicate_of_factcheck).",
        ),
        Transition(
            name="assign",
            applies_to_cluster=True,
            sources=OPEN_STATES,
            target=State.ASSIGNED,
            roles=frozenset({EDITOR, SYSTEM}),
            required=("assignee",),
            validate=validate_assign,
            # Reassigning keeps the work done so far: research and review carry on with the new checker.
            stays_in=frozenset({State.RESEARCHING, State.IN_REVIEW}),
            fields=("assignee",),
            label="Assign",
            description="Give the claim to an active checker (editors may reassign at any open state).",
        ),
        Transition(
            name="take",
            sources=frozenset({State.ACCEPTED}),
            target=State.ASSIGNED,
            roles=frozenset({CHECKER}),
            conditions=(unassigned,),
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
            conditions=(has_evidence,),
            validate=validate_submit_verdict,
            fields=("rating", "summary", "explanation"),
            label="Submit verdict",
            description="Rating, summary and explanation, backed by at least one evidence item.",
        ),
        Transition(
            name="request_changes",
            sources=frozenset({State.IN_REVIEW}),
            target=State.RESEARCHING,
            roles=frozenset({EDITOR}),
            required=("note",),
            validate=validate_request_changes,
            fields=("note",),
            label="Request changes",
            description="Send the verdict back to the checker with a note.",
        ),
        Transition(
            name="publish",
            sources=frozenset({State.IN_REVIEW}),
            target=State.PUBLISHED,
            roles=frozenset({EDITOR}),
            conditions=(four_eyes,),
            validate=validate_publish,
            fields=("correction_note",),
            label="Publish",
            description="Publish the verdict (four eyes: not by its author); a correction needs a note.",
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

# Evidence (while the claim is in EVIDENCE_STATES) is the work of editors, the system and the assigned checker.
EVIDENCE_ROLES = frozenset({EDITOR, CHECKER, SYSTEM})


def user_roles(user: AbstractBaseUser | None) -> frozenset[str]:
    """The workflow roles of a user: their desk groups, or SYSTEM for background tasks."""
    if user is None:
        return frozenset({SYSTEM})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    # Cached on the user object: one query per request, not one per claim and transition.
    cached = getattr(user, "_workflow_roles", None)
    if cached is not None:
        return cached
    return remember_roles(user, user.groups.values_list("name", flat=True))


def remember_roles(user: AbstractBaseUser, group_names: Iterable[str]) -> frozenset[str]:
    """The roles a user's desk groups give them (superusers count as editors), cached on the user for
    user_roles; callers that read the groups along with the user (token authentication) hand them in here."""
    names = {name for name in group_names if name in (EDITOR, CHECKER)}
    if user.is_superuser:
        names |= SUPERUSER_ROLES
    roles = frozenset(names)
    user._workflow_roles = roles
    return roles


def role_holders(*roles: str) -> Q:
    """The users `user_roles` gives one of `roles`, as a filter on users (it joins their groups: add .distinct())."""
    holds = Q(groups__name__in=roles)
    if SUPERUSER_ROLES & set(roles):
        holds |= Q(is_superuser=True)
    return Q(is_active=True) & holds


# --- Who may act on a claim ------------------------------------------------------------------------------
# One rule for transitions and for work on a claim's evidence: the user needs one of the roles, and a checker
# (not an editor, not the system) only acts on the claims assigned to them.
_ROLE = "role"
_OWN_CLAIMS = "own claims"


def _actor_problem(claim: Claim, user: AbstractBaseUser | None, roles: frozenset[str], own_only: bool) -> str | None:
    """Which rule keeps `user` from acting on `claim`: _ROLE, _OWN_CLAIMS, or None when they may."""
    held = user_roles(user)
    if not held & roles:
        return _ROLE
    if own_only and EDITOR not in held and SYSTEM not in held and claim.assignee_id != getattr(user, "pk", None):
        return _OWN_CLAIMS
    return None


def refusal(claim: Claim, user: AbstractBaseUser | None, name: str) -> Refusal | None:
    """Why `user` may not fire `name` on `claim` now: ("state" | "permission", reason), or None if allowed.

    Data is not looked at here; `validate_data` checks it once the transition is otherwise allowed.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        return STATE, f"Unknown transition {name!r}."
    if claim.status not in transition.sources:
        allowed = ", ".join(sorted(transition.sources))
        return STATE, f"Cannot {name} a claim that is {claim.status}; it must be {allowed}."
    problem = _actor_problem(claim, user, transition.roles, transition.checker_own_claims_only)
    if problem == _ROLE:
        who = " or ".join(sorted(transition.roles - {SYSTEM})) or "the system"
        return PERMISSION, f"Only {who} may {name} a claim."
    if problem == _OWN_CLAIMS:
        return PERMISSION, f"Checkers may {name} only claims assigned to them."
    for condition in transition.conditions:
        refused = condition(claim, user)
        if refused is not None:
            return refused
    return None


def validate_data(claim: Claim, user: AbstractBaseUser | None, name: str, data: dict | None) -> dict:
    """The transition's data, checked and normalised; raises InvalidInput with a message per field."""
    transition = TRANSITIONS[name]
    data = data or {}
    missing = {
        key: ["This field is required."]
        for key in transition.required
        if data.get(key) is None or (isinstance(data.get(key), str) and not data[key].strip())
    }
    if missing:
        raise InvalidInput(f"Missing data for {name}: {', '.join(missing)}.", fields=missing)
    if transition.validate is None:
        return {}
    return transition.validate(claim, user, data)


def evidence_refusal(claim: Claim, user: AbstractBaseUser | None) -> Refusal | None:
    """Why `user` may not add evidence to `claim` or change its evidence's stance now, or None if allowed."""
    if claim.status not in EVIDENCE_STATES:
        reopen = " Reopen it to correct the fact-check." if claim.status == State.PUBLISHED else ""
        return STATE, f"Evidence changes while a claim is assigned, researched or reviewed, not {claim.status}.{reopen}"
    if _actor_problem(claim, user, EVIDENCE_ROLES, own_only=True) is not None:
        return PERMISSION, "Only editors and the claim's assigned checker may change its evidence."
    return None


def available_transitions(claim: Claim, user: AbstractBaseUser | None) -> list[str]:
    """The transitions `user` may fire on `claim` in its current state, in declaration order."""
    return [name for name in TRANSITIONS if refusal(claim, user, name) is None]
