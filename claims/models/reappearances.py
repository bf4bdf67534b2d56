"""Where a claim the desk has already checked is said again: one row per fact-check and later claim."""

from django.db import models


class Reappearance(models.Model):
    """A later claim matching a rated fact-check, recorded once with where and when it appeared."""

    factcheck = models.ForeignKey("claims.FactCheck", on_delete=models.CASCADE, related_name="reappearances")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="reappearances")
    score = models.FloatField(help_text="Same-claim probability from matching.")
    # Copied from the claim and its article when recorded, so the timeline stays as it was seen.
    claimant = models.CharField(max_length=300, blank=True, default="")
    publisher = models.CharField(max_length=300, blank=True, default="")
    article_url = models.URLField(max_length=2000, blank=True, default="")
    appeared_at = models.DateTimeField(help_text="The article's publication time, else when it was ingested.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-appeared_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["factcheck", "claim"], name="reappearance_once")]
        indexes = [models.Index(fields=["factcheck", "-appeared_at", "-id"], name="reappearance_timeline_idx")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} repeats fact-check {self.factcheck_id}"
