"""Workflow endpoints on the v3 API: read a page's review state, submit, approve, reject."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Field, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page

from . import workflow

router = Router(tags=["workflow"], auth=BearerTokenAuth())

# Submitting a page already in review, or approving or rejecting one that is not (workflow.WrongState).
CONFLICT = {
    "responses": {
        "409": {
            "description": "Conflict: the page is not in the review state this action needs.",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
    }
}


class TaskHistoryEntry(Schema):
    workflow: str
    task: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    finished_by: str | None
    comment: str


class WorkflowStateSchema(Schema):
    page_id: int
    workflow: str | None
    status: str | None
    in_review: bool
    current_task: str | None
    requested_by: str | None
    live: bool
    has_unpublished_changes: bool
    history: list[TaskHistoryEntry]


class CommentBody(Schema):
    comment: str = ""


class ApprovalBody(Schema):
    comment: str = ""
    change: Literal["minor", "major"] = Field(
        "minor", description="For an analysis: the version this publication makes (1.0 → 1.1, or → 2.0)."
    )
    what_changed: str = Field("", max_length=2000, description="For an analysis: shown to readers with the version.")


def _editable_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not (workflow.can_edit(page, request.user) or workflow.available_actions(page, request.user)):
        raise HttpError(403, "You may not edit or review this page.")
    return page


def _run(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except workflow.WorkflowActionError as error:
        raise HttpError(error.status, str(error)) from error


@router.get("/{page_id}/workflow/", response=WorkflowStateSchema, summary="Review state of a page")
def get_workflow(request: HttpRequest, page_id: int):
    return workflow.workflow_summary(_editable_page(request, page_id))


@router.post(
    "/{page_id}/actions/submit/",
    response=WorkflowStateSchema,
    summary="Submit a page for review",
    openapi_extra=CONFLICT,
)
def submit(request: HttpRequest, page_id: int):
    page = _editable_page(request, page_id)
    _run(workflow.submit, page, request.user)
    return workflow.workflow_summary(page)


@router.post(
    "/{page_id}/actions/approve/",
    response=WorkflowStateSchema,
    summary="Approve the current review task",
    openapi_extra=CONFLICT,
)
def approve(request: HttpRequest, page_id: int, data: ApprovalBody = Body(ApprovalBody())):  # noqa: B008
    page = _editable_page(request, page_id)
    page = _run(workflow.act, page, request.user, "approve", data.comment, **data.dict(exclude={"comment"}))
    return workflow.workflow_summary(page)


@router.post(
    "/{page_id}/actions/reject/",
    response=WorkflowStateSchema,
    summary="Reject the current review task with a comment",
    openapi_extra=CONFLICT,
)
def reject(request: HttpRequest, page_id: int, data: CommentBody = Body(CommentBody())):  # noqa: B008
    page = _editable_page(request, page_id)
    page = _run(workflow.act, page, request.user, "reject", data.comment)
    return workflow.workflow_summary(page)
