"""The JSON form API's answers in detail: defaults in the schema, type errors, problem bodies, caching."""

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from wagtail.contrib.forms.models import FormSubmission

from contact.antispam import TOKEN_FIELD
from contact.api import form_errors
from contact.models import ConsultationFormField


def submit(client, page_id, data):
    return client.post(f"/api/v3/forms/{page_id}/submissions/", json.dumps(data), content_type="application/json")


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def field_schema(client, page, name):
    fields = client.get(f"/api/v3/forms/{page.pk}/").json()["fields"]
    return next(field for field in fields if field["name"] == name)


def test_editor_defaults_appear_in_the_schema(client, consultation):
    ConsultationFormField.objects.filter(page=consultation, clean_name="full_name").update(default_value="Your name")
    ConsultationFormField.objects.filter(page=consultation, clean_name="requests").update(
        default_value="A sample report"
    )
    assert field_schema(client, consultation, "full_name")["default"] == "Your name"
    assert field_schema(client, consultation, "requests")["default"] == ["A sample report"]
    assert field_schema(client, consultation, "consent")["default"] is False
    assert field_schema(client, consultation, "email")["default"] is None


def test_every_refusal_is_private_and_not_stored(client, consultation, json_answers, settings):
    bad_types = dict(json_answers, full_name=5)
    responses = [submit(client, consultation.pk, bad_types), submit(client, consultation.pk, [1])]
    settings.FORM_MAX_REQUEST_BYTES = 10
    responses.append(submit(client, consultation.pk, json_answers))
    settings.FORM_MAX_REQUEST_BYTES = 64 * 1024
    settings.FORM_RATE_LIMIT_ATTEMPTS = 0
    responses.append(submit(client, consultation.pk, json_answers))
    assert [response.status_code for response in responses] == [400, 400, 413, 429]
    for response in responses:
        assert directives(response) == {"private", "no-store"}


def test_field_errors_problem_body(client, consultation, json_answers):
    response = submit(client, consultation.pk, dict(json_answers, full_name=5))
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Some answers need correcting.",
        "errors": {"full_name": ["Send a string."]},
    }


def test_types_are_checked_for_fields_after_the_token(client, consultation, json_answers):
    data = {TOKEN_FIELD: json_answers.pop(TOKEN_FIELD), "website_url": "", **json_answers, "full_name": ["x"]}
    response = submit(client, consultation.pk, data)
    assert response.status_code == 400
    assert response.json()["errors"] == {"full_name": ["Send a string."]}


@pytest.fixture
def number_field(consultation):
    ConsultationFormField.objects.create(
        page=consultation, label="Household size", field_type="number", required=False, sort_order=100
    )
    return "household_size"


@pytest.mark.parametrize("value", [True, False, [1], {"n": 1}])
def test_a_number_field_takes_numbers_only(client, consultation, json_answers, number_field, value):
    response = submit(client, consultation.pk, dict(json_answers, **{number_field: value}))
    assert response.status_code == 400
    assert response.json()["errors"] == {number_field: ["Send a number."]}


@pytest.mark.parametrize("value", [4, 2.5, "3", None])
def test_a_number_field_accepts_numbers_and_numeric_strings(client, consultation, json_answers, number_field, value):
    assert submit(client, consultation.pk, dict(json_answers, **{number_field: value})).status_code == 201
    assert FormSubmission.objects.count() == 1


def test_form_errors_keep_other_non_field_errors_apart_from_the_token():
    class TwoProblems(forms.Form):
        def clean(self):
            raise ValidationError([ValidationError("token", code="form_token"), ValidationError("other", code="x")])

    class TokenOnly(forms.Form):
        def clean(self):
            raise ValidationError("token", code="form_token")

    two = TwoProblems(data={})
    assert not two.is_valid()
    assert form_errors(two) == {"non_field_errors": ["token", "other"]}
    token = TokenOnly(data={})
    assert not token.is_valid()
    assert form_errors(token) == {TOKEN_FIELD: ["token"]}


def test_types_are_checked_for_fields_after_an_empty_answer(client, consultation, json_answers):
    data = {"phone": None, **{name: value for name, value in json_answers.items() if name != "phone"}}
    data["case_description"] = 12
    response = submit(client, consultation.pk, data)
    assert response.status_code == 400
    assert response.json()["errors"] == {"case_description": ["Send a string."]}


@pytest.mark.parametrize("value", ["A sample report", ["A sample report", 3], [None], {"a": "b"}])
def test_multiple_choice_answers_must_be_lists_of_strings(client, consultation, json_answers, value):
    response = submit(client, consultation.pk, dict(json_answers, requests=value))
    assert response.status_code == 400
    assert response.json()["errors"] == {"requests": ["Send a list of strings."]}


@pytest.mark.parametrize("value", ["on", 1, "true"])
def test_check_boxes_take_true_or_false_only(client, consultation, json_answers, value):
    response = submit(client, consultation.pk, dict(json_answers, consent=value))
    assert response.status_code == 400
    assert response.json()["errors"] == {"consent": ["Send true or false."]}


def test_unknown_fields_are_named(client, consultation, json_answers):
    response = submit(client, consultation.pk, dict(json_answers, nickname="x"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"nickname": ["This form has no such field."]}


def test_phone_numbers_are_capped_at_30_characters_in_the_schema_and_the_form(client, consultation):
    phone = field_schema(client, consultation, "phone")
    assert phone["max_length"] == 30
    assert phone["type"] == "phone"
    html = client.get(consultation.url).content.decode()
    assert 'type="tel" name="phone" maxlength="30"' in html


def test_an_unknown_form_is_a_404_problem_saying_so(client, db):
    response = client.get("/api/v3/forms/999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No live form has this id."


def test_a_ticked_by_default_check_box_says_so_in_the_schema(client, consultation):
    ConsultationFormField.objects.filter(page=consultation, clean_name="consent").update(default_value="on")
    assert field_schema(client, consultation, "consent")["default"] is True
