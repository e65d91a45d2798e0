from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from editorial import workflow
from editorial.roles import REVIEW_WORKFLOW
from tests.factories import make_user


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_tells_only_the_editors(draft_analysis, researcher, editor, second_editor, intake, superuser):
    other_researcher = make_user("nobody", "Researchers")
    workflow.submit(draft_analysis, researcher)
    assert recipients() == sorted([editor.email, second_editor.email])
    message = mail.outbox[0]
    assert "Draft on elections" in message.subject
    assert f"/admin/pages/{draft_analysis.pk}/edit/" in message.body
    assert other_researcher.email not in recipients()


def test_rejection_tells_the_author_with_the_reviewers_comment(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    mail.outbox.clear()
    workflow.act(draft_analysis, editor, "reject", "Please cite the 2024 OSCE election report.")
    assert recipients() == [researcher.email]
    body = mail.outbox[0].body
    assert "Please cite the 2024 OSCE election report." in body
    assert f"http://127.0.0.1:8000/admin/pages/{draft_analysis.pk}/edit/" in body
    assert "Changes requested" in mail.outbox[0].subject


def test_approval_tells_the_author_with_the_comment(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    mail.outbox.clear()
    workflow.act(draft_analysis, editor, "approve", "Well sourced.")
    assert recipients() == [researcher.email]
    assert "Well sourced." in mail.outbox[0].body
    assert "It is published" in mail.outbox[0].body


def test_nobody_is_told_of_their_own_action(draft_analysis, editor):
    draft_analysis.owner = editor
    draft_analysis.save()
    workflow.submit(draft_analysis, editor)
    assert editor.email not in recipients()
    mail.outbox.clear()
    workflow.act(draft_analysis, editor, "approve", "")
    assert mail.outbox == []


def test_second_stage_rejection_reaches_the_author(draft_analysis, researcher, editor):
    """wagtail#10196: Wagtail notifies nobody when a later task rejects. A legal check added in the admin."""
    legal = Group.objects.create(name="Legal")
    lawyer = make_user("lena")
    lawyer.groups.add(legal)
    task = GroupApprovalTask.objects.create(name="Legal check")
    task.groups.set([legal])
    WorkflowTask.objects.create(workflow=Workflow.objects.get(name=REVIEW_WORKFLOW), task=task, sort_order=1)

    workflow.submit(draft_analysis, researcher)
    mail.outbox.clear()
    workflow.act(draft_analysis, editor, "approve", "")
    assert recipients() == [lawyer.email]
    assert "Legal check" in mail.outbox[0].subject
    mail.outbox.clear()

    draft_analysis.refresh_from_db()
    workflow.act(draft_analysis, lawyer, "reject", "The section on minorities names a witness.")
    assert recipients() == [researcher.email]
    assert "The section on minorities names a witness." in mail.outbox[0].body
    draft_analysis.refresh_from_db()
    assert not draft_analysis.live


def test_a_mail_outage_does_not_undo_the_decision(draft_analysis, researcher, editor, settings):
    settings.EMAIL_BACKEND = "tests.editorial.failing_mail.Backend"
    workflow.submit(draft_analysis, researcher)
    workflow.act(draft_analysis, editor, "approve", "")
    draft_analysis.refresh_from_db()
    assert draft_analysis.live
