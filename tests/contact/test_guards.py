"""Refusals before a submission is read (contact/guards.py): request size, and the HTML refusal pages."""

import pytest
from django.test import RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from wagtail.contrib.forms.models import FormSubmission

from contact import guards

from .conftest import WINDOW_START, aged_token


def request_from(**meta):
    return RequestFactory().post("/consultation/", REMOTE_ADDR="198.51.100.7", **meta)


# --- too_large ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_length", "refused"),
    [("1024", False), ("1025", True), ("", False), ("0", False), ("abc", True), ("1e3", True), ("-5", False)],
)
def test_content_length_against_the_limit(settings, content_length, refused):
    settings.FORM_MAX_REQUEST_BYTES = 1024
    assert guards.too_large(request_from(CONTENT_LENGTH=content_length)) is refused


def test_a_request_without_a_body_is_never_too_large(settings):
    settings.FORM_MAX_REQUEST_BYTES = 0
    request = request_from()
    request.META.pop("CONTENT_LENGTH", None)
    assert guards.too_large(request) is False
    assert guards.too_large(request_from(CONTENT_LENGTH="")) is False


def test_64_kib_is_the_limit():
    assert guards.too_large(request_from(CONTENT_LENGTH=str(64 * 1024))) is False
    assert guards.too_large(request_from(CONTENT_LENGTH=str(64 * 1024 + 1))) is True


# --- the HTML refusals --------------------------------------------------------------------------


def post(client, page, data, **extra):
    return client.post(page.url, data, **extra)


@pytest.mark.parametrize(
    ("seconds_into_window", "retry_after", "wait"), [(100, 500, "9 minutes"), (599, 1, "1 minute")]
)
def test_the_429_page_says_how_many_minutes_to_wait(
    client, consultation, answers, settings, clock, seconds_into_window, retry_after, wait
):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 600
    clock.now = WINDOW_START + seconds_into_window
    answers["email"] = "wrong"
    assert post(client, consultation, answers).status_code == 200
    answers["email"] = "amina@example.org"
    answers["form_token"] = aged_token(consultation)
    response = post(client, consultation, answers)
    assert response.status_code == 429
    assert response["Retry-After"] == str(retry_after)
    html = response.content.decode()
    assert f"Please wait {wait} and try again." in html
    # The refusal is the form page's own: its title, canonical address and breadcrumbs.
    assert f'<link rel="canonical" href="{consultation.full_url}">' in html
    assert "<title>Too many attempts · The Human Rights</title>" in html
    assert not FormSubmission.objects.exists()


def test_an_exact_multiple_of_a_minute_is_not_rounded_up(client, consultation, answers, settings, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 0
    settings.FORM_RATE_LIMIT_WINDOW = 600
    clock.now = WINDOW_START + 120
    response = post(client, consultation, answers)
    assert response.status_code == 429
    assert response["Retry-After"] == "480"
    assert "Please wait 8 minutes and try again." in response.content.decode()


def test_the_limit_counts_the_address_behind_a_trusted_proxy_not_the_one_the_client_wrote(
    client, consultation, answers, settings
):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.TRUSTED_PROXY_COUNT = 1
    answers["email"] = "wrong"
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5").status_code == 200
    # A new made-up left-most address does not reset the count of the real client...
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.5").status_code == 429
    # ...and a client sharing the made-up address is not blocked by it.
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.6").status_code == 200


def test_malformed_content_length_is_refused_with_413_before_the_body_is_read(client, consultation, answers):
    response = post(client, consultation, answers, CONTENT_LENGTH="12abc")
    assert response.status_code == 413
    html = response.content.decode()
    assert "Request too large" in html
    assert f'<link rel="canonical" href="{consultation.full_url}">' in html
    assert "no-store" in response["Cache-Control"]
    assert not FormSubmission.objects.exists()


def test_a_request_at_the_size_limit_is_read(client, consultation, answers, settings):
    body_size = len(encode_multipart(BOUNDARY, answers))
    settings.FORM_MAX_REQUEST_BYTES = body_size
    assert post(client, consultation, answers).status_code == 200
    assert FormSubmission.objects.count() == 1
    settings.FORM_MAX_REQUEST_BYTES = body_size - 1
    assert post(client, consultation, answers).status_code == 413
    assert FormSubmission.objects.count() == 1


def test_an_oversized_post_is_not_counted_against_the_rate_limit(client, consultation, answers, settings):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_MAX_REQUEST_BYTES = 10
    for _ in range(3):
        assert post(client, consultation, answers).status_code == 413
    settings.FORM_MAX_REQUEST_BYTES = 64 * 1024
    assert post(client, consultation, answers).status_code == 200
