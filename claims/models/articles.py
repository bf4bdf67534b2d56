"""Intake: articles, their revisions, the jobs that ingest them and the feeds they come from."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Article(models.Model):
    class Source(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"
        URL = "url", "Fetched URL"
        FEED = "feed", "Feed item"
        FILE = "file", "File"

    # Identity: the canonical URL when there is one, else the hash of the normalised text.
    url = models.URLField(max_length=2000, blank=True, default="")
    content_hash = models.CharField(max_length=64)
    title = models.CharField(max_length=1000, blank=True, default="")
    text = models.TextField()
    author = models.CharField(max_length=500, blank=True, default="")
    publisher = models.CharField(max_length=300, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    # ISO 639-1 code: the one the request or feed gave, else detected from the text at ingestion.
    language = models.CharField(max_length=16, blank=True, default="en")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.TEXT)
    feed = models.ForeignKey("claims.Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="article_unique_url"),
            models.UniqueConstraint(
                fields=["content_hash"], condition=models.Q(url=""), name="article_unique_hash_without_url"
            ),
        ]
        indexes = [
            models.Index(fields=["content_hash"], name="article_hash_idx"),
            models.Index(fields=["-published_at"], name="article_published_idx"),
            models.Index(fields=["-created_at"], name="article_created_idx"),
            models.Index(fields=["language", "-created_at"], name="article_language_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"


class ArticleRevision(models.Model):
    """An earlier text of an article that was updated at its source."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    title = models.CharField(max_length=1000, blank=True, default="")
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["article", "revision"], name="article_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.revision}"


class IngestionJob(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        HTML = "html", "HTML"
        URL = "url", "URL"
        FEED = "feed", "Feed poll"
        FILE = "file", "Files"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feed = models.ForeignKey(
        "claims.Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="ingestion_jobs"
    )
    total = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    claims_created = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="job_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Ingestion job {self.pk} ({self.kind}, {self.status})"


class IngestionItem(models.Model):
    """One input of a job (a text, a page, a URL, a feed entry); a failing item never stops the rest."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        DUPLICATE = "duplicate", "Already ingested"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(IngestionJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=2000, blank=True, default="")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True, default="")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claims_created = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="ingestion_item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.position} {self.status}"


class Feed(models.Model):
    """An RSS/Atom subscription polled by beat with conditional GET."""

    # A feed is polled at least once a month; the API, the admin and the service share these bounds.
    MIN_POLL_INTERVAL_MINUTES = 1
    MAX_POLL_INTERVAL_MINUTES = 60 * 24 * 30

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True, default="")
    language = models.CharField(
        max_length=16,
        blank=True,
        default="",
        help_text="Language of the feed's articles (ISO 639-1); blank: the feed's own declaration, else detected.",
    )
    is_active = models.BooleanField(default=True, help_text="Paused feeds are not polled.")
    poll_interval_minutes = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(MIN_POLL_INTERVAL_MINUTES), MaxValueValidator(MAX_POLL_INTERVAL_MINUTES)],
    )
    etag = models.CharField(max_length=500, blank=True, default="")
    last_modified = models.CharField(max_length=100, blank=True, default="")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        indexes = [
            models.Index(fields=["is_active", "next_poll_at"], name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """An entry already seen in a feed, so each poll ingests new items only."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=2000)
    link = models.URLField(max_length=2000, blank=True, default="")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feed_entry_unique_guid"),
        ]

    def __str__(self) -> str:
        return self.guid
