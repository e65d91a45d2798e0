"""The request guard's refusals, each pinned: its status, its words, and the value just inside it."""

import json

import pytest
from django.contrib.auth import get_user_model

from headless.request_guard import MAX_OFFSET

from .conftest import bearer

LARGEST_KEY = "9223372036854775807"  # 2**63 - 1, pinned rather than read from the module


@pytest.fixture
def token(db):
    return bearer(get_user_model().objects.create_superuser("guard", "guard@example.org", "pw"))


def problem(response):
    assert response["Content-Type"] == "application/problem+json", response.content
    return response.status_code, response.json()["detail"]


def test_the_largest_offset_is_pinned():
    assert int(LARGEST_KEY) == MAX_OFFSET


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ("a%00b=1", 400, "A query parameter name contains a NUL character."),
        ("locale=%00", 400, "“locale” contains a NUL character."),
        ("offset=9223372036854775808", 400, "offset cannot be higher than 9223372036854775807"),
        ("site=localhost:65536", 404, "No site matches the given site value."),
        ("site=localhost:x:80", 404, "No site matches the given site value."),
    ],
)
def test_an_unusable_query_parameter_is_refused_with_its_reason(client, query, status, detail):
    assert problem(client.get(f"/api/v3/pages/?{query}")) == (status, detail)


@pytest.mark.django_db
def test_an_unknown_user_id_on_a_revision_filter_is_not_found(client, analysis, token):
    response = client.get(f"/api/v3/pages/{analysis.pk}/revisions/?user_id=abc", headers=token)
    assert problem(response) == (404, "No user matches the given user_id value.")


@pytest.mark.django_db
def test_the_values_just_inside_each_bound_reach_wagtail(client):
    assert client.get(f"/api/v3/pages/?offset={LARGEST_KEY}").json()["items"] == []
    for site in ("localhost:65535", "localhost"):
        response = client.get(f"/api/v3/pages/?site={site}")
        assert response.json().get("detail") != "No site matches the given site value.", site


@pytest.mark.django_db
def test_a_path_id_no_row_can_have_is_not_found_by_the_guard(client, token):
    for value in ("abc", "9223372036854775808"):
        response = client.post(f"/api/v3/pages/{value}/actions/publish/", headers=token)
        assert problem(response) == (404, f"No object has the page_id {value!r}.")
    # The largest key is looked up by Wagtail, which finds no such page.
    response = client.post(f"/api/v3/pages/{LARGEST_KEY}/actions/publish/", headers=token)
    assert response.status_code == 404
    assert response.json()["detail"] != f"No object has the page_id {LARGEST_KEY!r}."


@pytest.mark.django_db
def test_reading_the_tree_root_with_a_token_is_not_refused_as_a_change(client, token):
    response = client.get("/api/v3/pages/1/", headers=token)
    assert response.json().get("detail") != "The root of the page tree cannot be changed."


@pytest.mark.django_db
def test_an_anonymous_draft_is_refused_with_a_bearer_challenge(client, analysis):
    response = client.get(f"/api/v3/pages/{analysis.pk}/?version=draft")
    assert problem(response) == (401, "Drafts need a bearer token whose user may edit the page.")
    assert response["WWW-Authenticate"] == "Bearer"
    # Outside the pages endpoints "version" means nothing to the guard.
    assert client.get("/api/v3/images/?version=draft").status_code == 200


def post_page(client, token, body, content_type="application/json"):
    return client.post("/api/v3/pages/", body, content_type=content_type, headers=token)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("{", "The body is not valid JSON."),
        ("[1]", "Send the body as a JSON object."),
        ('{"title": "a\\u0000b"}', "The body contains a NUL character."),
        ('{"a": ' + "[" * 300 + '"\\u0000"' + "]" * 300 + "}", "The body contains a NUL character."),
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "The body is not valid JSON."),
    ],
)
def test_an_unusable_json_body_is_refused_with_its_reason(client, token, body, detail):
    assert problem(post_page(client, token, body)) == (400, detail)


