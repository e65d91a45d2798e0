"""Regression tests for what probing the API from outside found: 500s, and errors that were not problems.

Each test is named after what it guards. Every error under /api/ is ``application/problem+json``
with a stable ``type`` (``about:blank`` where the status says it all); a 5xx never carries exception text.
"""

import json
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import path
from wagtail.contrib.forms.models import FormSubmission

from countries.models import AnalysisPage
from tests.factories import AnalysisPageFactory, save_draft

from .conftest import bearer

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"]
    return problem


# Wagtail's ?search= on the pages, images and documents API ------------------------------------

SEARCH_VALUES = [
    "%00",
    "elec%00tions",
    "%09",
    "%20%20%20",
    "%0B",
    "%1F",
    "%C2%A0",
    "%C2%85",
    "%E2%80%A8",
    "%E3%80%80",
    "%22",  # SQLite: "unterminated string"
    "%22elections",
    "%C3%A9%22",
    "-",  # PostgreSQL: ts_rank(real[], tsvector, text) does not exist
    "--",
    "-%20-%20-",
]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("value", SEARCH_VALUES)
@pytest.mark.parametrize("operator", ["", "&search_operator=and", "&search_operator=or"])
def test_wagtail_api_search_of_odd_text_answers_200(client, endpoint, value, operator):
    response = client.get(f"/api/v3/{endpoint}/?search={value}{operator}")
    assert response.status_code == 200, response.content
    if "elections" not in value:
        assert response.json()["count"] == 0  # nothing but punctuation and spaces: nothing to search for


def test_wagtail_api_search_finds_words_around_nul_and_quotes(client, analysis):
    ids = {item["id"] for item in client.get('/api/v3/pages/?search="Kazakhstan%00').json()["items"]}
    assert analysis.pk in ids


def test_wagtail_api_search_of_blank_text_with_a_huge_offset_answers_200(client):
    response = client.get("/api/v3/images/?search=+&offset=624514354238717568&limit=23")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


# NUL and impossible references in other parameters -------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v3/pages/?locale=%00", "/api/v3/pages/?site=%00", "/api/v3/pages/find/?html_path=%00"]
)
def test_nul_in_a_parameter_is_a_400_problem(client, url):
    problem = assert_problem(client.get(url), 400)
    assert "NUL" in problem["detail"]


@pytest.mark.parametrize("site", ["a:b", "localhost:99999", "localhost:٣"])
def test_a_site_with_an_impossible_port_is_not_found(client, site):
    assert_problem(client.get("/api/v3/pages/find/", {"html_path": "/", "site": site}), 404)
    assert_problem(client.get("/api/v3/pages/", {"site": site}), 404)


@pytest.mark.parametrize("user_id", ["abc", "1.5", str(2**63)])
def test_a_revision_filter_by_an_impossible_user_id_is_not_found(client, analysis, superuser, user_id):
    response = client.get(f"/api/v3/pages/{analysis.pk}/revisions/", {"user_id": user_id}, headers=bearer(superuser))
    assert_problem(response, 404)


def test_a_revision_filter_by_a_real_user_id_still_filters(client, analysis, superuser):
    response = client.get(
        f"/api/v3/pages/{analysis.pk}/revisions/", {"user_id": str(superuser.pk)}, headers=bearer(superuser)
    )
    assert response.status_code == 200
    assert response.json()["count"] == 0  # the seed content was published by nobody


# The form submission endpoint ----------------------------------------------------------------


@pytest.fixture
def form_id(db):
    from contact.models import ConsultationFormPage

    return ConsultationFormPage.objects.live().get().pk


