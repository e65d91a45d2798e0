"""Review actions on a page, permission-checked exactly as the admin checks them.

The admin and the API share these rules: a user who may edit a page may submit it; only an
approver of the current task may approve or reject it.
"""

from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowState

from .roles import REVIEW_WORKFLOW


class WorkflowActionError(Exception):
    status = 400


class NotAllowed(WorkflowActionError):
    status = 403


class WrongState(WorkflowActionError):
    status = 409


def assign_review_workflow(page):
    """Attach the review workflow to ``page`` (idempotent)."""
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def refuse_incomplete_citations(page):
    """An analysis whose latest text cites an incomplete source is neither submitted nor approved."""
    latest = page.get_latest_revision_as_object() if page.get_latest_revision() else page
    problems = latest.citation_problems() if hasattr(latest, "citation_problems") else []
    if problems:
        raise WorkflowActionError(" ".join(problems))


def can_edit(page, user):
    return page.permissions_for_user(user).can_edit()


def available_actions(page, user):
    """The names of the task actions ``user`` may take on ``page`` now (e.g. {"approve", "reject"})."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        return set()
    return {name for name, _label, _needs_comment in task_state.task.specific.get_actions(page, user)}


@transaction.atomic
def submit(page, user):
    if not can_edit(page, user):
        raise NotAllowed("You may not edit this page, so you may not submit it for review.")
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise WrongState("The page is already in review.")
    if page.permissions_for_user(user).page_locked():
        raise WrongState("The page is locked.")
    if not page.has_workflow:
        raise WrongState("No review workflow applies to this page.")
    refuse_incomplete_citations(page)
    if page.get_latest_revision() is None:
        page.save_revision(user=user, log_action=True)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Resubmission after changes were requested continues the same workflow, as in the admin.
        state.resume(user)
    else:
        page.get_workflow().start(page, user)
    return page


@transaction.atomic
def act(page, user, action, comment="", **details):
    """Approve or reject the page's current review task. ``details`` are the action form's other
    fields: approving an analysis takes ``change`` ("minor" or "major") and ``what_changed``."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise WrongState("The page is not in review.")
    if action not in available_actions(page, user):
        raise NotAllowed(f"You are not a reviewer of the current task “{task_state.task.name}”.")
    if action == "approve":
        refuse_incomplete_citations(page)
    if action == "reject" and not comment.strip():
        raise WorkflowActionError("Say what must change: a rejection needs a comment.")
    task = task_state.task.specific
    fields = task.get_form_for_action(action).base_fields
    extra = {name: value for name, value in details.items() if name in fields}
    task.on_action(task_state, user, action, comment=comment.strip(), **extra)
    page.refresh_from_db()
    return page


def workflow_summary(page):
    """The page's current review state and its history, newest first."""
    state = page.current_workflow_state
    latest = state or WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    current_task = page.current_workflow_task
    history = []
    for workflow_state in (
        WorkflowState.objects.for_instance(page).order_by("-created_at").select_related("workflow", "requested_by")
    ):
        for task_state in workflow_state.task_states.select_related("task", "finished_by").order_by("-started_at"):
            history.append(
                {
                    "workflow": workflow_state.workflow.name,
                    "task": task_state.task.name,
                    "status": task_state.status,
                    "started_at": task_state.started_at,
                    "finished_at": task_state.finished_at,
                    "finished_by": task_state.finished_by.get_username() if task_state.finished_by else None,
                    "comment": task_state.comment,
                }
            )
    return {
        "page_id": page.pk,
        "workflow": (latest.workflow.name if latest else (page.get_workflow().name if page.has_workflow else None)),
        "status": latest.status if latest else None,
        "in_review": bool(state and state.status == WorkflowState.STATUS_IN_PROGRESS),
        "current_task": current_task.name if current_task else None,
        "requested_by": latest.requested_by.get_username() if latest and latest.requested_by else None,
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "history": history,
    }
