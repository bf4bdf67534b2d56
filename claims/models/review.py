"""The review: claims, their audit trail, suggested matches, evidence and verdicts."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from pgvector.django import HalfVectorField, HnswIndex

from claims.models.embedding import EMBEDDING_DIMENSIONS, EMBEDDING_INDEX
from claims.states import State


class Claim(models.Model):
    class Priority(models.TextChoices):
        LOW = "low", "Low"
        NORMAL = "normal", "Normal"
        HIGH = "high", "High"
        URGENT = "urgent", "Urgent"

    article = models.ForeignKey("claims.Article", on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    # Provenance: article.text[start:end] == quote.
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    claimant = models.CharField(max_length=300, blank=True, default="")
    cue = models.CharField(max_length=100, blank=True, default="")
    checkworthiness = models.FloatField(default=0.0)
    numbers = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, blank=True, default="en")
    topics = models.JSONField(default=list, blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    # Changed only through claims.services.transitions.claim_transition.
    status = models.CharField(max_length=16, choices=State.choices, default=State.NEW, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        editable=False,
    )
    due_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_since = models.DateTimeField(null=True, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates", editable=False
    )
    duplicate_of_factcheck = models.ForeignKey(
        "claims.FactCheck",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicate_claims",
        editable=False,
    )
    reject_reason = models.TextField(blank=True, default="", editable=False)
    # The rated fact-check this claim already repeats, set by matching when the claim arrives
    # (claims.services.reappearances), so the queue shows it before anyone opens the claim.
    already_checked = models.ForeignKey(
        "claims.FactCheck",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeating_claims",
        editable=False,
    )
    # Clusters (claims.services.clusters): claims stating the same thing. A member points at its cluster's
    # canonical claim; the canonical, like a claim alone, points nowhere and carries the cluster's figures.
    canonical = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cluster_members",
        editable=False,
    )
    # Database defaults too: bulk loaders (bench/, COPY) write claims without naming these columns.
    cluster_size = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    cluster_outlets = models.JSONField(default=list, db_default=[], blank=True, editable=False)
    first_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Triage (claims.services.triage): the queue's order and its reasons in plain words. The rank grows with the
    # time the claim appeared, so ordering by it stays true as time passes without rewriting every row; the score
    # shown is the rank less what recency gives today (claims.intelligence.triage). Null until first scored.
    triage_rank = models.FloatField(null=True, blank=True, editable=False)
    triage_reasons = models.JSONField(default=list, db_default=[], blank=True, editable=False)
    # The all-MiniLM-L6-v2 embedding of "claimant: text" (claims.services.matching keeps it true to the text):
    # semantic match candidates come from its HNSW index, and reranking reads its cosine to the new claim.
    embedding = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True, editable=False)
    # The full-text vector search and matching read (claims.selectors.search), kept by PostgreSQL itself.
    search_document = models.GeneratedField(
        expression=SearchVector("text", "claimant", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-checkworthiness", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="claim_span_ordered"),
            models.CheckConstraint(
                condition=models.Q(checkworthiness__gte=0) & models.Q(checkworthiness__lte=1),
                name="claim_checkworthiness_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness", "created_at"], name="claim_queue_idx"),
            # The admin's default order (most check-worthy, oldest first, then id) without sorting every claim.
            models.Index(fields=["-checkworthiness", "created_at", "-id"], name="claim_rank_idx"),
            # The default queue: one row per cluster, highest triage rank first.
            models.Index(
                models.F("triage_rank").desc(nulls_last=True),
                "id",
                condition=models.Q(canonical__isnull=True),
                name="claim_triage_idx",
            ),
            models.Index(fields=["canonical", "status"], name="claim_cluster_idx"),
            # What beat rescores: clusters that grew in the last day, and claims not scored yet.
            models.Index(fields=["last_seen_at"], condition=models.Q(cluster_size__gt=1), name="claim_spreading_idx"),
            models.Index(fields=["id"], condition=models.Q(triage_rank__isnull=True), name="claim_unscored_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            models.Index(fields=["status", "due_at"], name="claim_due_idx"),
            models.Index(fields=["article", "start"], name="claim_article_idx"),
            models.Index(fields=["claimant"], name="claim_claimant_idx"),
            models.Index(fields=["-created_at"], name="claim_created_idx"),
            GinIndex(fields=["search_document"], name="claim_fulltext_idx"),
            HnswIndex(**EMBEDDING_INDEX, name="claim_embedding_hnsw"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimEvent(models.Model):
    """The audit trail: one row per transition, written in the transition's transaction."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, choices=State.choices)
    to_state = models.CharField(max_length=16, choices=State.choices)
    note = models.TextField(blank=True, default="")
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="claim_event_claim_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.transition} {self.from_state}->{self.to_state}"


class ClaimMatch(models.Model):
    """A suggested match of a claim with an earlier claim or fact-check, confirmed or rejected by staff."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    matched_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by")
    matched_factcheck = models.ForeignKey(
        "claims.FactCheck", null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.FloatField()
    # What weighed in the score: each reranker feature's value and its share of the score's log-odds, as the
    # reranker computed them (claims.intelligence.matching.explain), largest first.
    explanation = models.JSONField(default=list, db_default=[], blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(matched_claim__isnull=False) ^ models.Q(matched_factcheck__isnull=False),
                name="claim_match_one_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "matched_claim"],
                condition=models.Q(matched_claim__isnull=False),
                name="claim_match_unique_claim",
            ),
            models.UniqueConstraint(
                fields=["claim", "matched_factcheck"],
                condition=models.Q(matched_factcheck__isnull=False),
                name="claim_match_unique_factcheck",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.matched_claim_id or self.matched_factcheck_id} ({self.score:.2f})"


class Evidence(models.Model):
    class Origin(models.TextChoices):
        AUTO = "auto", "Gathered automatically"
        MANUAL = "manual", "Added by a checker"

    class Stance(models.TextChoices):
        UNSET = "", "Not set"
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, blank=True, default="")
    title = models.CharField(max_length=1000, blank=True, default="")
    excerpt = models.TextField(blank=True, default="")
    source = models.CharField(max_length=100, blank=True, default="", help_text="Where it was found.")
    retrieved_at = models.DateTimeField(null=True, blank=True)
    relevance = models.FloatField(default=0.0)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MANUAL)
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True, default=Stance.UNSET)
    # Identifies the same piece of evidence across re-runs (the URL, or a hash of source + excerpt).
    fingerprint = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-relevance", "created_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["claim", "fingerprint"], name="evidence_unique_per_claim"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.excerpt[:60]


class Verdict(models.Model):
    """A submitted verdict; each submission is a new version, and publishing stamps it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    version = models.PositiveIntegerField()
    rating = models.CharField(max_length=32)
    summary = models.TextField()
    explanation = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["claim", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="verdict_unique_version"),
        ]
        indexes = [models.Index(fields=["-published_at"], name="verdict_published_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} v{self.version}: {self.rating}"


class CheckerProfile(models.Model):
    """What assignment needs to know about a checker."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checker_profile")
    is_available = models.BooleanField(default=True)
    languages = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    # Round-robin tie-break: among equally loaded checkers, the one assigned longest ago goes first.
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Checker profile of {self.user}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Claim assigned"
        OVERDUE = "overdue", "Claim overdue"
        REASSIGNED = "reassigned", "Claim reassigned"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        REAPPEARED = "reappeared", "Fact-checked claim reappeared"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user}"
