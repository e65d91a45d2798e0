"""Approving an analysis names its version: minor or major, and what changed (editorial.models)."""

import pytest
from django.urls import reverse

from countries.models import AnalysisPage, AnalysisVersion, VersionNote
from editorial import workflow
from editorial.models import ApprovalForm, EditorApprovalTask
from editorial.roles import REVIEW_TASK, REVIEW_WORKFLOW


def fresh(page):
    return AnalysisPage.objects.get(pk=page.pk)


def review(page, researcher, editor, **details):
    workflow.submit(fresh(page), researcher)
    return workflow.act(fresh(page), editor, "approve", "Checked.", **details)


def revise(page, researcher, text):
    page = fresh(page)
    page.standfirst = text
    page.save_revision(user=researcher)
    return page


def test_the_review_workflow_uses_the_task_that_names_versions(db):
    from wagtail.models import Workflow

    (task,) = [task.specific for task in Workflow.objects.get(name=REVIEW_WORKFLOW).tasks.all()]
    assert isinstance(task, EditorApprovalTask)
    assert task.name == REVIEW_TASK
    assert task.get_form_for_action("approve") is ApprovalForm


def test_approvers_see_one_approve_action_that_asks_for_the_version(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    task = fresh(draft_analysis).current_workflow_task.specific
    actions = task.get_actions(fresh(draft_analysis), editor)
    assert [(name, needs_form) for name, _label, needs_form in actions] == [("reject", True), ("approve", True)]


def test_first_approval_is_1_0_then_minor_and_major_as_the_editor_chooses(draft_analysis, researcher, editor):
    review(draft_analysis, researcher, editor, change="major", what_changed="First publication.")
    assert [v.number for v in AnalysisVersion.objects.filter(page=draft_analysis)] == ["1.0"]
    revise(draft_analysis, researcher, "Corrected a date.")
    review(draft_analysis, researcher, editor, change="minor", what_changed="Corrected the date of the 2022 protests.")
    revise(draft_analysis, researcher, "New assessment.")
    review(draft_analysis, researcher, editor, change="major", what_changed="New assessment after the 2026 law.")
    versions = list(AnalysisVersion.objects.filter(page=draft_analysis))
    assert [(v.number, v.what_changed) for v in versions] == [
        ("1.0", "First publication."),
        ("1.1", "Corrected the date of the 2022 protests."),
        ("2.0", "New assessment after the 2026 law."),
    ]
    assert VersionNote.objects.get(revision=versions[-1].revision).written_by == editor


def test_readers_see_what_changed_with_a_link_to_the_comparison(client, draft_analysis, researcher, editor):
    review(draft_analysis, researcher, editor)
    revise(draft_analysis, researcher, "Corrected.")
    review(draft_analysis, researcher, editor, change="minor", what_changed="Corrected the <date>.")
    html = client.get(fresh(draft_analysis).url).content.decode()
    assert "What changed in version 1.1" in html
    assert "Corrected the &lt;date&gt;." in html
    assert f'href="{fresh(draft_analysis).url}v/1.1/changes/"' in html


def test_the_api_approval_takes_the_version_and_refuses_an_unknown_size(
    client, draft_analysis, researcher, editor, token_for
):
    workflow.submit(fresh(draft_analysis), researcher)
    url = f"/api/v3/pages/{draft_analysis.pk}/actions/approve/"
    headers = token_for(editor)
    refused = client.post(url, {"change": "huge"}, content_type="application/json", **headers)
    assert refused.status_code == 422
    assert not AnalysisVersion.objects.filter(page=draft_analysis).exists()
    accepted = client.post(
        url, {"change": "major", "what_changed": "First."}, content_type="application/json", **headers
    )
    assert accepted.status_code == 200
    assert AnalysisVersion.objects.get(page=draft_analysis).what_changed == "First."


def test_the_admin_approval_form_names_the_version(admin_client, draft_analysis, researcher, editor):
    workflow.submit(fresh(draft_analysis), researcher)
    page = fresh(draft_analysis)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    form = admin_client.get(url)
    assert form.status_code == 200
    assert 'name="change"' in form.json()["html"]
    assert 'name="what_changed"' in form.json()["html"]
    done = admin_client.post(url, {"comment": "", "change": "minor", "what_changed": "Reviewed and published."})
    assert done.status_code == 302  # back to the editor, as after any workflow action
    assert AnalysisVersion.objects.get(page=draft_analysis).what_changed == "Reviewed and published."


@pytest.mark.parametrize("change", ["minor", "major"])
def test_the_first_version_is_1_0_whatever_the_editor_chose(draft_analysis, researcher, editor, change):
    review(draft_analysis, researcher, editor, change=change)
    assert AnalysisVersion.objects.get(page=draft_analysis).number == "1.0"
