"""The exact answers of the API hardening code: problem details, conflicts, the tree root, odd values."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from wagtail.models import Page

from countries.models import RegionPage
from headless.problems import as_problem, clashes_with_what_exists, names_a_missing_object
from headless.public_url import RequestBaseURL

from .conftest import bearer


@pytest.fixture
def token(db):
    return bearer(get_user_model().objects.create_superuser("hardener", "hardener@example.org", "pw"))


def problem_of(status, **headers):
    response = HttpResponse("<h1>Error</h1>", status=status)
    for name, value in headers.items():
        response[name] = value
    problem = as_problem(response)
    return problem, json.loads(problem.content)


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        (400, "The request could not be read."),
        (404, "No API endpoint answers at this address."),
        (413, "The request body is too large."),
        (500, "The server could not answer this request. It has been logged."),
        (502, "The server could not answer this request. It has been logged."),
        (418, ""),
        (499, ""),
    ],
)
def test_each_rewritten_error_says_what_its_status_means(status, detail):
    problem, body = problem_of(status)
    assert problem.status_code == status
    assert problem["Content-Type"] == "application/problem+json"
    assert body["detail"] == detail


def test_a_405_names_the_methods_the_endpoint_allows():
    problem, body = problem_of(405, Allow="GET, HEAD")
    assert body["detail"] == "This endpoint allows GET, HEAD."
    assert problem["Allow"] == "GET, HEAD"
    assert problem_of(405)[1]["detail"] == ""


def test_only_a_405_is_described_by_its_allow_header():
    problem, body = problem_of(404, Allow="GET")
    assert body["detail"] == "No API endpoint answers at this address."
    assert problem["Allow"] == "GET"  # kept for the client all the same


@pytest.mark.parametrize(
    ("error", "clash"),
    [
        ({"type": "unique", "loc": ["slug"], "msg": "Must be unique."}, True),
        ({"type": "unique_together", "loc": ["__all__"], "msg": "Must be unique together."}, True),
        ({"type": "invalid", "loc": ["slug"], "msg": "Page with this Slug already exists."}, True),
        ({"type": "invalid", "loc": ["__all__"], "msg": "A redirect with this path already exists."}, True),
        ({"type": "", "loc": [], "msg": "The slug 'a' is already in use within the parent page at '/x/'."}, True),
        ({"type": "invalid", "loc": ["is_default_site"], "msg": "localhost is already the default."}, True),
        ({"type": "required", "loc": ["title"], "msg": "This field is required."}, False),
        ({"type": "invalid", "loc": ["slug"], "msg": "Enter a valid slug."}, False),
    ],
)
def test_what_counts_as_a_clash_with_what_exists(error, clash):
    assert clashes_with_what_exists(error) is clash


def test_only_a_model_choice_with_no_such_object_is_a_missing_object():
    assert names_a_missing_object(
        {"type": "invalid_choice", "msg": "Select a valid choice. That choice is not one of the available choices."}
    )
    # A plain choice field says which value it refused: that is a bad value, not a missing object.
    assert not names_a_missing_object(
        {"type": "invalid_choice", "msg": "Select a valid choice. x is not one of the available choices."}
    )
    assert not names_a_missing_object(
        {"type": "required", "msg": "Select a valid choice. That choice is not one of the available choices."}
    )


@pytest.mark.django_db
def test_copying_a_page_onto_a_slug_taken_under_the_parent_is_a_conflict(client, analysis, kazakhstan, token):
    body = {"destination_id": kazakhstan.pk, "slug": analysis.slug}
    response = client.post(
        f"/api/v3/pages/{analysis.pk}/actions/copy/", json.dumps(body), content_type="application/json", headers=token
    )
    assert response.status_code == 409
    assert "already in use within the parent page" in response.json()["detail"]


@pytest.mark.django_db
def test_a_page_patch_with_fields_every_page_type_has_is_accepted(client, analysis, token):
    response = client.patch(
        f"/api/v3/pages/{analysis.pk}/",
        json.dumps({"seo_title": "Kazakhstan: political freedoms"}),
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 200, response.content
    draft = Page.objects.get(pk=analysis.pk).latest_revision
    assert draft.content["seo_title"] == "Kazakhstan: political freedoms"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["move", "copy", "create_alias"])
def test_the_root_of_the_page_tree_cannot_be_moved_copied_or_aliased(client, kazakhstan, token, action):
    root = Page.objects.get(depth=1)
    response = client.post(
        f"/api/v3/pages/{root.pk}/actions/{action}/",
        json.dumps({"destination_id": kazakhstan.pk}),
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "The root of the page tree cannot be changed."


@pytest.mark.django_db
def test_the_home_page_is_not_the_tree_root(client, home, token):
    # Depth 2 is an ordinary page: whatever Wagtail says about moving it, the guard says nothing.
    response = client.post(
        f"/api/v3/pages/{home.pk}/actions/move/", json.dumps({}), content_type="application/json", headers=token
    )
    assert response.json().get("detail") != "The root of the page tree cannot be changed."


@pytest.mark.django_db
def test_without_a_token_the_root_is_not_guarded_but_refused_for_want_of_one(client):
    root = Page.objects.get(depth=1)
    response = client.post(f"/api/v3/pages/{root.pk}/actions/move/", "{}", content_type="application/json")
    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "1a", "٣"])
def test_a_combination_with_a_page_value_that_is_not_a_number_is_a_validation_error(client, region, value):
    response = client.get(f"/api/v3/pages/?child_of={value}&descendant_of={region.pk}")
    assert response.status_code in (404, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_with_a_token_the_tree_root_counts_for_the_combination(client, token):
    root = Page.objects.get(depth=1)
    alone = client.get(f"/api/v3/pages/?child_of={root.pk}", headers=token)
    both = client.get(f"/api/v3/pages/?child_of={root.pk}&descendant_of={root.pk}", headers=token)
    assert both.status_code == alone.status_code == 200
    assert both.json() == alone.json()
    assert alone.json()["count"] >= 1


@pytest.mark.django_db
def test_a_body_error_names_the_rule_and_what_broke_it(client, token):
    response = client.post(
        "/api/v3/redirects/",
        json.dumps({"old_path": "/a", "is_permanent": 0}),
        content_type="application/json",
        headers=token,
    )
    [error] = response.json()["errors"]
    assert error == {"type": "type", "loc": ["body", "is_permanent"], "msg": "0 is not of type 'boolean'"}


def test_outside_a_request_the_base_url_is_the_fallback():
    assert str(RequestBaseURL("https://cms.example.org")) == "https://cms.example.org"
    assert bool(RequestBaseURL("https://cms.example.org"))
    assert not RequestBaseURL("")
    assert repr(RequestBaseURL("https://cms.example.org")) == "RequestBaseURL(fallback='https://cms.example.org')"


@pytest.mark.django_db
def test_with_a_token_a_draft_parent_counts_for_the_combination(client, kazakhstan, region, token):
    kazakhstan.unpublish()  # a draft only a token can see, with live children
    elsewhere = RegionPage.objects.live().exclude(pk=region.pk).first()
    inside = client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={region.pk}", headers=token)
    outside = client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={elsewhere.pk}", headers=token)
    assert inside.status_code == outside.status_code == 200
    assert inside.json()["count"] >= 1
    assert outside.json() == {"count": 0, "items": []}


@pytest.mark.django_db
def test_the_largest_key_a_column_holds_is_looked_up_and_one_more_is_not(client, token):
    largest = client.get("/api/v3/snippets/countries.Expert/9223372036854775807/", headers=token)
    beyond = client.get("/api/v3/snippets/countries.Expert/9223372036854775808/", headers=token)
    assert largest.status_code == beyond.status_code == 404
    assert beyond.json()["detail"] == "No object has this key."  # the guard's answer
    assert largest.json()["detail"] != "No object has this key."  # Wagtail's own lookup


@pytest.mark.django_db
def test_a_snippet_search_ordered_by_a_field_the_index_cannot_sort_by_is_answered(client, token):
    client.post(
        "/api/v3/snippets/countries.Expert/",
        json.dumps({"name": "Dr Aigerim"}),
        content_type="application/json",
        headers=token,
    )
    response = client.get("/api/v3/snippets/countries.Expert/?search=Aigerim&order=-name", headers=token)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_a_search_in_random_order_comes_by_relevance(client):
    by_relevance = client.get("/api/v3/pages/?search=elections").json()
    assert client.get("/api/v3/pages/?search=elections&order=random").json() == by_relevance


@pytest.mark.django_db
def test_an_offset_that_is_not_a_number_is_wagtails_validation_error(client):
    response = client.get("/api/v3/pages/?offset=abc")
    assert response.status_code == 422


@pytest.mark.django_db
def test_a_site_port_beyond_the_largest_port_is_not_found(client):
    assert client.get("/api/v3/pages/?site=localhost:65536").status_code == 404
    assert client.get("/api/v3/pages/?site=localhost:65535").status_code < 500
