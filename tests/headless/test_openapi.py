"""The one OpenAPI document: valid, typed for our own content, and a visible diff when it changes."""

import json

import pytest
from openapi_spec_validator import validate

from headless.openapi import render

from .conftest import SNAPSHOT

PROJECT_PAGE_SCHEMAS = ["AnalysisPageSchema", "CountryPageSchema", "RegionPageSchema", "HomePageSchema"]


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_document_is_valid_openapi(document):
    validate(document)


def test_document_matches_the_committed_snapshot(client):
    # Fetched in the test itself, not a fixture, so that mutation testing sees which code it runs.
    document = client.get("/api/v3/openapi.json").json()
    assert render(document) == SNAPSHOT.read_text(), (
        "The API changed. If that was intended, run `make openapi-snapshot` and commit the new snapshot."
    )


def free_form_paths(schema, components, path, seen):
    """Where ``schema`` says nothing about its values (``{}``, a bare object, a bare array)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return free_form_paths(components[name], components, f"{path}→{name}", seen | {name})
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for i, option in enumerate(schema.get(key, [])):
            found += free_form_paths(option, components, f"{path}[{i}]", seen)
    if any(key in schema for key in ("anyOf", "oneOf", "allOf")):
        return found
    kind = schema.get("type")
    if kind is None and "const" not in schema and "enum" not in schema:
        return [path]
    if kind == "object":
        properties = schema.get("properties")
        if not properties and not schema.get("additionalProperties"):
            return [path]
        for name, sub in (properties or {}).items():
            found += free_form_paths(sub, components, f"{path}.{name}", seen)
    if kind == "array":
        found += free_form_paths(schema.get("items", {}), components, f"{path}[]", seen)
    return found


@pytest.mark.parametrize("name", [*PROJECT_PAGE_SCHEMAS, "ContactChannelsSchema"])
def test_project_schemas_are_fully_typed(document, name):
    components = document["components"]["schemas"]
    assert free_form_paths({"$ref": f"#/components/schemas/{name}"}, components, "", frozenset()) == []


def test_preview_and_settings_endpoints_are_described(document):
    paths = document["paths"]
    assert "/api/v3/preview/{page_id}/" in paths
    assert "/api/v3/settings/contact-channels/" in paths
    preview = paths["/api/v3/preview/{page_id}/"]["get"]
    assert {p["name"] for p in preview["parameters"]} == {"page_id", "token"}


def test_the_snapshot_is_what_the_command_writes(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "snapshot.json"
    call_command("openapi_snapshot", str(target), stdout=open(tmp_path / "out", "w"))  # noqa: SIM115
    assert json.loads(target.read_text()) == json.loads(SNAPSHOT.read_text())
