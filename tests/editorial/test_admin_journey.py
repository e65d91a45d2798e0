"""The researcher → editor journey through Wagtail's admin, with Django's test client."""

import datetime
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from countries.models import AnalysisPage, Source
from editorial import workflow

TITLE = "Journalists imprisoned after the 2026 protests"


def osce_report():
    return Source.objects.get_or_create(author="OSCE", title="Protest monitoring")[0]


def analysis_form(**overrides):
    data = {
        "title": TITLE,
        "slug": "journalists-imprisoned",
        "standfirst": "Independent journalists who covered the protests face long sentences.",
        "body": streamfield(
            [
                ("heading", "Arrests"),
                ("paragraph", rich_text("<p>At least twelve journalists were detained.</p>")),
            ]
        ),
        "topics": "freedom of expression, detention",
        "authors": inline_formset([]),
        "sources": inline_formset([{"source": str(osce_report().pk)}]),
        "current_as_of": "2026-11-20",
        "next_review_due": "2027-05-20",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def login(user):
    client = Client()
    client.force_login(user)
    return client


def edit_form_data(client, page, **changes):
    # The StreamField editor is built by JavaScript, so the form is rebuilt rather than scraped.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    return analysis_form(**changes)


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_researcher_to_editor_journey(kazakhstan, researcher, editor):
    researcher_client = login(researcher)
    add_url = reverse("wagtailadmin_pages:add", args=["countries", "analysispage", kazakhstan.pk])
    assert researcher_client.get(add_url).status_code == 200

    # Save a draft, then submit.
    response = researcher_client.post(add_url, analysis_form())
    assert response.status_code == 302
    page = AnalysisPage.objects.get(slug="journalists-imprisoned")
    assert not page.live
    assert page.owner == researcher
    assert set(page.topics.names()) == {"detention", "freedom of expression"}

    data = edit_form_data(researcher_client, page)
    data["action-submit"] = "Submit to Editorial review"
    response = researcher_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live
    edit_html = researcher_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Editor approval" in edit_html
    assert any(editor.email in m.to for m in mail.outbox)

    # The editor sees it awaiting review, and rejects with a comment.
    editor_client = login(editor)
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert TITLE in dashboard
    mail.outbox.clear()
    response = workflow_action(editor_client, page, "reject", "Name the prison and cite the court records.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"
    rejection = [m for m in mail.outbox if researcher.email in m.to]
    assert len(rejection) == 1
    assert "Name the prison and cite the court records." in rejection[0].body

    # The researcher fixes and resubmits; the editor approves; it goes live.
    data = edit_form_data(
        researcher_client, page, standfirst="Twelve journalists are held in Zhaslyk prison, court records show."
    )
    data["action-submit"] = "Resubmit"
    assert researcher_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data).status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert workflow_action(editor_client, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.standfirst.startswith("Twelve journalists")

    # Anyone can read it now.
    anonymous = Client()
    assert TITLE in anonymous.get(kazakhstan.url).content.decode()
    assert anonymous.get(page.url).status_code == 200


def test_researcher_cannot_publish_through_the_edit_form(kazakhstan, researcher):
    client = login(researcher)
    add_url = reverse("wagtailadmin_pages:add", args=["countries", "analysispage", kazakhstan.pk])
    client.post(add_url, analysis_form(**{"action-publish": "Publish"}))
    page = AnalysisPage.objects.get(slug="journalists-imprisoned")
    assert not page.live
    assert Client().get(page.url).status_code == 404


def test_researcher_cannot_publish_or_unpublish_with_bulk_actions(draft_analysis, analysis, researcher):
    client = login(researcher)
    for action, target in (("publish", draft_analysis), ("unpublish", analysis)):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={target.pk}"
        client.post(url, {"include_descendants": ""})
        target.refresh_from_db()
        assert target.live is (action == "unpublish")


def test_researcher_cannot_publish_a_copy(analysis, kazakhstan, researcher):
    client = login(researcher)
    client.post(
        reverse("wagtailadmin_pages:copy", args=[analysis.pk]),
        {
            "new_title": "Copied analysis",
            "new_slug": "copied-analysis",
            "new_parent_page": kazakhstan.pk,
            "publish_copies": "on",
        },
    )
    copy = AnalysisPage.objects.filter(slug="copied-analysis").first()
    assert copy is None or not copy.live


def test_researcher_cannot_delete_a_live_analysis(analysis, researcher):
    client = login(researcher)
    client.post(reverse("wagtailadmin_pages:delete", args=[analysis.pk]))
    assert Page.objects.filter(pk=analysis.pk).exists()


def test_researcher_may_delete_their_own_draft(draft_analysis, researcher):
    client = login(researcher)
    client.post(reverse("wagtailadmin_pages:delete", args=[draft_analysis.pk]))
    assert not Page.objects.filter(pk=draft_analysis.pk).exists()


def test_researcher_scheduling_a_go_live_date_publishes_nothing(draft_analysis, researcher):
    go_live = timezone.now() - datetime.timedelta(minutes=1)
    draft_analysis.go_live_at = go_live
    draft_analysis.save_revision(user=researcher)
    call_command("publish_scheduled")
    draft_analysis.refresh_from_db()
    assert not draft_analysis.live


def test_approved_scheduled_analysis_goes_live_when_publish_scheduled_runs(draft_analysis, researcher, editor):
    draft_analysis.go_live_at = timezone.now() + datetime.timedelta(days=1)
    draft_analysis.save_revision(user=researcher)
    workflow.submit(draft_analysis, researcher)
    workflow.act(draft_analysis, editor, "approve", "")
    draft_analysis.refresh_from_db()
    assert not draft_analysis.live
    revision = draft_analysis.get_latest_revision()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    draft_analysis.refresh_from_db()
    assert not draft_analysis.live  # not yet due

    two_days_later = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=two_days_later):
        call_command("publish_scheduled")
    draft_analysis.refresh_from_db()
    assert draft_analysis.live
    assert Client().get(draft_analysis.url).status_code == 200


def test_researcher_cannot_lock_or_edit_settings(analysis, researcher):
    client = login(researcher)
    client.post(reverse("wagtailadmin_pages:lock", args=[analysis.pk]))
    analysis.refresh_from_db()
    assert not analysis.locked
    response = client.get(reverse("wagtailsettings:edit", args=["home", "contactchannels"]))
    assert response.status_code in (302, 403)
