"""The review workflow, declared once: states, transitions, who may fire them, their conditions, the typed input
each reads, the service that applies it and what each one enqueues.

Every path (admin, API, Celery tasks) goes through `claims.services.transitions.claim_transition`, which reads
this table; nothing else decides whether a transition is allowed. `refusal` and `available_transitions` answer
"may this user fire it now, and if not, why" from the same rules, so buttons and endpoints never disagree with
the service. `evidence_refusal` does the same for work on a claim's evidence.

The adapters are built from the table too: the API's per-transition endpoints, input serializers and OpenAPI
schema (claims.api.claims), the admin's transition forms (claims.admin.forms) and bulk actions
(claims.admin.claims). Adding a transition is one entry below plus the service function its `effect` names.
The typed inputs are declared in `claims.workflow.inputs`, the role rule in `claims.workflow.roles`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claims.errors import InvalidInput
from claims.models import Claim, FactCheck
from claims.ratings import rating_choices
from claims.states import EVIDENCE_STATES, OPEN_STATES, State
from claims.workflow.inputs import Choice, Input, RoleHolder, RowId, Text
from claims.workflow.roles import CHECKER, EDITOR, SYSTEM, user_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from claims.models import Verdict

# Why a transition is refused: "state" maps to HTTP 409, "permission" to 403.
STATE = "state"
PERMISSION = "permission"

User = Any  # AbstractBaseUser | None; kept loose so the table reads plainly
Refusal = tuple[str, str]
Condition = Callable[[Claim, User], Refusal | None]
Validator = Callable[[Claim, User, dict], dict]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    # Who may fire it: group names, and/or SYSTEM for background tasks.
    roles: frozenset[str]
    # Checkers may fire it only on claims assigned to them (editors are not limited).
    checker_own_claims_only: bool = False
    # What it reads from its caller, typed.
    inputs: tuple[Input, ...] = ()
    # Further rules on the claim and the user (checked after state and role, in order).
    conditions: tuple[Condition, ...] = ()
    # Rules across the cleaned inputs (raise InvalidInput with field messages); returns the data to apply.
    validate: Validator | None = None
    # Dotted path of the service function applying it inside the transition's transaction:
    # (claim, user, data) -> the payload its event records. Empty: the state change is all it does.
    effect: str = ""
    # The input the event keeps as its note when the caller gives none.
    note_from: str = ""
    # Sources from which the transition leaves the state unchanged (e.g. reassigning a claim under research).
    stays_in: frozenset[str] = frozenset()
    # Celery task names recorded in the outbox with the transition and started once it commits, each with
    # the claim's id.
    enqueues: tuple[str, ...] = ()
    # Offered as a bulk action on the admin's claim list.
    bulk: bool = False
    # Fired by the desk on a cluster's canonical claim, it is fired on each open member too
    # (claims.services.transitions.claim_transition_with_cluster).
    applies_to_cluster: bool = False
    label: str = ""
    description: str = ""

    def target_from(self, source: str) -> str:
        return source if source in self.stays_in else self.target

    def input(self, name: str) -> Input | None:
        return next((declared for declared in self.inputs if declared.name == name), None)


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


# --- Rules across a transition's inputs ------------------------------------------------------------------


def one_duplicate_target(claim: Claim, user: User, data: dict) -> dict:
    claim_id, factcheck_id = data["duplicate_of"], data["duplicate_of_factcheck"]
    message = "Give exactly one of duplicate_of (a claim) or duplicate_of_factcheck (a fact-check)."
    if (claim_id is None) == (factcheck_id is None):
        raise InvalidInput(message, fields={"duplicate_of": [message], "duplicate_of_factcheck": [message]})
    if claim_id == claim.pk:
        raise InvalidInput("A claim cannot duplicate itself.", fields={"duplicate_of": ["Cannot be itself."]})
    return data


def new_assignee(claim: Claim, user: User, data: dict) -> dict:
    if data["assignee"] == claim.assignee_id and claim.status != State.ACCEPTED:
        raise InvalidInput(
            "The claim is already assigned to this checker.", fields={"assignee": ["Already the assignee."]}
        )
    return data


def correction_noted(claim: Claim, user: User, data: dict) -> dict:
    if not data["correction_note"] and claim.verdicts.filter(published_at__isnull=False).exists():
        message = "Republishing a corrected fact-check needs a correction note."
        raise InvalidInput(message, fields={"correction_note": [message]})
    return data


EFFECTS = "claims.services.transitions"

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
            bulk=True,
            label="Accept",
            description="Worth checking: queue it for assignment (a canonical claim takes its cluster along).",
        ),
        Transition(
            name="reject",
            applies_to_cluster=True,
            sources=frozenset({State.NEW}),
            target=State.REJECTED,
            roles=frozenset({EDITOR}),
            inputs=(Text(name="reason", required=True, help_text="Why the claim is not worth checking."),),
            effect=f"{EFFECTS}.reject_apply",
            note_from="reason",
            bulk=True,
            label="Reject",
            description="Not worth checking; a reason is required.",
        ),
        Transition(
            name="mark_duplicate",
            sources=frozenset({State.NEW}),
            target=State.DUPLICATE,
            roles=frozenset({EDITOR, SYSTEM}),
            inputs=(
                RowId(
                    name="duplicate_of", model=Claim, noun="claim", label="Claim id", help_text="The claim it repeats."
                ),
                RowId(
                    name="duplicate_of_factcheck",
                    model=FactCheck,
                    noun="fact-check",
                    label="or fact-check id",
                    help_text="The fact-check it repeats.",
                ),
            ),
            validate=one_duplicate_target,
            effect=f"{EFFECTS}.mark_duplicate_apply",
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
            inputs=(
                RoleHolder(name="assignee", role=CHECKER, required=True, help_text="The id of an active checker."),
            ),
            validate=new_assignee,
            effect=f"{EFFECTS}.assign_apply",
            # Reassigning keeps the work done so far: research and review carry on with the new checker.
            stays_in=frozenset({State.RESEARCHING, State.IN_REVIEW}),
            bulk=True,
            label="Assign",
            description="Give the claim to an active checker (editors may reassign at any open state).",
        ),
        Transition(
            name="take",
            sources=frozenset({State.ACCEPTED}),
            target=State.ASSIGNED,
            roles=frozenset({CHECKER}),
            conditions=(unassigned,),
            effect=f"{EFFECTS}.take_apply",
            label="Take",
            description="A checker takes an accepted claim for themselves.",
        ),
        Transition(
            name="release",
            sources=frozenset({State.ASSIGNED, State.RESEARCHING}),
            target=State.ACCEPTED,
            roles=frozenset({EDITOR, CHECKER}),
            checker_own_claims_only=True,
            effect=f"{EFFECTS}.release_apply",
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
            inputs=(
                Choice(name="rating", required=True, choices=rating_choices, help_text="A rating on the desk's scale."),
                Text(name="summary", required=True),
                Text(name="explanation", required=True, max_length=100_000, lines=6),
            ),
            conditions=(has_evidence,),
            effect=f"{EFFECTS}.submit_verdict_apply",
            label="Submit verdict",
            description="Rating, summary and explanation, backed by at least one evidence item.",
        ),
        Transition(
            name="request_changes",
            sources=frozenset({State.IN_REVIEW}),
            target=State.RESEARCHING,
            roles=frozenset({EDITOR}),
            inputs=(Text(name="note", required=True, help_text="What the checker should change."),),
            effect=f"{EFFECTS}.request_changes_apply",
            note_from="note",
            label="Request changes",
            description="Send the verdict back to the checker with a note.",
        ),
        Transition(
            name="publish",
            sources=frozenset({State.IN_REVIEW}),
            target=State.PUBLISHED,
            roles=frozenset({EDITOR}),
            conditions=(four_eyes,),
            inputs=(Text(name="correction_note", help_text="Required when republishing a correction."),),
            validate=correction_noted,
            effect=f"{EFFECTS}.publish_apply",
            label="Publish",
            description="Publish the verdict (four eyes: not by its author); a correction needs a note.",
        ),
        Transition(
            name="reopen",
            sources=frozenset({State.PUBLISHED}),
            target=State.RESEARCHING,
            roles=frozenset({EDITOR}),
            effect=f"{EFFECTS}.reopen_apply",
            label="Reopen for correction",
            description="Reopen a published fact-check; the published version stays in history.",
        ),
    ]
}

# Evidence (while the claim is in EVIDENCE_STATES) is the work of editors, the system and the assigned checker.
EVIDENCE_ROLES = frozenset({EDITOR, CHECKER, SYSTEM})


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


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_data(claim: Claim, user: AbstractBaseUser | None, name: str, data: dict | None) -> dict:
    """The transition's inputs, checked and normalised (one key per declared input; keys it does not declare are
    dropped); raises InvalidInput with a message per field."""
    transition = TRANSITIONS[name]
    data = data or {}
    missing = {
        declared.name: ["This field is required."]
        for declared in transition.inputs
        if declared.required and _blank(data.get(declared.name))
    }
    if missing:
        raise InvalidInput(f"Missing data for {name}: {', '.join(missing)}.", fields=missing)
    cleaned = {declared.name: declared.clean(data.get(declared.name)) for declared in transition.inputs}
    if transition.validate is not None:
        cleaned = transition.validate(claim, user, cleaned)
    for declared in transition.inputs:
        if cleaned[declared.name] not in (None, ""):
            declared.check(cleaned[declared.name])
    return cleaned


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
