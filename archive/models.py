"""Archived copies of cited sources, and the link monitor's history.

A ``Snapshot`` is one cited URL as it stood when one version of an analysis was published: the WARC of
the fetch and a readable copy (the text as a clean page, or the PDF itself), with what identifies it
(final URL, status, type, size, SHA-256). It is written once; a failed fetch is recorded with its
reason and can be tried again, a made one never changes.

A ``LinkCheck`` is one visit of the link monitor to a cited URL; the newest per source is its status.
"""

from django.db import models
from django.utils import timezone


class Snapshot(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Being archived"
        ARCHIVED = "archived", "Archived"
        FAILED = "failed", "Could not be archived"

    version = models.ForeignKey("countries.AnalysisVersion", on_delete=models.CASCADE, related_name="snapshots")
    # A source deleted later keeps its copies: they are the record of what a version relied on.
    source = models.ForeignKey(
        "countries.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="snapshots"
    )
    url = models.URLField("URL requested", max_length=1000)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took it on.")
    fetched_at = models.DateTimeField(null=True, blank=True)
    final_url = models.URLField("Final URL (after redirects)", max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes of the body as received.")
    sha256 = models.CharField("SHA-256 of the body", max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="What the link monitor compares.")
    warc = models.FileField("WARC file", upload_to="archive/", max_length=300, blank=True)
    readable = models.FileField("Readable copy", upload_to="archive/", max_length=300, blank=True)
    readable_type = models.CharField(max_length=100, blank=True)
    problem = models.TextField(blank=True, help_text="Why it could not be archived.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "source"], name="one_snapshot_per_source_version")]
        indexes = [models.Index(fields=["url", "-fetched_at"], name="snapshot_url_fetched")]

    def __str__(self):
        return f"{self.url} for {self.version_id} ({self.get_state_display()})"

    @property
    def archived(self):
        return self.state == self.State.ARCHIVED

    def warc_filename(self):
        return f"snapshot-{self.pk}.warc.gz"

    def readable_filename(self):
        return f"snapshot-{self.pk}.pdf" if self.readable_type == "application/pdf" else f"snapshot-{self.pk}.html"


class LinkCheck(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        MOVED = "moved", "Moved"
        BROKEN = "broken", "Broken"
        CHANGED = "changed", "Changed"
        ERROR = "error", "Could not be checked"

    source = models.ForeignKey(
        "countries.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="link_checks"
    )
    url = models.URLField("URL", max_length=1000)
    checked_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=7, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField("Final URL (after redirects)", max_length=2000, blank=True)
    body_hash = models.CharField(max_length=64, blank=True, help_text="The content hash, when the body was read.")
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [
            models.Index(fields=["source", "-checked_at"], name="linkcheck_source_checked"),
            models.Index(fields=["checked_at"], name="linkcheck_checked"),
        ]

    def __str__(self):
        return f"{self.url}: {self.get_outcome_display()} ({self.checked_at:%Y-%m-%d})"
