"""The headless form: GET /api/v3/forms/{id}/ and POST /api/v3/forms/{id}/submissions/."""

import json

import pytest
from wagtail.contrib.forms.models import FormSubmission

from contact.antispam import HONEYPOT_FIELD, TOKEN_FIELD, form_token_problem
from tests.factories import CountryPageFactory

from .conftest import meeting_time


def form_url(page_id):
    return f"/api/v3/forms/{page_id}/"


def submit(client, page_id, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(f"/api/v3/forms/{page_id}/submissions/", body, content_type="application/json", **extra)


def test_form_schema_lists_every_field_with_wagtail_type_names(client, consultation):
    response = client.get(form_url(consultation.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    fields = {field["name"]: field for field in data["fields"]}
    assert list(fields) == [
        "full_name",
        "email",
        "phone",
        "i_am",
        "country_of_origin",
        "case_description",
        "preferred_time",
        "requests",
        "consent",
    ]
    assert fields["email"] == {
        "name": "email",
        "label": "Email",
        "type": "email",
        "required": True,
        "help_text": "We reply to this address.",
        "choices": [],
        "default": None,
        "max_length": 254,
    }
    assert fields["phone"]["required"] is False
    assert fields["i_am"]["type"] == "radio"
    assert fields["i_am"]["choices"] == ["An asylum applicant", "A law firm", "Other"]
    assert fields["requests"]["type"] == "checkboxes"
    assert fields["requests"]["default"] == []
    assert fields["consent"]["type"] == "checkbox"
    assert fields["consent"]["default"] is False
    assert fields["case_description"]["max_length"] == 2000
    assert fields["preferred_time"]["type"] == "datetime"
    assert fields["country_of_origin"]["type"] == "country"
    assert "Kazakhstan" in fields["country_of_origin"]["choices"]
    assert len(fields["country_of_origin"]["choices"]) == 58
    assert "will reply by e-mail" in data["thank_you_text"]
    assert "sign up for a ZOOM meeting" in data["intro"]
    assert data["token_field"] == TOKEN_FIELD
    assert data["honeypot_field"] == HONEYPOT_FIELD
    assert form_token_problem(data["form_token"], consultation) is not None  # too fresh to use at once
    assert data["submit_url"].endswith(f"/api/v3/forms/{consultation.pk}/submissions/")


def test_country_choices_in_the_schema_follow_the_tree(client, consultation, region):
    CountryPageFactory(parent=region, title="Freedonia", slug="freedonia", iso_code="AD")
    assert "Freedonia" in client.get(form_url(consultation.pk)).json()["fields"][4]["choices"]


def test_valid_json_submission_is_created(client, consultation, json_answers):
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["message"].startswith("Thank you")
    assert "will reply by e-mail" in body["thank_you_text"]
    stored = FormSubmission.objects.get(page=consultation).form_data
    assert stored["full_name"] == "Amina Yusuf Haidari"
    assert stored["requests"] == ["A sample report", "A free consultation"]
    assert stored["consent"] is True
    assert TOKEN_FIELD not in stored


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "nope", "Enter a valid email address."),
        ("full_name", "", "This field is required."),
        ("full_name", "x" * 256, "Ensure this value has at most 255 characters (it has 256)."),
        ("phone", "ring ring", "Enter a phone number using digits, spaces and an optional leading +."),
        ("i_am", "A journalist", "Select a valid choice. A journalist is not one of the available choices."),
        ("country_of_origin", "Atlantis", "Select a valid choice. Atlantis is not one of the available choices."),
        ("case_description", "y" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("preferred_time", "2020-01-01T10:00", "Choose a date and time in the future."),
        ("preferred_time", "soon", "Enter a valid date/time."),
        ("requests", ["A holiday"], "Select a valid choice. A holiday is not one of the available choices."),
        ("consent", False, "Tick this box to continue."),
        ("full_name", 42, "Send a string."),
        ("full_name", ["Amina"], "Send a string."),
        ("requests", "A sample report", "Send a list of strings."),
        ("requests", [1, 2], "Send a list of strings."),
        ("consent", "yes", "Send true or false."),
        ("favourite_colour", "blue", "This form has no such field."),
    ],
)
def test_invalid_json_submission_gets_400_with_per_field_errors(
    client, consultation, json_answers, field, value, message
):
    json_answers[field] = value
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["errors"] == {field: [message]}
    assert not FormSubmission.objects.exists()


def test_missing_required_answers_are_all_reported(client, consultation, json_answers):
    response = submit(client, consultation.pk, {TOKEN_FIELD: json_answers[TOKEN_FIELD]})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "full_name",
        "email",
        "i_am",
        "country_of_origin",
        "case_description",
        "preferred_time",
        "requests",
        "consent",
    }