@pytest.mark.django_db
def test_a_body_against_the_document_is_unprocessable(client, token):
    response = post_page(client, token, json.dumps({"title": 5}))
    assert problem(response) == (422, "The body does not match the API's OpenAPI document.")


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_in_a_media_type_the_operation_does_not_take_is_refused(client, token, content_type):
    response = post_page(client, token, "[1]", content_type=content_type)
    assert problem(response) == (415, "Send the body as application/json.")


@pytest.mark.django_db
def test_an_upload_is_asked_for_as_multipart_form_data(client, token):
    response = client.post("/api/v3/images/", "[1]", content_type="text/plain", headers=token)
    assert problem(response) == (415, "Send the body as multipart/form-data.")


@pytest.mark.django_db
def test_without_a_token_an_odd_media_type_is_refused_for_want_of_one(client):
    assert client.post("/api/v3/pages/", "[1]", content_type="text/plain").status_code == 401


@pytest.mark.django_db
def test_a_long_path_id_is_quoted_only_in_part(client, token):
    response = client.post(f"/api/v3/pages/{'x' * 60}/actions/publish/", headers=token)
    assert problem(response) == (404, f"No object has the page_id {'x' * 40!r}.")


@pytest.mark.django_db
def test_a_read_with_a_body_is_not_judged_by_it(client, token):
    response = client.generic("GET", "/api/v3/pages/", "[1]", content_type="application/json", headers=token)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_form_endpoint_reads_its_own_body_after_its_rate_limit(client, token):
    from contact.models import ConsultationFormPage

    form = ConsultationFormPage.objects.get()
    response = client.post(f"/api/v3/forms/{form.pk}/submissions/", "[1]", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] != "Send the body as a JSON object."  # the form's own answer


def test_a_documented_path_matches_its_own_addresses_only():
    from headless.body_validation import _path_pattern

    pattern = _path_pattern("/api/v3/pages/{page_id}/actions/copy/")
    assert pattern.match("/api/v3/pages/70/actions/copy/")
    assert pattern.match("/api/v3/pages/x.y/actions/copy/")
    assert not pattern.match("/api/v3/pages/70/8/actions/copy/")  # one segment per parameter
    assert not pattern.match("/api/v3/pages/70/actions/copy/x")  # anchored at the end
    assert not pattern.match("/v/api/v3/pages/70/actions/copy/")  # and at the start
    assert not pattern.match("/api/v3/pages//actions/copy/")
    assert _path_pattern("/api/v3/a.b/").match("/api/v3/a.b/")
    assert not _path_pattern("/api/v3/a.b/").match("/api/v3/axb/")  # the path's own text is literal


def test_media_types_are_read_from_the_document_per_operation():
    from headless.body_validation import documented_media_types, request_media_types

    request_media_types.cache_clear()  # built here, not reused from an earlier test
    assert documented_media_types("POST", "/api/v3/images/") == {"multipart/form-data"}
    assert documented_media_types("POST", "/api/v3/pages/") == {"application/json"}
    assert documented_media_types("GET", "/api/v3/pages/") == set()
    assert documented_media_types("POST", "/api/v3/nowhere/") == set()


def test_body_errors_are_read_from_the_document_per_operation():
    from headless.body_validation import body_errors, body_validators

    body_validators.cache_clear()  # built here, not reused from an earlier test
    errors = body_errors("POST", "/api/v3/redirects/", {"old_path": 5, "is_permanent": "yes"})
    assert errors == [
        {"type": "type", "loc": ["body", "is_permanent"], "msg": "'yes' is not of type 'boolean'"},
        {"type": "type", "loc": ["body", "old_path"], "msg": "5 is not of type 'string'"},
    ]
    assert body_errors("POST", "/api/v3/nowhere/", {"title": 5}) == []
    assert body_errors("PUT", "/api/v3/redirects/", {"old_path": 5}) == []
