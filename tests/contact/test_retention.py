import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission


def submission_aged(page, days):
    submission = FormSubmission.objects.create(page=page, form_data={"full_name": f"Aged {days}"})
    # submit_time is auto_now_add: backdate it afterwards.
    FormSubmission.objects.filter(pk=submission.pk).update(submit_time=timezone.now() - timedelta(days=days))
    return submission


def purge(*args):
    out = io.StringIO()
    call_command("purge_form_submissions", *args, stdout=out)
    return out.getvalue()


def test_default_retention_comes_from_the_setting(consultation, settings):
    assert settings.FORM_SUBMISSION_RETENTION_DAYS == 180
    old, kept = submission_aged(consultation, 181), submission_aged(consultation, 179)
    assert purge().strip() == "Deleted 1 form submission older than 180 days."
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not FormSubmission.objects.filter(pk=old.pk).exists()


def test_days_option_and_setting_override(consultation, settings):
    for days in (2, 10, 40):
        submission_aged(consultation, days)
    assert "Deleted 2 form submissions older than 5 days." in purge("--days", "5")
    settings.FORM_SUBMISSION_RETENTION_DAYS = 1
    assert "Deleted 1 form submission older than 1 days." in purge()
    assert "Deleted 0 form submissions" in purge()


@pytest.mark.parametrize("days", ["0", "-3"])
def test_nonsense_days_are_refused(consultation, days):
    submission_aged(consultation, 400)
    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", days)
    assert FormSubmission.objects.count() == 1
