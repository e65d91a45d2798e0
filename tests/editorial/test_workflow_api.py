import pytest
from django.core import mail

from countries.models import AnalysisPage


def post(client, url, headers, data=None, **kwargs):
    return client.post(url, data=data or {}, content_type="application/json", **headers, **kwargs)


def submit_url(page):
    return f"/api/v3/pages/{page.pk}/actions/submit/"


def test_researcher_submits_and_editor_reads_the_state(client, draft_analysis, researcher, editor, token_for):
    response = post(client, submit_url(draft_analysis), token_for(researcher))
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["in_review"] is True
    assert state["current_task"] == "Editor approval"
    assert state["requested_by"] == "rita"
    assert state["workflow"] == "Editorial review"

    response = client.get(f"/api/v3/pages/{draft_analysis.pk}/workflow/", **token_for(editor))
    assert response.status_code == 200
    assert response.json()["history"][0]["status"] == "in_progress"


def test_reject_with_comment_then_resubmit_then_approve_publishes(
    client, draft_analysis, researcher, editor, token_for
):
    post(client, submit_url(draft_analysis), token_for(researcher))
    response = post(
        client,
        f"/api/v3/pages/{draft_analysis.pk}/actions/reject/",
        token_for(editor),
        {"comment": "Cite the 2024 OSCE report."},
    )
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["status"] == "needs_changes"
    assert state["in_review"] is False
    assert state["history"][0]["comment"] == "Cite the 2024 OSCE report."

    assert post(client, submit_url(draft_analysis), token_for(researcher)).status_code == 200
    response = post(client, f"/api/v3/pages/{draft_analysis.pk}/actions/approve/", token_for(editor), {"comment": ""})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert AnalysisPage.objects.get(pk=draft_analysis.pk).live


def test_researcher_may_not_approve_or_reject(client, draft_analysis, researcher, token_for):
    headers = token_for(researcher)
    post(client, submit_url(draft_analysis), headers)
    for action in ("approve", "reject"):
        response = post(client, f"/api/v3/pages/{draft_analysis.pk}/actions/{action}/", headers, {"comment": "x"})
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    assert not AnalysisPage.objects.get(pk=draft_analysis.pk).live


def test_wrong_state_is_a_conflict(client, draft_analysis, researcher, editor, token_for):
    assert post(client, f"/api/v3/pages/{draft_analysis.pk}/actions/approve/", token_for(editor)).status_code == 409
    post(client, submit_url(draft_analysis), token_for(researcher))
    response = post(client, submit_url(draft_analysis), token_for(researcher))
    assert response.status_code == 409
    assert "already in review" in response.json()["detail"]


def test_rejection_needs_a_comment(client, draft_analysis, researcher, editor, token_for):
    post(client, submit_url(draft_analysis), token_for(researcher))
    response = post(client, f"/api/v3/pages/{draft_analysis.pk}/actions/reject/", token_for(editor), {"comment": " "})
    assert response.status_code == 400
    assert AnalysisPage.objects.get(pk=draft_analysis.pk).current_workflow_task_state is not None


def test_unknown_page_is_404_and_missing_token_is_401(client, researcher, token_for):
    assert post(client, "/api/v3/pages/999999/actions/submit/", token_for(researcher)).status_code == 404
    assert client.get("/api/v3/pages/999999/workflow/", **token_for(researcher)).status_code == 404
    assert client.post("/api/v3/pages/1/actions/submit/").status_code == 401
    assert client.get("/api/v3/pages/1/workflow/", HTTP_AUTHORIZATION="Bearer wagtail_nonsense").status_code == 401


def test_intake_may_not_read_or_submit(client, draft_analysis, intake, token_for):
    assert client.get(f"/api/v3/pages/{draft_analysis.pk}/workflow/", **token_for(intake)).status_code == 403
    assert post(client, submit_url(draft_analysis), token_for(intake)).status_code == 403


@pytest.mark.parametrize("body", ["not json", '{"comment": 5}', "[]", '{"comment": "' + "x" * 10 + '"'])
def test_bad_bodies_are_4xx_never_500(client, draft_analysis, researcher, editor, token_for, body):
    post(client, submit_url(draft_analysis), token_for(researcher))
    response = client.post(
        f"/api/v3/pages/{draft_analysis.pk}/actions/reject/",
        data=body,
        content_type="application/json",
        **token_for(editor),
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_wagtail_publish_actions_refuse_researchers(client, analysis, draft_analysis, researcher, token_for, action):
    target = draft_analysis if action == "publish" else analysis
    response = post(client, f"/api/v3/pages/{target.pk}/actions/{action}/", token_for(researcher))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.live is (action == "unpublish")


def test_editor_may_publish_through_wagtails_action(client, draft_analysis, editor, token_for):
    response = post(client, f"/api/v3/pages/{draft_analysis.pk}/actions/publish/", token_for(editor))
    assert response.status_code == 200
    assert AnalysisPage.objects.get(pk=draft_analysis.pk).live


def test_researcher_copy_through_the_api_never_publishes(client, analysis, kazakhstan, researcher, token_for):
    response = post(
        client,
        f"/api/v3/pages/{analysis.pk}/actions/copy/",
        token_for(researcher),
        {"destination_id": kazakhstan.pk, "slug": "copied-analysis", "keep_live": True},
    )
    copy = AnalysisPage.objects.filter(slug="copied-analysis").first()
    assert response.status_code in (201, 200, 403), response.content
    assert copy is None or not copy.live


def test_workflow_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for path in (
        "/api/v3/pages/{page_id}/workflow/",
        "/api/v3/pages/{page_id}/actions/submit/",
        "/api/v3/pages/{page_id}/actions/approve/",
        "/api/v3/pages/{page_id}/actions/reject/",
    ):
        assert path in paths
    assert mail.outbox == []
