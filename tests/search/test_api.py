"""The JSON interface: its contract in the OpenAPI document and its answers to bad parameters."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_and_suggest_are_in_the_openapi_document_with_typed_responses(client):
    document = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/search/" in document["paths"]
    assert "/api/v3/search/suggest/" in document["paths"]
    operation = document["paths"]["/api/v3/search/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {"q", "region", "country", "topic", "sort", "limit", "offset"} <= parameters
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = document["components"]["schemas"][ok]
    assert set(schema["properties"]) >= {"count", "results", "facets"}
    assert {"400", "422"} <= set(operation["responses"])
    result = document["components"]["schemas"]["SearchResult"]["properties"]
    assert set(result) >= {"id", "title", "url", "api_url", "country", "region", "topics", "current_as_of", "snippet"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": "51"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "9951"}, "offset"),
        ({"offset": "1e3"}, "offset"),
        ({"sort": "oldest"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"country": ["kazakhstan"] * 21}, "country"),
    ],
)
def test_parameters_outside_the_documented_range_are_a_422_problem_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert [error["loc"] for error in problem["errors"]] == [["query", parameter]]


def test_the_documented_bounds_are_the_enforced_ones(client):
    parameters = {
        p["name"]: p["schema"]
        for p in client.get("/api/v3/openapi.json").json()["paths"]["/api/v3/search/"]["get"]["parameters"]
    }
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 50)
    assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, 9950)
    assert parameters["q"]["maxLength"] == 200
    assert parameters["sort"]["enum"] == ["relevance", "newest"]
    assert client.get("/api/v3/search/", {"limit": "50", "offset": "9950", "q": "x" * 200}).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "atlantis"}, "1 unknown country filter ignored."),
        ({"region": ["atlantis", "nowhere", "x"]}, "3 unknown region filters ignored."),
        ({"topic": "<script>"}, "1 unknown topic filter ignored."),
    ],
)
def test_unknown_filter_values_are_ignored_and_named(client, params, message):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 200
    data = response.json()
    assert data["messages"] == [message]
    assert data["count"] == client.get("/api/v3/search/").json()["count"]


def test_empty_filter_values_filter_nothing(client):
    data = client.get("/api/v3/search/?q=&topic=&country=&region=").json()
    assert data["messages"] == []
    assert data["count"] == client.get("/api/v3/search/").json()["count"] >= 1


def test_an_offset_no_database_can_hold_is_a_400(client):
    # Refused for every API endpoint before any router reads it (headless.middleware).
    response = client.get("/api/v3/search/", {"offset": "1" * 40})
    assert response.status_code == 400
    assert "offset" in response.json()["detail"]


def test_limit_is_capped_and_defaults_to_ten(client):
    assert client.get("/api/v3/search/", {"limit": "50"}).status_code == 200
    data = client.get("/api/v3/search/", {"region": "eastern-europe-post-soviet-states"}).json()
    assert data["count"] == 1


def test_empty_search_lists_newest_analyses(client):
    data = client.get("/api/v3/search/").json()
    assert data["count"] >= 1
    assert data["results"][0]["title"] == "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"
