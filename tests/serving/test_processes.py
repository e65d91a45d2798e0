"""The processes production runs: the Procfile names them, and the scheduler does its jobs."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from contact.models import ConsultationFormPage
from countries.models import AnalysisPage
from tests.factories import AnalysisPageFactory


def procfile():
    lines = (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_procfile_names_web_worker_and_scheduler():
    processes = procfile()
    assert processes["web"] == "gunicorn -c gunicorn.conf.py"
    assert processes["worker"].startswith("python manage.py db_worker")
    assert processes["scheduler"] == "python manage.py run_schedule"


@pytest.mark.django_db
def test_the_scheduler_publishes_what_is_due_and_purges_old_submissions(kazakhstan, monkeypatch):
    checked = []
    # The daily link check visits the seed's sources, which are on the internet (tests/archive checks it).
    monkeypatch.setattr("archive.monitor.check_all", lambda: checked.append(True) or {})
    page = AnalysisPageFactory.build(title="Due now", live=False)
    kazakhstan.add_child(instance=page)
    page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    form = ConsultationFormPage.objects.live().get()
    old = FormSubmission.objects.create(page=form, form_data={})
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=settings.FORM_SUBMISSION_RETENTION_DAYS + 1)
    )
    recent = FormSubmission.objects.create(page=form, form_data={})

    call_command("run_schedule", "--once")

    assert AnalysisPage.objects.get(pk=page.pk).live
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert checked == [True]


@pytest.mark.django_db
def test_one_failing_job_does_not_stop_the_others(kazakhstan, monkeypatch, caplog):
    from serving.management.commands import run_schedule

    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "publish_scheduled":
            raise RuntimeError("database restarting")

    monkeypatch.setattr(run_schedule, "call_command", fake_call_command)
    call_command("run_schedule", "--once")
    assert ran == ["publish_scheduled", "purge_form_submissions", "check_cited_links"]
    assert "Scheduled job publish_scheduled failed" in caplog.text
