"""Every error status the API gives is an RFC 9457 problem document with a stable ``type``.

One request per status, each a real way a client meets it; the body says the same status, the HTTP
reason phrase as ``title``, and ``type`` is ``about:blank`` (the status says it all).
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import path

# The 429 case fills the form's counter for this client address: the contact tests' fixture clears it.
from tests.contact.conftest import fresh_rate_limits  # noqa: F401 - autouse fixture
from tests.headless.test_api_errors import explode

from .conftest import bearer

pytestmark = pytest.mark.django_db

urlpatterns = [path("api/v3/explode/", explode)]


@pytest.fixture
def form_id(db):
    from contact.models import ConsultationFormPage

    return ConsultationFormPage.objects.live().get().pk


def submit(client, form_id, body="{}", content_type="application/json"):
    return client.generic("POST", f"/api/v3/forms/{form_id}/submissions/", body, content_type=content_type)


REQUESTS = {
    400: lambda client, ctx: client.get("/api/v3/pages/?locale=%00"),
    401: lambda client, ctx: client.get("/api/v3/snippets/countries.Expert/"),
    403: lambda client, ctx: client.get(f"/api/v3/preview/{ctx['analysis'].pk}/", {"token": "forged"}),
    404: lambda client, ctx: client.get("/api/v3/pages/999999/"),
    405: lambda client, ctx: client.put("/api/v3/search/"),
    409: lambda client, ctx: client.post(
        f"/api/v3/pages/{ctx['analysis'].pk}/actions/approve/",
        {},
        content_type="application/json",
        headers=ctx["token"],
    ),
    413: lambda client, ctx: submit(client, ctx["form_id"], "{" + " " * 70_000 + "}"),
    415: lambda client, ctx: submit(client, ctx["form_id"], "name=Ada", "text/plain"),
    422: lambda client, ctx: client.get("/api/v3/pages/?limit=0"),
    429: lambda client, ctx: [submit(client, ctx["form_id"]) for _ in range(3)][-1],
}


@pytest.mark.parametrize("status", sorted(REQUESTS))
def test_each_error_status_is_a_problem_document(client, analysis, superuser, form_id, settings, status):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 2
    ctx = {"analysis": analysis, "form_id": form_id, "token": bearer(superuser)}
    response = REQUESTS[status](client, ctx)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert problem["status"] == status
    assert problem["title"] == HTTPStatus(status).phrase


@pytest.mark.urls("tests.headless.test_problem_statuses")
def test_500_is_a_problem_document_without_the_exception(settings):
    response = Client(raise_request_exception=False).get("/api/v3/explode/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "The server could not answer this request. It has been logged.",
    }
