"""The signed form token, the minimum time-to-fill and the honeypot (contact/antispam.py)."""

import json
import types

import pytest
from django.core import signing
from django.http import QueryDict
from wagtail.contrib.forms.models import FormSubmission

from contact import antispam
from contact.antispam import EXPIRED, HONEYPOT_FIELD, MISSING, TOKEN_FIELD, TOO_FAST

NOW = 1_800_000_000


@pytest.fixture
def clock(monkeypatch):
    frozen = types.SimpleNamespace(now=NOW)
    monkeypatch.setattr(antispam, "time", types.SimpleNamespace(time=lambda: frozen.now))
    return frozen


def signed(payload):
    """A token as the site signs it, with any payload."""
    return signing.dumps(payload, salt="contact.form-token")


def submit(client, page_id, data):
    return client.post(f"/api/v3/forms/{page_id}/submissions/", json.dumps(data), content_type="application/json")


def test_a_token_records_the_page_and_the_whole_second_it_was_issued(consultation, clock):
    clock.now = NOW + 0.75
    assert signing.loads(antispam.issue_form_token(consultation), salt="contact.form-token") == {
        "page": consultation.pk,
        "t": NOW,
    }
    assert signing.loads(antispam.issue_form_token(consultation, issued_at=NOW - 30.9), salt="contact.form-token") == {
        "page": consultation.pk,
        "t": NOW - 31,
    }


def test_a_token_is_signed_with_its_own_salt(consultation):
    with pytest.raises(signing.BadSignature):
        signing.loads(antispam.issue_form_token(consultation))


@pytest.mark.parametrize(
    ("age", "problem"),
    [(2, TOO_FAST), (2.9, TOO_FAST), (3, None), (60, None), (86_400, None), (86_401, EXPIRED)],
)
def test_token_age_limits_are_three_seconds_and_one_day(consultation, clock, age, problem):
    token = antispam.issue_form_token(consultation, issued_at=NOW)
    clock.now = NOW + age
    assert antispam.form_token_problem(token, consultation) == problem


def test_token_max_age_comes_from_settings(consultation, settings, clock):
    settings.FORM_TOKEN_MAX_AGE = 3600
    token = antispam.issue_form_token(consultation, issued_at=NOW)
    clock.now = NOW + 3600
    assert antispam.form_token_problem(token, consultation) is None
    clock.now = NOW + 3601
    assert antispam.form_token_problem(token, consultation) == EXPIRED


def test_min_seconds_to_fill_comes_from_settings(settings):
    assert antispam.min_seconds_to_fill() == 3
    settings.FORM_MIN_SECONDS_TO_FILL = 7
    assert antispam.min_seconds_to_fill() == 7


@pytest.mark.parametrize(
    "payload",
    [
        ["page", "t"],
        "a string",
        {"t": NOW - 60},
        {"page": "{pk}", "t": NOW - 60},
        {"page": 0, "t": NOW - 60},
        {"page": "same", "t": str(NOW - 60)},
        {"page": "same", "t": float(NOW - 60)},
        {"page": "same"},
    ],
)
def test_a_signed_token_with_the_wrong_content_is_missing(consultation, clock, payload):
    if isinstance(payload, dict):
        payload = {
            name: (consultation.pk if value == "same" else str(consultation.pk) if value == "{pk}" else value)
            for name, value in payload.items()
        }
    assert antispam.form_token_problem(signed(payload), consultation) == MISSING


def test_a_correctly_signed_token_for_this_page_is_accepted(consultation, clock):
    assert antispam.form_token_problem(signed({"page": consultation.pk, "t": NOW - 60}), consultation) is None


@pytest.mark.parametrize("token", [None, "", 0, 123, 1.5, True, [], ["x"], {}, {"page": 1}])
def test_a_token_that_is_not_a_non_empty_string_is_missing(consultation, token):
    assert antispam.form_token_problem(token, consultation) == MISSING


@pytest.mark.parametrize("token", [0, 123, True, ["token"], {"page": 1}, ""])
def test_a_non_string_token_in_json_is_a_400_under_the_token_field(client, consultation, json_answers, token):
    json_answers[TOKEN_FIELD] = token
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {TOKEN_FIELD: [MISSING]}
    assert not FormSubmission.objects.exists()


def test_a_list_holding_a_valid_token_is_not_a_token(client, consultation, json_answers):
    json_answers[TOKEN_FIELD] = [json_answers[TOKEN_FIELD]]
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {TOKEN_FIELD: [MISSING]}


def test_an_expired_token_in_json_says_so(client, consultation, json_answers):
    json_answers[TOKEN_FIELD] = antispam.issue_form_token(consultation, issued_at=0)
    response = submit(client, consultation.pk, json_answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {TOKEN_FIELD: [EXPIRED]}


@pytest.mark.parametrize(
    ("value", "filled"),
    [
        (None, False),
        ("", False),
        ([""], False),
        ([], False),
        ("http://spam.example", True),
        (["http://spam.example"], True),
        (["", ""], True),
        (True, True),
        (False, False),
    ],
)
def test_honeypot(value, filled):
    data = {} if value is None else {HONEYPOT_FIELD: value}
    assert antispam.honeypot_filled(data) is filled


def test_honeypot_in_form_data():
    assert antispam.honeypot_filled(QueryDict(f"{HONEYPOT_FIELD}=")) is False
    assert antispam.honeypot_filled(QueryDict(f"{HONEYPOT_FIELD}=x")) is True
    assert antispam.honeypot_filled(QueryDict("")) is False


@pytest.mark.parametrize("value", [[""], "", None])
def test_an_empty_honeypot_in_json_lets_the_submission_through(client, consultation, json_answers, value):
    json_answers[HONEYPOT_FIELD] = value
    assert submit(client, consultation.pk, json_answers).status_code == 201
    assert FormSubmission.objects.count() == 1


@pytest.mark.parametrize("value", [["http://spam.example"], "http://spam.example"])
def test_a_filled_honeypot_in_json_is_answered_201_and_dropped(client, consultation, json_answers, value):
    json_answers[HONEYPOT_FIELD] = value
    assert submit(client, consultation.pk, json_answers).status_code == 201
    assert not FormSubmission.objects.exists()


def test_the_reserved_fields_are_the_token_and_the_honeypot():
    assert {"form_token", "website_url"} == antispam.RESERVED_FIELDS
    assert TOKEN_FIELD == "form_token"
    assert HONEYPOT_FIELD == "website_url"
