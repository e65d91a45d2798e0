"""Review e-mails: who is told what when an analysis moves through review.

Wagtail's own notifiers leave the reviewer's comment out of some messages (wagtail#7542) and
tell nobody when a later step rejects (wagtail#10196); ours replace them. Recipients are only
the people the page concerns: the approvers of the task it waits on, and the person who
submitted it. Nobody is told of their own action.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task
from wagtail.admin import signal_handlers as wagtail_handlers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_rejected, task_submitted, workflow_approved, workflow_rejected

logger = logging.getLogger(__name__)


def _admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def _deliverable(users, exclude=None):
    return [user for user in users if user.is_active and user.email and (exclude is None or user.pk != exclude.pk)]


@task()
def send_review_email(subject, body, recipient):
    """One review e-mail, sent by the task worker (never inside the reviewer's request)."""
    send_mail(subject, body, None, [recipient])


def _send(template, recipients, context):
    for recipient in recipients:
        message_context = {**context, "recipient": recipient}
        subject = render_to_string(f"editorial/email/{template}_subject.txt", message_context).strip()
        body = render_to_string(f"editorial/email/{template}.txt", message_context)
        try:
            # Queued in the decision's own transaction (the database backend): no mail for a decision
            # that was rolled back, and a slow mail server never holds the reviewer's request.
            send_review_email.enqueue(subject, body, recipient.email)
        except Exception:
            # A mail outage must not undo a review decision; the decision is in the audit log.
            logger.exception("Could not send review e-mail %r for page %s", template, context["page"].pk)


def _page_context(page, **extra):
    return {
        "page": page,
        "edit_url": _admin_url("wagtailadmin_pages:edit", page.pk),
        "preview_url": _admin_url("wagtailadmin_pages:view_draft", page.pk),
        **extra,
    }


def approvers_of(task):
    groups = getattr(task.specific, "groups", None)
    if groups is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(groups__in=groups.all()).distinct()


def notify_reviewers(sender, instance, user=None, **kwargs):
    """A page reached a review task: tell that task's approvers."""
    task_state = instance
    page = task_state.workflow_state.content_object.specific
    recipients = _deliverable(approvers_of(task_state.task), exclude=user)
    _send(
        "submitted",
        recipients,
        _page_context(page, task=task_state.task, submitter=task_state.workflow_state.requested_by),
    )


def notify_author_of_rejection(sender, instance, user=None, **kwargs):
    """Any step rejected the page: tell the person who submitted it, with the reviewer's comment."""
    task_state = instance
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    author = workflow_state.requested_by
    recipients = _deliverable([author] if author else [], exclude=user)
    _send(
        "rejected",
        recipients,
        _page_context(page, task=task_state.task, reviewer=user, comment=task_state.comment),
    )


def notify_author_of_approval(sender, instance, user=None, **kwargs):
    """The whole workflow approved the page: tell its submitter, with every approval comment."""
    workflow_state = instance
    page = workflow_state.content_object.specific
    author = workflow_state.requested_by
    comments = [
        (task_state.task.name, task_state.finished_by, task_state.comment)
        for task_state in workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .select_related("task", "finished_by")
        .order_by("started_at")
        if task_state.comment
    ]
    recipients = _deliverable([author] if author else [], exclude=user)
    _send("approved", recipients, _page_context(page, reviewer=user, comments=comments))


def connect():
    """Swap Wagtail's workflow e-mails for ours."""
    task_submitted.disconnect(
        wagtail_handlers.task_submission_email_notifier,
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
    )
    for signal, notifier, uid in [
        (
            workflow_approved,
            wagtail_handlers.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
        (
            workflow_rejected,
            wagtail_handlers.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
    ]:
        signal.disconnect(notifier, sender=WorkflowState, dispatch_uid=uid)

    # GroupApprovalTaskState is the specific sender of task signals; listen to every sender.
    task_submitted.connect(notify_reviewers, dispatch_uid="editorial_notify_reviewers")
    task_rejected.connect(notify_author_of_rejection, dispatch_uid="editorial_notify_author_of_rejection")
    workflow_approved.connect(
        notify_author_of_approval, sender=WorkflowState, dispatch_uid="editorial_notify_author_of_approval"
    )
    # An approved task needs no mail of its own: the next task's submission or the workflow's approval follows.