@pytest.mark.parametrize("token", [None, "forged", "fresh"])
def test_form_token_errors_are_reported_under_the_token_field(client, consultation, json_answers, token):
    if token is None:
        del json_answers[TOKEN_FIELD]
    elif token == "fresh":
        json_answers[TOKEN_FIELD] = client.get(form_url(consultation.pk)).json()["form_token"]
    else:
        json_answers[TOKEN_FIELD] = token
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [TOKEN_FIELD]
    assert not FormSubmission.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', b"\xff\xfe"])
def test_body_that_is_not_a_json_object_is_a_400_problem(client, consultation, body):
    response = submit(client, consultation.pk, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Send the answers as a JSON object."


def test_honeypot_submission_is_answered_201_and_dropped(client, consultation, json_answers, mailoutbox):
    json_answers[HONEYPOT_FIELD] = "http://spam.example"
    assert submit(client, consultation.pk, json_answers).status_code == 201
    assert not FormSubmission.objects.exists()
    assert mailoutbox == []


def test_not_a_live_form_is_404(client, consultation, kazakhstan):
    for page_id in (kazakhstan.pk, 999_999):
        for response in (client.get(form_url(page_id)), submit(client, page_id, {})):
            assert response.status_code == 404
            assert response["Content-Type"] == "application/problem+json"
    consultation.unpublish()
    assert client.get(form_url(consultation.pk)).status_code == 404
    assert submit(client, consultation.pk, {}).status_code == 404


def test_rate_limit_is_shared_with_the_html_form_and_answers_429_json(
    client, consultation, json_answers, answers, settings
):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 2
    answers["email"] = "wrong"
    client.post(consultation.url, answers)
    json_answers["email"] = "wrong"
    assert submit(client, consultation.pk, json_answers).status_code == 400
    json_answers["email"] = "amina@example.org"
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429
    assert not FormSubmission.objects.exists()


def test_oversized_json_is_refused_with_413(client, consultation, json_answers):
    json_answers["case_description"] = "z" * 100_000
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 413
    assert not FormSubmission.objects.exists()


def test_endpoints_are_in_the_openapi_document(client, db):
    document = client.get("/api/v3/openapi.json").json()
    detail = document["paths"]["/api/v3/forms/{page_id}/"]["get"]
    create = document["paths"]["/api/v3/forms/{page_id}/submissions/"]["post"]
    assert detail["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FormSchema"
    }
    assert set(create["responses"]) == {"201", "400", "404", "413", "415", "422", "429"}
    assert create["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
    schemas = document["components"]["schemas"]
    assert set(schemas["FormFieldSchema"]["properties"]) == {
        "name",
        "label",
        "type",
        "required",
        "help_text",
        "choices",
        "default",
        "max_length",
    }
    assert schemas["FieldErrorsProblem"]["properties"]["errors"]["type"] == "object"


def test_cors_only_for_configured_origins(client, consultation, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    url = form_url(consultation.pk)
    allowed = client.get(url, HTTP_ORIGIN="https://front.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example"
    assert "Access-Control-Allow-Origin" not in client.get(url, HTTP_ORIGIN="https://evil.example")
    preflight = client.options(
        f"{url}submissions/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://front.example"
    # The HTML site is never opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/consultation/", HTTP_ORIGIN="https://front.example")


def test_session_cookie_is_not_needed_and_csrf_does_not_block_the_api(consultation, json_answers):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert submit(strict, consultation.pk, json_answers).status_code == 201


def test_json_value_types_round_trip_for_the_datetime(client, consultation, json_answers):
    json_answers["preferred_time"] = meeting_time(days=3)
    assert submit(client, consultation.pk, json_answers).status_code == 201