def test_deeply_nested_json_submission_is_a_400_problem(client, form_id, settings):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 100
    body = "[" * 3000 + "]" * 3000
    response = client.post(f"/api/v3/forms/{form_id}/submissions/", body, content_type="application/json")
    assert_problem(response, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_form_submission_requires_application_json(client, form_id, content_type):
    body = json.dumps({"name": "Ada"})
    response = client.generic("POST", f"/api/v3/forms/{form_id}/submissions/", body, content_type=content_type)
    problem = assert_problem(response, 415)
    assert "application/json" in problem["detail"]
    assert response["Accept-Post"] == "application/json"
    assert not FormSubmission.objects.exists()


def test_form_submission_accepts_json_with_a_charset(client, form_id):
    response = client.post(
        f"/api/v3/forms/{form_id}/submissions/", "{}", content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 400  # the answers are checked, not the media type
    assert "errors" in response.json()


# Errors Django and ninja answer themselves --------------------------------------------------


def test_method_not_allowed_is_a_problem_with_allow(client):
    response = client.delete("/api/v3/search/")
    problem = assert_problem(response, 405)
    assert response["Allow"] == "GET"
    assert problem["detail"] == "This endpoint allows GET."


def test_an_unknown_api_address_is_a_404_problem(client):
    assert_problem(client.get("/api/v3/no-such-endpoint/"), 404)
    assert_problem(client.get("/api/v2/pages/"), 404)


def test_a_page_outside_the_api_keeps_its_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def explode(request):
    raise RuntimeError("secret: /etc/passwd and a stack frame")


urlpatterns = [path("api/v3/explode/", explode)]


@pytest.mark.urls("tests.headless.test_api_errors")
@pytest.mark.parametrize("debug", [False, True])
def test_an_uncaught_exception_under_api_is_a_generic_500_problem(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/api/v3/explode/")
    problem = assert_problem(response, 500)
    assert "secret" not in response.content.decode()
    assert problem["detail"] == "The server could not answer this request. It has been logged."


def test_an_exception_inside_a_router_is_a_generic_500_problem(monkeypatch, settings):
    import search.api

    settings.DEBUG = True  # Wagtail's handler would put the exception's text in the detail
    monkeypatch.setattr(search.api, "run_search", explode)
    response = Client(raise_request_exception=False).get("/api/v3/search/")
    assert_problem(response, 500)
    assert "secret" not in response.content.decode()


# Drafts -----------------------------------------------------------------------------------------


def test_a_topic_only_a_draft_has_cannot_be_confirmed_by_its_slug(client, kazakhstan):
    draft = AnalysisPageFactory.build(title="Unpublished work", live=False)
    kazakhstan.add_child(instance=draft)
    draft = AnalysisPage.objects.get(pk=draft.pk)
    draft.topics.add("Secret Operation Zeta")
    save_draft(draft)
    draft.save()  # tags are stored on the page row, which an unpublished page has
    draft_topic = client.get("/api/v3/search/", {"topic": "secret-operation-zeta"})
    made_up = client.get("/api/v3/search/", {"topic": "made-up-topic-slug"})
    assert draft_topic.status_code == made_up.status_code == 200
    assert draft_topic.json() == made_up.json()
    page = client.get("/search/", {"topic": "secret-operation-zeta"})
    assert b"Secret Operation Zeta" not in page.content


def test_a_topic_of_a_live_analysis_filters(client, analysis):
    slug = analysis.topics.first().slug
    data = client.get("/api/v3/search/", {"topic": slug}).json()
    assert data["messages"] == []
    assert [result["id"] for result in data["results"]] == [analysis.pk]


def test_a_draft_with_an_editors_token_is_the_latest_revision(client, analysis, superuser):
    analysis.title = "Revised title"
    save_draft(analysis)
    response = client.get(f"/api/v3/pages/{analysis.pk}/", {"version": "draft"}, headers=bearer(superuser))
    assert response.status_code == 200
    assert response.json()["title"] == "Revised title"


# The OpenAPI document says what the endpoints really do -----------------------------------------


def test_every_operation_documents_the_errors_it_can_give(client):
    document = client.get("/api/v3/openapi.json").json()
    for path_, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "404", "422"} <= set(responses), (method, path_)
            if any("BearerTokenAuth" in requirement for requirement in operation.get("security", [])):
                assert {"401", "403"} <= set(responses), (method, path_)
            if method in {"post", "put", "patch"}:
                assert {"413", "415"} <= set(responses), (method, path_)
            for status, response in responses.items():
                if status[0] in "45":
                    assert list(response["content"]) == [PROBLEM], (method, path_, status)
    submit = document["paths"]["/api/v3/forms/{page_id}/submissions/"]["post"]["responses"]
    assert {"413", "415", "429"} <= set(submit)


def test_limit_and_offset_state_the_enforced_maximum(client):
    document = client.get("/api/v3/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v3/pages/"]["get"]["parameters"]}
    assert parameters["limit"]["maximum"] == 50
    assert parameters["offset"]["maximum"] == 2**63 - 1
    assert client.get("/api/v3/pages/?limit=50").status_code == 200
    assert_problem(client.get("/api/v3/pages/?limit=51"), 400)


@pytest.mark.parametrize("pk", ["'", "abc", "1.5", str(2**64)])
@pytest.mark.parametrize("action", ["", "revisions/"])
def test_a_snippet_key_its_model_cannot_have_is_not_found(client, superuser, pk, action):
    response = client.get(f"/api/v3/snippets/countries.Expert/{quote(pk)}/{action}", headers=bearer(superuser))
    assert_problem(response, 404)
    response = client.delete(f"/api/v3/snippets/countries.Expert/{quote(pk)}/", headers=bearer(superuser))
    assert_problem(response, 404)


def test_experts_are_listed_in_the_snippets_api_with_a_token(client, superuser):
    from tests.factories import ExpertFactory

    expert = ExpertFactory(name="Dr Ada Example")
    response = client.get("/api/v3/snippets/countries.Expert/", headers=bearer(superuser))
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["Dr Ada Example"]
    response = client.get(f"/api/v3/snippets/countries.Expert/{expert.pk}/", headers=bearer(superuser))
    assert response.json()["role"] == expert.role
    assert_problem(client.get("/api/v3/snippets/countries.Expert/"), 401)


@pytest.mark.parametrize("name", ["ancestor_of", "child_of", "descendant_of", "translation_of"])
def test_a_filter_naming_a_page_that_does_not_exist_is_not_found(client, name):
    problem = assert_problem(client.get("/api/v3/pages/", {name: "999999"}), 404)
    assert problem["detail"] == f"No Page matches the given {name} value."


def test_other_validation_errors_stay_422_with_their_errors(client):
    problem = assert_problem(client.get("/api/v3/pages/", {"limit": "0"}), 422)
    assert problem["errors"][0]["loc"] == ["query", "limit"]
    assert "input" not in problem["errors"][0]


def test_order_names_the_fields_each_list_endpoint_sorts_by(client):
    document = client.get("/api/v3/openapi.json").json()
    for path_ in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/", "/api/v3/redirects/"):
        order = next(p for p in document["paths"][path_]["get"]["parameters"] if p["name"] == "order")
        names = order["schema"]["anyOf"][1]["items"]["enum"]
        assert "title" in names or "old_path" in names, path_
        for name in names:
            assert client.get(path_, {"order": name}).status_code == 200, (path_, name)
    assert_problem(client.get("/api/v3/pages/", {"order": "no_such_field"}), 422)


def test_the_served_document_names_each_status_once(client):
    # Integer and text keys for one status made Swagger UI refuse the document ("duplicated mapping key").
    duplicates = []

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicates.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v3/openapi.json").content, object_pairs_hook=no_duplicates)
    assert duplicates == []
