from datetime import timedelta

from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission


def purge_submissions(days, now=None):
    """Delete every form submission older than ``days`` days; return how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return deleted
