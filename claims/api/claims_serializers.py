"""Serializers of the claims API: read-only output (status, assignee and verdicts change only through
transitions) and one small input serializer per write."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from claims.api.common import StrictCharField, StrictIntegerField
from claims.api.permissions import may_fire_transitions
from claims.intelligence import cross_language, triage
from claims.intelligence.matching import FEATURE_LABELS, SAME_CLAIM_BIAS
from claims.models import MAX_ID, Claim, ClaimMatch, Evidence
from claims.services.triage import triage_weights
from claims.workflow import TRANSITIONS, State, Transition, available_transitions
from claims.workflow.inputs import NOTE_MAX, Choice, Id, Input, Text


def iso(value: datetime | None, tz: tzinfo | None = None) -> str | None:
    """A datetime as DRF renders it (ISO 8601 in the current time zone, "Z" for UTC); pass `tz` (the current
    time zone) to skip looking it up for every value of a page."""
    if value is None:
        return None
    text = timezone.localtime(value, tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def transitions_for(claim: Claim, request: Any) -> list[str]:
    """What the requesting user may fire now; nothing for a token without the workflow scope."""
    if not may_fire_transitions(request):
        return []
    return available_transitions(claim, request.user)


class WorkflowFacts:
    """Everything the workflow's conditions read about a claim (claims.workflow.refusal and its conditions).

    Two rows with the same facts get the same transitions for one user, so a page computes them once per
    distinct combination; a condition reading anything else fails loudly here instead of being cached wrongly.
    """

    __slots__ = ("assignee_id", "current_verdict_author_id", "evidence_count", "status")

    def __init__(self, status: str, assignee_id: int | None, evidence_count: int, author_id: int | None) -> None:
        self.status = status
        self.assignee_id = assignee_id
        self.evidence_count = evidence_count
        self.current_verdict_author_id = author_id


def cluster_data(
    *,
    canonical_id: int | None,
    size: int,
    outlets: list,
    first_seen_at: datetime | None,
    last_seen_at: datetime | None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    return {
        "canonical": canonical_id,
        "size": size,
        "outlets": [str(name) for name in outlets or []],
        "first_seen_at": iso(first_seen_at, tz),
        "last_seen_at": iso(last_seen_at, tz),
    }


def triage_data(rank: float | None, reasons: list, *, now: datetime, weights: triage.Weights) -> dict[str, Any]:
    score = None if rank is None else round(triage.score_at(rank, now, weights), 3)
    return {"score": score, "reasons": [str(reason) for reason in reasons or []]}


def claim_rows_data(
    rows: list[dict[str, Any]], *, request: Any, evidence_counts: dict[int, int], verdict_authors: dict[int, int]
) -> list[dict[str, Any]]:
    """A page of claim_list_rows rendered exactly as ClaimSerializer renders a claim, without model instances."""
    may_transition = may_fire_transitions(request)
    transitions: dict[tuple, list[str]] = {}
    tz = timezone.get_current_timezone()
    now, weights = timezone.now(), triage_weights()
    data = []
    for row in rows:
        pk, status, assignee_id = row["id"], row["status"], row["assignee_id"]
        # The cluster's figures are held by its canonical claim.
        held = "canonical__" if row["canonical_id"] else ""
        available: list[str] = []
        if may_transition:
            key = (status, assignee_id, evidence_counts.get(pk, 0), verdict_authors.get(pk))
            if key not in transitions:
                transitions[key] = available_transitions(WorkflowFacts(*key), request.user)
            available = list(transitions[key])
        data.append(
            {
                "id": pk,
                "status": status,
                "text": row["text"],
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "claimant": row["claimant"],
                "language": row["language"],
                "checkworthiness": row["checkworthiness"],
                "priority": row["priority"],
                "assignee": None if assignee_id is None else {"id": assignee_id, "username": row["assignee__username"]},
                "due_at": iso(row["due_at"], tz),
                "created_at": iso(row["created_at"], tz),
                "article": {"id": row["article_id"], "title": row["article__title"], "url": row["article__url"]},
                "already_checked": None
                if row["already_checked_id"] is None
                else {
                    "id": row["already_checked_id"],
                    "rating": row["already_checked__rating"],
                    "url": row["already_checked__url"],
                    "published_at": iso(row["already_checked__published_at"], tz),
                },
                "cluster": cluster_data(
                    canonical_id=row["canonical_id"],
                    size=row[f"{held}cluster_size"],
                    outlets=row[f"{held}cluster_outlets"],
                    first_seen_at=row[f"{held}first_seen_at"],
                    last_seen_at=row[f"{held}last_seen_at"],
                    tz=tz,
                ),
                "triage": triage_data(row["triage_rank"], row["triage_reasons"], now=now, weights=weights),
                "available_transitions": available,
            }
        )
    return data


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class AlreadyCheckedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The fact-check's id.")
    rating = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class ClusterSerializer(serializers.Serializer):
    canonical = serializers.IntegerField(
        allow_null=True, help_text="The cluster's canonical claim; null when this claim is it (or stands alone)."
    )
    size = serializers.IntegerField(help_text="Claims in the cluster stating the same thing.")
    outlets = serializers.ListField(child=serializers.CharField(), help_text="Distinct outlets that carried it.")
    first_seen_at = serializers.DateTimeField(allow_null=True, help_text="Its first appearance (null until matched).")
    last_seen_at = serializers.DateTimeField(allow_null=True, help_text="Its latest appearance.")


class TriageSerializer(serializers.Serializer):
    score = serializers.FloatField(
        allow_null=True,
        help_text="Higher first in the queue; null until scored. Weights: FACTCHECK_TRIAGE_WEIGHTS.",
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text='In plain words, e.g. "in 6 outlets since yesterday".'
    )


class ClaimSerializer(serializers.Serializer):
    """A claim as lists show it. Everything is read-only: the workflow changes claims, not this serializer."""

    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=State.choices, read_only=True)
    text = serializers.CharField(read_only=True)
    quote = serializers.CharField(read_only=True, help_text="article.text[start:end]")
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    claimant = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True, help_text="ISO 639-1 code of the claim's language.")
    checkworthiness = serializers.FloatField(read_only=True)
    priority = serializers.ChoiceField(choices=Claim.Priority.choices, read_only=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    article = ArticleRefSerializer(read_only=True)
    already_checked = AlreadyCheckedSerializer(
        read_only=True,
        allow_null=True,
        help_text="The published or rated imported fact-check this claim repeats, found by matching on intake.",
    )
    cluster = ClusterSerializer(read_only=True, help_text="The cluster of claims stating the same thing.")
    triage = TriageSerializer(read_only=True, help_text="The triage score the queue is ordered by, and why.")
    available_transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=()),
        read_only=True,
        help_text="Transitions the requesting user may fire now.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # The transitions declared when the schema is built, not when this module was imported.
        fields["available_transitions"].child.choices = list(TRANSITIONS)
        return fields

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        # Built by hand: the declared fields above document the shape, and a 200-row page renders in a
        # fraction of the time field-by-field serialization takes.
        article = claim.article
        assignee = claim.assignee
        checked = claim.already_checked if claim.already_checked_id else None
        held = claim.canonical if claim.canonical_id else claim  # the cluster's figures
        return {
            "id": claim.pk,
            "status": claim.status,
            "text": claim.text,
            "quote": claim.quote,
            "start": claim.start,
            "end": claim.end,
            "claimant": claim.claimant,
            "language": claim.language,
            "checkworthiness": claim.checkworthiness,
            "priority": claim.priority,
            "assignee": {"id": assignee.pk, "username": assignee.username} if assignee is not None else None,
            "due_at": iso(claim.due_at),
            "created_at": iso(claim.created_at),
            "article": {"id": article.pk, "title": article.title, "url": article.url},
            "already_checked": None
            if checked is None
            else {
                "id": checked.pk,
                "rating": checked.rating,
                "url": checked.url,
                "published_at": iso(checked.published_at),
            },
            "cluster": cluster_data(
                canonical_id=claim.canonical_id,
                size=held.cluster_size,
                outlets=held.cluster_outlets,
                first_seen_at=held.first_seen_at,
                last_seen_at=held.last_seen_at,
            ),
            "triage": triage_data(
                claim.triage_rank, claim.triage_reasons, now=timezone.now(), weights=triage_weights()
            ),
            "available_transitions": transitions_for(claim, self.context.get("request")),
        }


class VerdictSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    rating = serializers.CharField()
    summary = serializers.CharField()
    explanation = serializers.CharField()
    author = UserRefSerializer()
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    correction_note = serializers.CharField()


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its provenance details and current verdict."""

    cue = serializers.CharField(read_only=True)
    topics = serializers.ListField(child=serializers.CharField(), read_only=True)
    reject_reason = serializers.CharField(read_only=True)
    duplicate_of = serializers.IntegerField(read_only=True, allow_null=True)
    duplicate_of_factcheck = serializers.IntegerField(read_only=True, allow_null=True)
    overdue_since = serializers.DateTimeField(read_only=True, allow_null=True)
    verdict = VerdictSerializer(read_only=True, allow_null=True, help_text="The current (latest) verdict.")

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        data = super().to_representation(claim)
        verdict = self.context.get("verdict")
        data.update(
            {
                "cue": claim.cue,
                "topics": [str(topic) for topic in claim.topics or []],
                "reject_reason": claim.reject_reason,
                "duplicate_of": claim.duplicate_of_id,
                "duplicate_of_factcheck": claim.duplicate_of_factcheck_id,
                "overdue_since": iso(claim.overdue_since),
                "verdict": None
                if verdict is None
                else {
                    "version": verdict.version,
                    "rating": verdict.rating,
                    "summary": verdict.summary,
                    "explanation": verdict.explanation,
                    "author": {"id": verdict.author.pk, "username": verdict.author.username},
                    "created_at": iso(verdict.created_at),
                    "published_at": iso(verdict.published_at),
                    "correction_note": verdict.correction_note,
                },
            }
        )
        return data


class SkippedMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField(help_text="Why the workflow refused the transition on this member.")


class ClusterOutcomeSerializer(serializers.Serializer):
    applied = serializers.ListField(child=serializers.IntegerField(), help_text="Members it was fired on too.")
    skipped = SkippedMemberSerializer(many=True, help_text="Open members the workflow refused it on.")


class ClaimTransitionSerializer(ClaimDetailSerializer):
    """The claim after a transition, and what became of its cluster's open members (accept, reject and assign on a
    canonical claim are fired on them too; empty lists otherwise)."""

    cluster_outcome = ClusterOutcomeSerializer(read_only=True)


# --- Transition inputs ----------------------------------------------------------------------------------
# Built from each transition's typed inputs (claims.workflow.inputs): the endpoint validates with them and the
# OpenAPI schema documents them, so neither is written by hand.


class NoteInputSerializer(serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True, max_length=NOTE_MAX, help_text="Kept in history.")


def input_field(declared: Input) -> serializers.Field:
    """The API field of one typed input."""
    if isinstance(declared, Text):
        return StrictCharField(
            required=declared.required,
            allow_blank=not declared.required,
            max_length=declared.max_length,
            help_text=declared.help_text or None,
        )
    if isinstance(declared, Choice):
        # The options as configured now (the rating scale is a setting), as the admin's forms read them.
        return serializers.ChoiceField(
            choices=declared.choices(), required=declared.required, help_text=declared.help_text or None
        )
    if isinstance(declared, Id):
        return StrictIntegerField(
            required=declared.required, min_value=1, max_value=MAX_ID, help_text=f"{declared.help_text} (its id)"
        )
    raise TypeError(f"The API has no field for a {type(declared).__name__} input.")


