"""What the desk publishes (and imports from elsewhere), and who is told about it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from pgvector.django import HalfVectorField, HnswIndex

from claims.models.embedding import EMBEDDING_DIMENSIONS, EMBEDDING_INDEX, MULTILINGUAL_EMBEDDING_INDEX


class FactCheck(models.Model):
    """A fact-check the desk can match new claims against: published here, or imported from elsewhere."""

    class Origin(models.TextChoices):
        PUBLISHED = "published", "Published by this desk"
        IMPORTED = "imported", "Imported"

    origin = models.CharField(max_length=10, choices=Origin.choices)
    url = models.URLField(max_length=2000, unique=True)
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True, default="")
    claim_date = models.DateField(null=True, blank=True)
    rating = models.CharField(max_length=64, blank=True, default="", help_text="Rating slug or label.")
    title = models.CharField(max_length=1000, blank=True, default="")
    publisher = models.CharField(max_length=300, blank=True, default="")
    summary = models.TextField(blank=True, default="")
    # ISO 639-1 code: the claim's language when published here, ClaimReview's inLanguage when imported.
    language = models.CharField(max_length=16, blank=True, default="")
    claim = models.OneToOneField(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="factcheck"
    )
    verdict = models.ForeignKey("claims.Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # As Claim.embedding: "claimant: claim_text" embedded, kept true to the text by claims.services.matching.
    embedding = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True, editable=False)
    # multilingual-e5-small's embedding of claim_text, for claims in other languages to find it
    # (claims.services.cross_language); NULL until the worker computes it, and again when the text changes.
    multilingual_embedding = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True, editable=False)
    # The full-text vector search and matching read (claims.selectors.search), kept by PostgreSQL itself.
    search_document = models.GeneratedField(
        expression=SearchVector("claim_text", "title", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["origin", "-published_at"], name="factcheck_origin_idx"),
            GinIndex(fields=["search_document"], name="factcheck_fulltext_idx"),
            HnswIndex(**EMBEDDING_INDEX, name="factcheck_embedding_hnsw"),
            HnswIndex(**MULTILINGUAL_EMBEDDING_INDEX, name="factcheck_multilingual_hnsw"),
            # Which languages have fact-checks to match across languages, one index entry per language read.
            models.Index(
                fields=["language"],
                name="factcheck_crosslang_lang_idx",
                condition=models.Q(multilingual_embedding__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.claim_text[:80]


class Webhook(models.Model):
    """An endpoint told about publications and corrections, with HMAC-SHA256-signed bodies."""

    class Event(models.TextChoices):
        PUBLISHED = "factcheck.published", "Fact-check published"
        CORRECTED = "factcheck.corrected", "Fact-check corrected"
        REAPPEARED = "claim.reappeared", "Fact-checked claim reappeared"

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=200)
    events = models.JSONField(default=list, help_text="Event names; empty means all.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # One delivery per webhook and event occurrence (e.g. "factcheck.published:12:v3"), so retries never
    # send the same event twice.
    dedupe_key = models.CharField(max_length=200)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "dedupe_key"], name="webhook_delivery_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} -> {self.webhook} ({self.status})"
