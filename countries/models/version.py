"""Permanent versions of an analysis: every publication is numbered (1.0, 1.1, 2.0) and kept for good.

A version holds the page's published content itself (the revision's JSON), not a pointer to the
revision: revisions can be purged (``purge_revisions``) and a lawyer's link to ``…/v/1.0/`` must keep
serving the text a tribunal read. A version is never changed after it is written, except that an
editor may withdraw it (its permalink then answers 410 with a pointer to the current version).

Whether a publication is a minor or a major change, and what changed, is the editor's choice at
approval (``VersionNote``, written by the review task before it publishes); a publication without
one (published directly, or the seed) is a minor change, and the first is always 1.0.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

MINOR = "minor"
MAJOR = "major"
CHANGE_CHOICES = [
    (MINOR, "Minor: corrections and additions that do not change the assessment (1.0 → 1.1)"),
    (MAJOR, "Major: new findings or a changed assessment (1.1 → 2.0)"),
]


class VersionNote(models.Model):
    """What the editor said about a revision when approving it: the size of the change and what changed."""

    revision = models.OneToOneField("wagtailcore.Revision", on_delete=models.CASCADE, related_name="version_note")
    change = models.CharField(max_length=5, choices=CHANGE_CHOICES, default=MINOR)
    what_changed = models.TextField(blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self):
        return f"{self.get_change_display()} for revision {self.revision_id}"


class VersionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(withdrawn_at__isnull=True)

    def numbered(self, number):
        """The version called ``number`` ("1.0"), or an empty queryset for anything else."""
        major, _, minor = str(number).partition(".")
        if not (major.isdigit() and minor.isdigit()) or len(major) > 6 or len(minor) > 6:
            return self.none()
        return self.filter(major=int(major), minor=int(minor))


class AnalysisVersion(models.Model):
    page = models.ForeignKey("countries.AnalysisPage", on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(encoder=DjangoJSONEncoder, help_text="The page as published.")
    title = models.CharField(max_length=255)
    current_as_of = models.DateField()
    published_at = models.DateTimeField(default=timezone.now)
    what_changed = models.TextField(blank=True)
    # {paragraph key: number} (countries.paragraphs): which number each paragraph had in this version.
    numbers = models.JSONField(default=dict)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)
    # The PDF for court bundles (countries.pdf), made once by a task after publication and kept: the
    # version's text never changes, so neither does its PDF. Until it exists its route says why.
    pdf = models.FileField(upload_to="analysis-versions/", blank=True)
    pdf_made_at = models.DateTimeField(null=True, blank=True)
    pdf_problem = models.TextField(blank=True, help_text="Why the PDF could not be made, if it could not.")

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["page", "major", "minor"]
        constraints = [models.UniqueConstraint(fields=["page", "major", "minor"], name="one_number_per_version")]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    @property
    def number(self):
        return f"{self.major}.{self.minor}"

    @property
    def withdrawn(self):
        return self.withdrawn_at is not None

    def as_page(self):
        """The analysis as it was published in this version (not saved; its own URL is the live one)."""
        page = self.page.with_content_json(self.content)
        page._cached_parent_obj = getattr(self.page, "_cached_parent_obj", None) or self.page.get_parent().specific
        return page

    @property
    def pdf_filename(self):
        return f"{self.page.slug}-v{self.number}.pdf"

    def url_for(self, analysis_url):
        return f"{analysis_url}v/{self.number}/"

    def previous(self):
        return self.page.versions.filter(
            models.Q(major__lt=self.major) | models.Q(major=self.major, minor__lt=self.minor)
        ).last()

    def next_number(self, change):
        return (self.major + 1, 0) if change == MAJOR else (self.major, self.minor + 1)


def record_publication(page, revision, published_at=None):
    """The version a publication of ``page`` (at ``revision``) is, created if it is new.

    Publishing the revision the newest version already holds again (after unpublishing, say) is
    the same version, not a new one.
    """
    from ..paragraphs import numbers_by_key

    with transaction.atomic():
        # Locks the page row: two publications at once must not take the same number.
        type(page).objects.select_for_update().filter(pk=page.pk).first()
        latest = page.versions.order_by("major", "minor").last()
        if latest is not None and revision is not None and latest.revision_id == revision.pk:
            return latest
        note = VersionNote.objects.filter(revision=revision).first() if revision is not None else None
        if latest is None:
            major, minor = 1, 0
        else:
            major, minor = latest.next_number(note.change if note else MINOR)
        content = revision.content if revision is not None else page.serializable_data()
        return page.versions.create(
            major=major,
            minor=minor,
            revision=revision,
            content=content,
            title=page.title,
            current_as_of=page.current_as_of,
            published_at=published_at or page.last_published_at or timezone.now(),
            what_changed=note.what_changed if note else "",
            numbers=numbers_by_key(page.body),
        )
