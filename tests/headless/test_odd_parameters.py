"""Every query parameter of every GET operation in the OpenAPI document, crossed with odd values.

Nothing a client can put in a query string gives a 5xx, and every error under /api/ is a problem
document. Run on SQLite and on PostgreSQL: the failures this guards against lived in the databases'
query parsers and column types (NUL in a string, text in an integer column, FTS5's quoting).
"""

import json
from urllib.parse import quote

import pytest
from django.db import connection

from .conftest import SNAPSHOT, bearer

DOCUMENT = json.loads(SNAPSHOT.read_text())

# Raw (already percent-encoded) values, so that bad UTF-8 reaches the server as bytes.
ODD_VALUES = {
    "nul": "%00",
    "nul inside a word": "elec%00tions",
    "control characters": "%01%1B%7F",
    "tab": "%09",
    "spaces only": "%20%20%20",
    "vertical tab": "%0B",
    "unit separator": "%1F",
    "no-break space": "%C2%A0",
    "next line": "%C2%85",
    "line separator": "%E2%80%A8",
    "ideographic space": "%E3%80%80",
    "lone double quote": "%22",
    "unbalanced quote": "%22elections",
    "quote after a letter": "%C3%A9%22",
    "lone single quote": "%27",
    "hyphen": "-",
    "two hyphens": "--",
    "hyphens and spaces": "-%20-%20-",
    "star": "*",
    "tilde": "~",
    "caret": "%5E",
    "field:value": "title:elections",
    "10,000 characters": "a" * 10_000,
    "bad UTF-8": "%FF%FE%C3",
    "overlong UTF-8": "%C0%AF",
    "huge number": "9" * 40,
    "64-bit overflow": str(2**63),
    "negative": "-1",
    "negative huge": "-" + "9" * 30,
    "float": "1.5",
    "exponent": "1e309",
    "nan": "NaN",
    "empty": "",
    "colon and text": "a:b",
    "slashes": "..%2F..%2Fetc",
}

# Real values for path parameters, so that the query string is what is being tested.
PATH_VALUES = {"type": "countries.Expert", "type_name": "countries.AnalysisPage"}


def get_operations():
    for path, operations in DOCUMENT["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        if names:
            anonymous = {} in operation.get("security", [{}])
            yield pytest.param(path, names, anonymous, id=path)


def fill_path(path, analysis):
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    for name in ("page_id", "pk", "image_id", "document_id", "redirect_id", "site_id", "revision_id"):
        path = path.replace("{" + name + "}", str(analysis.pk if name == "page_id" else 1))
    assert "{" not in path, path
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "names", "anonymous"), list(get_operations()))
def test_no_query_value_gives_a_server_error(client, analysis, superuser, path, names, anonymous):
    headers = {} if anonymous else bearer(superuser)
    url = fill_path(path, analysis)
    failures = []
    for name in names:
        for label, value in ODD_VALUES.items():
            for query in (f"{name}={value}", f"{name}={value}&{name}={value}", f"{name}[]={value}"):
                response = client.get(f"{url}?{query}", headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} for {name} = {label} ({query[:60]})")
                elif response.status_code >= 400 and response["Content-Type"] != "application/problem+json":
                    failures.append(f"{response['Content-Type']} for {name} = {label}")
    assert not failures, f"{connection.vendor}: {failures}"


def test_every_get_operation_with_query_parameters_is_crossed():
    # The document is the list of what to try: a new endpoint is fuzzed without touching this file.
    crossed = {param.values[0] for param in get_operations()}
    assert {"/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/", "/api/v3/search/"} <= crossed
    assert len(crossed) >= 15


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["q", "search"])
def test_free_text_keeps_its_words_around_control_characters(client, name):
    # Free text is cleaned, not refused: NUL and control characters split words like spaces.
    path = "/api/v3/search/" if name == "q" else "/api/v3/pages/"
    response = client.get(f"{path}?{name}={quote('Kazakhstan')}%00%01")
    assert response.status_code == 200
    assert (response.json().get("count")) >= 1
