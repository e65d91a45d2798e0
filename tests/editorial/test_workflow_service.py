"""The review rules in editorial/workflow.py: who may submit and act, and the summary the API returns."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, Workflow, WorkflowPage, WorkflowState

from countries.models import AnalysisPage
from editorial import workflow
from editorial.models import EditorApprovalTask
from editorial.roles import REVIEW_TASK, REVIEW_WORKFLOW
from tests.factories import AnalysisPageFactory, make_user


def workflow_url(page):
    return f"/api/v3/pages/{page.pk}/workflow/"


def action_url(page, action):
    return f"/api/v3/pages/{page.pk}/actions/{action}/"


def post(client, url, headers, data=None):
    return client.post(url, data=data or {}, content_type="application/json", **headers)


def fresh(page):
    return AnalysisPage.objects.get(pk=page.pk)


@pytest.fixture
def reviewer(db):
    """A member of a group the review task names, with no permission to edit pages."""
    group = Group.objects.create(name="Outside reviewers")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    EditorApprovalTask.objects.get(name=REVIEW_TASK).groups.add(group)
    return make_user("rafael", "Outside reviewers")


@pytest.fixture
def no_workflow(db):
    """No workflow applies anywhere in the tree."""
    WorkflowPage.objects.all().delete()


# --- assign_review_workflow, can_edit, available_actions ----------------------------------------


def test_assigning_the_review_workflow_attaches_it_to_the_page_once(draft_analysis, no_workflow):
    assert not fresh(draft_analysis).has_workflow
    assigned = workflow.assign_review_workflow(draft_analysis)
    assert assigned == Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert workflow.assign_review_workflow(draft_analysis) == assigned
    assert list(WorkflowPage.objects.values_list("page_id", "workflow_id")) == [(draft_analysis.pk, assigned.pk)]
    assert fresh(draft_analysis).get_workflow() == assigned


def test_assigning_replaces_another_workflow_on_the_page(draft_analysis, no_workflow):
    other = Workflow.objects.create(name="Legal check")
    WorkflowPage.objects.create(page=draft_analysis, workflow=other)
    workflow.assign_review_workflow(draft_analysis)
    assert WorkflowPage.objects.get(page=draft_analysis).workflow.name == REVIEW_WORKFLOW


def test_who_can_edit(draft_analysis, researcher, editor, intake, reviewer, superuser):
    assert workflow.can_edit(draft_analysis, researcher) is True
    assert workflow.can_edit(draft_analysis, editor) is True
    assert workflow.can_edit(draft_analysis, superuser) is True
    assert workflow.can_edit(draft_analysis, intake) is False
    assert workflow.can_edit(draft_analysis, reviewer) is False


def test_no_actions_on_a_page_that_is_not_in_review(draft_analysis, editor, superuser):
    assert workflow.available_actions(draft_analysis, editor) == set()
    assert workflow.available_actions(draft_analysis, superuser) == set()


def test_approvers_of_the_current_task_may_approve_or_reject(
    draft_analysis, researcher, editor, reviewer, superuser, intake
):
    workflow.submit(draft_analysis, researcher)
    page = fresh(draft_analysis)
    assert workflow.available_actions(page, editor) == {"approve", "reject"}
    assert workflow.available_actions(page, reviewer) == {"approve", "reject"}
    assert workflow.available_actions(page, superuser) == {"approve", "reject"}
    assert workflow.available_actions(page, researcher) == set()
    assert workflow.available_actions(page, intake) == set()


# --- submit -------------------------------------------------------------------------------------


def test_a_reviewer_who_cannot_edit_may_not_submit(client, draft_analysis, reviewer, token_for):
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.submit(draft_analysis, reviewer)
    assert refused.value.status == 403
    assert str(refused.value) == "You may not edit this page, so you may not submit it for review."
    assert fresh(draft_analysis).current_workflow_state is None
    response = post(client, action_url(draft_analysis, "submit"), token_for(reviewer))
    assert response.status_code == 403
    assert fresh(draft_analysis).current_workflow_state is None


def test_a_reviewer_who_cannot_edit_may_still_review(client, draft_analysis, researcher, reviewer, token_for):
    workflow.submit(draft_analysis, researcher)
    headers = token_for(reviewer)
    assert client.get(workflow_url(draft_analysis), **headers).json()["in_review"] is True
    # As in the admin, the approvers of the current task may edit the page while it waits for them.
    assert workflow.can_edit(fresh(draft_analysis), reviewer) is True
    response = post(client, action_url(draft_analysis, "submit"), headers)
    assert response.status_code == 409
    assert response.json()["detail"] == "The page is already in review."
    # Approving the last task publishes, which needs a publishing permission this reviewer lacks.
    response = post(client, action_url(draft_analysis, "approve"), headers)
    assert response.status_code == 403
    assert not fresh(draft_analysis).live
    response = post(client, action_url(draft_analysis, "reject"), headers, {"comment": "Sources?"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "needs_changes"
    assert response.json()["history"][0]["finished_by"] == "rafael"
    assert workflow.can_edit(fresh(draft_analysis), reviewer) is False


def test_a_page_locked_by_someone_else_cannot_be_submitted(client, draft_analysis, researcher, editor, token_for):
    draft_analysis.locked = True
    draft_analysis.locked_by = editor
    draft_analysis.save(update_fields=["locked", "locked_by"])
    with pytest.raises(workflow.WrongState) as refused:
        workflow.submit(draft_analysis, researcher)
    assert refused.value.status == 409
    assert str(refused.value) == "The page is locked."
    response = post(client, action_url(draft_analysis, "submit"), token_for(researcher))
    assert response.status_code == 409
    assert response.json()["detail"] == "The page is locked."
    assert fresh(draft_analysis).current_workflow_state is None


def test_the_person_holding_the_lock_may_submit(draft_analysis, researcher):
    draft_analysis.locked = True
    draft_analysis.locked_by = researcher
    draft_analysis.save(update_fields=["locked", "locked_by"])
    workflow.submit(draft_analysis, researcher)
    assert fresh(draft_analysis).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_page_outside_any_workflow_cannot_be_submitted(client, draft_analysis, researcher, token_for, no_workflow):
    with pytest.raises(workflow.WrongState) as refused:
        workflow.submit(draft_analysis, researcher)
    assert str(refused.value) == "No review workflow applies to this page."
    response = post(client, action_url(draft_analysis, "submit"), token_for(researcher))
    assert response.status_code == 409
    assert response.json()["detail"] == "No review workflow applies to this page."
    assert not WorkflowState.objects.exists()


def test_a_page_without_a_revision_gets_one_by_the_submitter(kazakhstan, researcher):
    page = AnalysisPageFactory(parent=kazakhstan, title="Never saved", slug="never-saved", live=False)
    assert page.get_latest_revision() is None
    workflow.submit(page, researcher)
    page = fresh(page)
    revision = page.get_latest_revision()
    assert revision is not None
    assert revision.user == researcher
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", user=researcher).exists()
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == researcher
    assert page.current_workflow_task_state.revision == revision


def test_a_page_with_a_revision_is_submitted_as_it_is(draft_analysis, researcher):
    revision = draft_analysis.get_latest_revision()
    workflow.submit(draft_analysis, researcher)
    page = fresh(draft_analysis)
    assert page.get_latest_revision() == revision
    assert page.current_workflow_task_state.revision == revision


def test_resubmitting_after_changes_were_requested_continues_the_same_workflow(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    workflow.act(fresh(draft_analysis), editor, "reject", comment="  Cite it.  ")
    state = fresh(draft_analysis).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    workflow.submit(fresh(draft_analysis), researcher)
    assert WorkflowState.objects.for_instance(draft_analysis).count() == 1
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


# --- act ----------------------------------------------------------------------------------------


def test_acting_on_a_page_not_in_review_is_a_wrong_state(draft_analysis, editor):
    with pytest.raises(workflow.WrongState) as refused:
        workflow.act(draft_analysis, editor, "approve")
    assert str(refused.value) == "The page is not in review."


def test_only_approvers_may_act(draft_analysis, researcher):
    workflow.submit(draft_analysis, researcher)
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.act(fresh(draft_analysis), researcher, "approve")
    assert str(refused.value) == f"You are not a reviewer of the current task “{REVIEW_TASK}”."


def test_a_rejection_needs_a_comment_an_approval_does_not(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    with pytest.raises(workflow.WorkflowActionError) as refused:
        workflow.act(fresh(draft_analysis), editor, "reject", comment="   ")
    assert refused.value.status == 400
    page = workflow.act(fresh(draft_analysis), editor, "approve")
    assert page.live


# --- workflow_summary ---------------------------------------------------------------------------


def test_summary_of_a_never_submitted_page(client, draft_analysis, researcher, token_for):
    expected = {
        "page_id": draft_analysis.pk,
        "workflow": REVIEW_WORKFLOW,
        "status": None,
        "in_review": False,
        "current_task": None,
        "requested_by": None,
        "live": False,
        "has_unpublished_changes": True,
        "history": [],
    }
    assert workflow.workflow_summary(draft_analysis) == expected
    response = client.get(workflow_url(draft_analysis), **token_for(researcher))
    assert response.status_code == 200
    assert response.json() == expected


def test_summary_of_a_live_page_outside_any_workflow(analysis, no_workflow):
    summary = workflow.workflow_summary(Page.objects.get(pk=analysis.pk).specific)
    assert summary["workflow"] is None
    assert summary["status"] is None
    assert summary["live"] is True
    assert summary["has_unpublished_changes"] is False
    assert summary["history"] == []


def history_entry(status, finished_by=None, comment=""):
    return {
        "workflow": REVIEW_WORKFLOW,
        "task": REVIEW_TASK,
        "status": status,
        "finished_by": finished_by,
        "comment": comment,
    }


def without_times(summary):
    history = []
    for entry in summary["history"]:
        assert entry["started_at"] is not None
        assert (entry["finished_at"] is None) is (entry["status"] == "in_progress")
        history.append({name: value for name, value in entry.items() if name not in ("started_at", "finished_at")})
    return {**summary, "history": history}


def test_summary_through_rejection_resubmission_and_approval(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    workflow.act(fresh(draft_analysis), editor, "reject", comment="Cite it.")
    rejected = without_times(workflow.workflow_summary(fresh(draft_analysis)))
    assert rejected == {
        "page_id": draft_analysis.pk,
        "workflow": REVIEW_WORKFLOW,
        "status": "needs_changes",
        "in_review": False,
        "current_task": None,
        "requested_by": "rita",
        "live": False,
        "has_unpublished_changes": True,
        "history": [history_entry("rejected", "edith", "Cite it.")],
    }

    workflow.submit(fresh(draft_analysis), researcher)
    in_review = without_times(workflow.workflow_summary(fresh(draft_analysis)))
    assert in_review["status"] == "in_progress"
    assert in_review["in_review"] is True
    assert in_review["current_task"] == REVIEW_TASK
    assert in_review["history"] == [history_entry("in_progress"), history_entry("rejected", "edith", "Cite it.")]

    workflow.act(fresh(draft_analysis), editor, "approve", comment="Good.")
    approved = workflow.workflow_summary(fresh(draft_analysis))
    assert approved["history"][0]["started_at"] > approved["history"][1]["started_at"]
    assert without_times(approved) == {
        "page_id": draft_analysis.pk,
        "workflow": REVIEW_WORKFLOW,
        "status": "approved",
        "in_review": False,
        "current_task": None,
        "requested_by": "rita",
        "live": True,
        "has_unpublished_changes": False,
        "history": [history_entry("approved", "edith", "Good."), history_entry("rejected", "edith", "Cite it.")],
    }


def test_summary_reports_the_newest_finished_review_and_lists_it_first(draft_analysis, researcher, editor):
    workflow.submit(draft_analysis, researcher)
    workflow.act(fresh(draft_analysis), editor, "approve")
    page = fresh(draft_analysis)
    page.save_revision(user=editor)
    workflow.submit(page, editor)
    fresh(draft_analysis).current_workflow_state.cancel(user=editor)

    summary = without_times(workflow.workflow_summary(fresh(draft_analysis)))
    assert summary["status"] == "cancelled"
    assert summary["requested_by"] == "edith"
    assert summary["in_review"] is False
    assert summary["history"] == [history_entry("cancelled", "edith"), history_entry("approved", "edith")]


def test_summary_requested_by_is_none_when_the_requester_is_gone(draft_analysis, researcher):
    workflow.submit(draft_analysis, researcher)
    WorkflowState.objects.update(requested_by=None)
    assert workflow.workflow_summary(fresh(draft_analysis))["requested_by"] is None


def test_summary_reads_each_review_round_in_a_fixed_number_of_queries(draft_analysis, researcher, editor):
    # Two workflow runs, three tasks: tasks, workflows and people come with their rows (select_related),
    # so the count grows by one query per workflow run, never per task or per person.
    workflow.submit(draft_analysis, researcher)
    workflow.act(fresh(draft_analysis), editor, "reject", comment="Cite it.")
    workflow.submit(fresh(draft_analysis), researcher)
    workflow.act(fresh(draft_analysis), editor, "approve")
    page = fresh(draft_analysis)
    page.save_revision(user=editor)
    workflow.submit(page, editor)
    page = fresh(draft_analysis)
    with CaptureQueriesContext(connection) as queries:
        summary = workflow.workflow_summary(page)
    assert len(summary["history"]) == 3
    assert {entry["task"] for entry in summary["history"]} == {REVIEW_TASK}
    assert [entry["finished_by"] for entry in summary["history"]] == [None, "edith", "edith"]
    assert len(queries) == 8


def test_summary_names_the_workflow_the_page_was_reviewed_in_not_the_one_now_assigned(draft_analysis, researcher):
    workflow.submit(draft_analysis, researcher)
    fresh(draft_analysis).current_workflow_state.cancel(user=researcher)
    legal = Workflow.objects.create(name="Legal check")
    WorkflowPage.objects.create(page=draft_analysis, workflow=legal)
    page = fresh(draft_analysis)
    assert page.get_workflow() == legal
    summary = workflow.workflow_summary(page)
    assert summary["workflow"] == REVIEW_WORKFLOW
    assert summary["status"] == "cancelled"
