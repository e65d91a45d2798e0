"""Writes with a token: what the OpenAPI document allows is accepted, what it forbids is refused with the
status a client can act on (headless/openapi_write_rules.py, body_validation.py, problems.py)."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from countries.models import Expert

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db):
    return bearer(get_user_model().objects.create_superuser("writer", "writer@example.org", "pw"))


def post(client, path, body, token):
    return client.post(path, json.dumps(body), content_type="application/json", headers=token)


def openapi(client):
    # In the test itself, not a fixture, so that mutation testing sees which code each test runs.
    return client.get("/api/v3/openapi.json").json()


def test_an_expert_needs_a_name_that_is_not_blank(client, token):
    for name in ["", "   "]:
        response = post(client, "/api/v3/snippets/countries.Expert/", {"name": name}, token)
        assert response.status_code == 422, name
        assert response["Content-Type"] == "application/problem+json"
    assert not Expert.objects.exists()
    created = post(client, "/api/v3/snippets/countries.Expert/", {"name": "Dr A. Researcher", "role": "Editor"}, token)
    assert created.status_code == 201
    assert Expert.objects.get().role == "Editor"


def test_a_snippet_body_may_leave_its_type_to_the_url(client, token):
    assert post(client, "/api/v3/snippets/countries.Expert/", {"name": "A", "meta": {}}, token).status_code == 201


def test_a_body_is_checked_against_the_document_not_coerced(client, token):
    # Wagtail's schema would read 0 as false; the document says boolean.
    response = post(client, "/api/v3/redirects/", {"old_path": "/old", "is_permanent": 0}, token)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "is_permanent"]
    assert not Redirect.objects.exists()


def test_a_nul_character_anywhere_in_a_body_is_refused(client, token):
    for body in ({"old_path": "/a\x00b"}, {"old_path": "/a", "redirect_link": ["x\x00"]}, {"k\x00": 1}):
        response = post(client, "/api/v3/redirects/", body, token)
        assert response.status_code == 400
        assert "NUL" in response.json()["detail"]
    assert not Redirect.objects.exists()


def test_a_write_naming_an_object_that_does_not_exist_is_not_found(client, token):
    response = post(client, "/api/v3/redirects/", {"old_path": "/old", "site": 999999}, token)
    assert response.status_code == 404
    assert response.json()["detail"] == "No object matches the given site."


def test_a_write_clashing_with_what_exists_is_a_conflict(client, token):
    assert post(client, "/api/v3/redirects/", {"old_path": "/taken"}, token).status_code == 201
    assert post(client, "/api/v3/redirects/", {"old_path": "/taken"}, token).status_code == 409
    root = Page.objects.get(depth=2)
    second_default = {"hostname": "other.example", "root_page_id": root.pk, "is_default_site": True}
    response = post(client, "/api/v3/sites/", second_default, token)
    assert response.status_code == 409
    assert "already configured as the default site" in response.json()["detail"]
    assert Site.objects.count() == 1
    # A missing root page is the first thing to fix: not found, even with the default-site clash.
    assert post(client, "/api/v3/sites/", {**second_default, "root_page_id": 999999}, token).status_code == 404


def test_the_document_states_the_text_rules(client):
    document = openapi(client)
    expert = document["components"]["schemas"]["ExpertCreateSchema"]["properties"]
    assert expert["name"]["minLength"] == 1
    assert expert["name"]["pattern"] == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
    assert expert["role"]["anyOf"][0]["pattern"] == "^[^\\u0000]*$"
    patch = document["components"]["schemas"]["ExpertPatchSchema"]["properties"]
    assert patch["name"]["anyOf"][0]["minLength"] == 1  # may be left out, not emptied
    copy = document["components"]["schemas"]["PageCopySchema"]["properties"]
    assert copy["slug"]["anyOf"][0]["pattern"] == "^[-\\w]+$"
    find = {p["name"]: p for p in document["paths"]["/api/v3/redirects/find/"]["get"]["parameters"]}
    assert find["html_path"]["schema"]["anyOf"][0]["pattern"] == "^[^\\u0000]*$"
    search = {p["name"]: p for p in document["paths"]["/api/v3/pages/"]["get"]["parameters"]}
    assert "pattern" not in json.dumps(search["search"]["schema"])  # free text: NUL is cleaned, not refused


def test_the_document_states_the_upload_rules(client):
    document = openapi(client)
    images = document["paths"]["/api/v3/images/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "image/png" in images["encoding"]["file"]["contentType"]
    properties = images["schema"]["properties"]
    assert properties["collection_id"] == {"title": "Collection", "type": "integer"}  # no null in a form field
    assert properties["focal_point_x"]["minimum"] == 0
    documents = document["paths"]["/api/v3/documents/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert "application/pdf" in documents["encoding"]["file"]["contentType"]
    assert "image/png" not in documents["encoding"]["file"]["contentType"]


def test_every_write_with_a_token_documents_a_conflict_and_the_form_does_not(client):
    document = openapi(client)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "put", "patch"} and not path.startswith("/api/v3/forms/"):
                assert "409" in operation["responses"], (method, path)
    assert "409" not in document["paths"]["/api/v3/forms/{page_id}/submissions/"]["post"]["responses"]


def test_the_snippet_listing_offers_no_translation_filters_when_no_snippet_is_translatable(client):
    document = openapi(client)
    names = {p["name"] for p in document["paths"]["/api/v3/snippets/{type}/"]["get"]["parameters"]}
    assert not names & {"locale", "translation_of"}
    assert "order" in names


def test_an_allowed_extension_without_a_known_media_type_is_named_octet_stream(client, settings):
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "zzz"]
    document = openapi(client)
    documents = document["paths"]["/api/v3/documents/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert documents["encoding"]["file"]["contentType"] == "application/octet-stream, application/pdf"


def test_every_focal_point_field_is_documented_as_not_negative(client):
    document = openapi(client)
    images = document["paths"]["/api/v3/images/"]["post"]["requestBody"]["content"]["multipart/form-data"]
    focal = {name: schema for name, schema in images["schema"]["properties"].items() if name.startswith("focal_point_")}
    assert set(focal) == {"focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"}
    assert all(schema["minimum"] == 0 for schema in focal.values())
    assert "minimum" not in images["schema"]["properties"]["collection_id"]
