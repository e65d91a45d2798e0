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
    assert "400" in operation["responses"]
    result = document["components"]["schemas"]["SearchResult"]["properties"]
    assert set(result) >= {"id", "title", "url", "api_url", "country", "region", "topics", "current_as_of", "snippet"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "51"}, "“limit” must be a whole number from 1 to 50."),
        ({"limit": "0"}, "“limit” must be a whole number from 1 to 50."),
        ({"limit": "ten"}, "“limit” must be a whole number from 1 to 50."),
        ({"offset": "-1"}, "“offset” must be a whole number from 0 to 9950."),
        ({"offset": "9951"}, "“offset” must be a whole number from 0 to 9950."),
        ({"offset": "1e3"}, "“offset” must be a whole number from 0 to 9950."),
        ({"sort": "oldest"}, "“sort” must be “relevance” or “newest”."),
        ({"country": "atlantis"}, "Unknown country value: use the slugs listed in the facets."),
        ({"region": ["east-africa", "nowhere", "x"]}, "Unknown region values: use the slugs listed in the facets."),
        ({"topic": "<script>"}, "Unknown topic value: use the slugs listed in the facets."),
        ({"q": "x" * 201}, "“q” is limited to 200 characters."),
    ],
)
def test_unusable_parameters_are_a_400_problem_naming_the_parameter(client, params, message):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400
    assert problem["detail"] == message


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