def transition_input_serializer(transition: Transition) -> type[serializers.Serializer]:
    """The input of a transition's endpoint: its typed inputs, and an optional note for the history unless it
    reads a note of its own."""
    if not transition.inputs:
        return NoteInputSerializer
    base = serializers.Serializer if transition.input("note") else NoteInputSerializer

    def get_fields(self: serializers.Serializer) -> dict[str, serializers.Field]:
        fields = base.get_fields(self)
        fields.update({declared.name: input_field(declared) for declared in transition.inputs})
        return fields

    # The class name is the schema's component name: SubmitVerdictInput.
    name = "".join(part.title() for part in transition.name.split("_")) + "InputSerializer"
    return type(name, (base,), {"get_fields": get_fields, "__module__": __name__})


# --- Evidence, history, matches -------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "url",
            "title",
            "excerpt",
            "source",
            "retrieved_at",
            "relevance",
            "origin",
            "stance",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    title = StrictCharField(max_length=1000, required=False, allow_blank=True)
    excerpt = StrictCharField(max_length=20_000, required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("url") and not attrs.get("excerpt"):
            raise serializers.ValidationError("Give a url or an excerpt.")
        return attrs


class StanceInputSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, allow_blank=True)


class ClaimEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    transition = serializers.CharField()
    from_state = serializers.ChoiceField(choices=State.choices)
    to_state = serializers.ChoiceField(choices=State.choices)
    actor = UserRefSerializer(allow_null=True, help_text="Null when the system acted.")
    note = serializers.CharField()
    payload = serializers.DictField()
    created_at = serializers.DateTimeField()


class MatchTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    status = serializers.CharField(allow_blank=True, help_text="The matched claim's state (claims only).")
    rating = serializers.CharField(allow_blank=True, help_text="The fact-check's rating (fact-checks only).")


# A match within the claim's language was ranked by the English reranker; one in another language by the
# multilingual model (claims.intelligence.cross_language), whose scores read alike but rest on the embedding alone.
SAME_LANGUAGE = "same-language"
CROSS_LANGUAGE = "cross-language"


class ScoreTermSerializer(serializers.Serializer):
    feature = serializers.ChoiceField(choices=sorted(set(FEATURE_LABELS) | set(cross_language.FEATURE_LABELS)))
    label = serializers.CharField()
    value = serializers.FloatField(help_text="The feature's value for this pair.")
    contribution = serializers.FloatField(help_text="value x weight: its part in the score's log-odds.")


class ClaimMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["claim", "factcheck"])
    score = serializers.FloatField(help_text="Same-claim probability: the logistic of the terms' sum plus `bias`.")
    explanation = ScoreTermSerializer(
        many=True,
        help_text=(
            "What weighed in the score, largest share first: each reranker feature with its contribution, as the "
            "reranker computed the score (empty for suggestions stored before explanations were kept)."
        ),
    )
    bias = serializers.FloatField(help_text="The model's constant term, added to the contributions.")
    status = serializers.ChoiceField(choices=ClaimMatch.Status.choices)
    target = MatchTargetSerializer()
    scope = serializers.ChoiceField(
        choices=[SAME_LANGUAGE, CROSS_LANGUAGE],
        help_text="same-language: the target is in the claim's language (or of unknown language), scored by the "
        "English reranker; cross-language: a fact-check in another language, scored by the multilingual model.",
    )

    def to_representation(self, match: ClaimMatch) -> dict[str, Any]:
        if match.matched_claim_id:
            other = match.matched_claim
            target = {"id": other.pk, "text": other.text, "url": "", "status": other.status, "rating": ""}
            kind = "claim"
            language = other.language
        else:
            fc = match.matched_factcheck
            target = {"id": fc.pk, "text": fc.claim_text, "url": fc.url, "status": "", "rating": fc.rating}
            kind = "factcheck"
            language = fc.language
        across = bool(language and match.claim.language and language != match.claim.language)
        return {
            "id": match.pk,
            "kind": kind,
            "score": match.score,
            "explanation": match.explanation,
            # The constant of the model that scored it: the English reranker's, or the multilingual one's.
            "bias": cross_language.BIAS if across else SAME_CLAIM_BIAS,
            "status": match.status,
            "target": target,
            "scope": CROSS_LANGUAGE if across else SAME_LANGUAGE,
        }
