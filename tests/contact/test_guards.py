"""Refusals before a submission is read (contact/guards.py): client address, rate limit, request size."""

import hashlib
import types

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from wagtail.contrib.forms.models import FormSubmission

from contact import guards

from .conftest import aged_token

ADDRESS = "198.51.100.7"
# A moment 100 seconds into a 600-second window (1_800_000_000 is a multiple of 600).
WINDOW_START = 1_800_000_000
NOW = WINDOW_START + 100


@pytest.fixture
def clock(monkeypatch):
    """Freeze the guard's clock; ``clock.now`` may be moved by the test."""
    frozen = types.SimpleNamespace(now=NOW)
    monkeypatch.setattr(guards, "time", types.SimpleNamespace(time=lambda: frozen.now))
    return frozen


def request_from(remote_addr=ADDRESS, forwarded_for=None, **meta):
    request = RequestFactory().post("/consultation/", REMOTE_ADDR=remote_addr, **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def attempts(request, count):
    """Make ``count`` attempts; return what the last one was told."""
    result = None
    for _ in range(count):
        result = guards.rate_limit_retry_after(request)
    return result


def expected_key(address, window_start, secret=None):
    secret = secret or settings.SECRET_KEY
    digest = hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()[:32]
    return f"contact:attempts:{digest}:{window_start}"


class RecordingCache:
    """The real cache, with every add/incr/set recorded (key, timeout)."""

    def __init__(self, evict_before_incr=False):
        self.calls = []
        self.evict_before_incr = evict_before_incr

    def add(self, key, value, timeout):
        self.calls.append(("add", key, value, timeout))
        return cache.add(key, value, timeout=timeout)

    def incr(self, key):
        self.calls.append(("incr", key))
        if self.evict_before_incr:
            cache.delete(key)
        return cache.incr(key)

    def set(self, key, value, timeout):
        self.calls.append(("set", key, value, timeout))
        return cache.set(key, value, timeout=timeout)


@pytest.fixture
def recording_cache(monkeypatch):
    recorder = RecordingCache()
    monkeypatch.setattr("django.core.cache.cache", recorder)
    return recorder


# --- client_address -----------------------------------------------------------------------------


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 0
    assert guards.client_address(request_from(forwarded_for="203.0.113.9")) == ADDRESS


def test_no_trusted_proxies_is_the_default(settings):
    del settings.FORM_TRUSTED_PROXY_COUNT
    assert guards.client_address(request_from(forwarded_for="203.0.113.9")) == ADDRESS


def test_behind_one_proxy_the_right_most_address_counts_not_the_spoofable_left_most(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.1.1.1" itself; our proxy appended the address it saw.
    request = request_from(forwarded_for="1.1.1.1, 203.0.113.9")
    assert guards.client_address(request) == "203.0.113.9"


def test_behind_two_proxies_the_second_address_from_the_right_counts(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 2
    assert guards.client_address(request_from(forwarded_for="1.1.1.1,203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_a_chain_exactly_as_long_as_the_proxy_count_uses_its_first_address(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 2
    assert guards.client_address(request_from(forwarded_for="203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_empty_entries_and_spaces_in_the_chain_are_skipped(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 2
    assert guards.client_address(request_from(forwarded_for=" 203.0.113.9 , , 10.0.0.2 ,")) == "203.0.113.9"


@pytest.mark.parametrize("proxies", [1, 2])
@pytest.mark.parametrize("forwarded_for", [None, "", " , "])
def test_absent_or_empty_forwarded_header_falls_back_to_the_connection_address(settings, proxies, forwarded_for):
    settings.FORM_TRUSTED_PROXY_COUNT = proxies
    assert guards.client_address(request_from(forwarded_for=forwarded_for)) == ADDRESS


def test_a_chain_shorter_than_the_proxy_count_falls_back_to_the_connection_address(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 2
    assert guards.client_address(request_from(forwarded_for="10.0.0.2")) == ADDRESS


def test_no_address_at_all_is_the_empty_string(settings):
    settings.FORM_TRUSTED_PROXY_COUNT = 1
    assert guards.client_address(request_from(remote_addr=None)) == ""


# --- rate_limit_retry_after ---------------------------------------------------------------------


def test_the_limit_is_reached_on_the_attempt_after_the_last_allowed_one(settings, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 3
    settings.FORM_RATE_LIMIT_WINDOW = 600
    request = request_from()
    assert attempts(request, 3) is None
    assert guards.rate_limit_retry_after(request) == 500
    assert guards.rate_limit_retry_after(request) == 500


def test_ten_attempts_per_ten_minutes_is_the_default(settings, clock):
    del settings.FORM_RATE_LIMIT_ATTEMPTS
    del settings.FORM_RATE_LIMIT_WINDOW
    request = request_from()
    assert attempts(request, 10) is None
    # 100 seconds into the ten-minute window: 500 seconds to go.
    assert guards.rate_limit_retry_after(request) == 500


@pytest.mark.parametrize(("seconds_into_window", "retry_after"), [(0, 600), (100, 500), (598, 2), (599, 1)])
def test_retry_after_is_the_rest_of_the_current_window(settings, clock, seconds_into_window, retry_after):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 600
    clock.now = WINDOW_START + seconds_into_window
    request = request_from()
    assert guards.rate_limit_retry_after(request) is None
    assert guards.rate_limit_retry_after(request) == retry_after


def test_the_count_starts_again_in_the_next_window(settings, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 2
    settings.FORM_RATE_LIMIT_WINDOW = 600
    request = request_from()
    assert attempts(request, 3) == 500
    clock.now = WINDOW_START + 599
    assert guards.rate_limit_retry_after(request) == 1
    clock.now = WINDOW_START + 600
    assert attempts(request, 2) is None
    assert guards.rate_limit_retry_after(request) == 600


def test_windows_follow_the_window_setting(settings, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 60
    clock.now = WINDOW_START + 100  # 40 seconds into a one-minute window
    request = request_from()
    assert attempts(request, 2) == 20
    clock.now = WINDOW_START + 120
    assert guards.rate_limit_retry_after(request) is None


def test_each_address_has_its_own_count(settings, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    assert attempts(request_from(), 2) == 500
    assert guards.rate_limit_retry_after(request_from("198.51.100.8")) is None


def test_counts_are_stored_per_hashed_address_and_window_and_expire_with_the_window(settings, clock, recording_cache):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 5
    settings.FORM_RATE_LIMIT_WINDOW = 600
    attempts(request_from(), 2)
    key = expected_key(ADDRESS, WINDOW_START)
    assert ADDRESS not in key
    assert recording_cache.calls == [("add", key, 0, 600), ("incr", key), ("add", key, 0, 600), ("incr", key)]
    assert cache.get(key) == 2


def test_the_hash_depends_on_the_secret_key(settings, clock, recording_cache):
    settings.SECRET_KEY = "another-secret"
    guards.rate_limit_retry_after(request_from())
    assert recording_cache.calls[0][1] == expected_key(ADDRESS, WINDOW_START, secret="another-secret")


def test_a_count_evicted_between_add_and_incr_restarts_at_one(settings, clock, monkeypatch):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 600
    recorder = RecordingCache(evict_before_incr=True)
    monkeypatch.setattr("django.core.cache.cache", recorder)
    key = expected_key(ADDRESS, WINDOW_START)
    assert guards.rate_limit_retry_after(request_from()) is None
    assert recorder.calls[-1] == ("set", key, 1, 600)
    assert cache.get(key) == 1
    # With the count back in place, the next attempt is over the limit of one.
    recorder.evict_before_incr = False
    assert guards.rate_limit_retry_after(request_from()) == 500


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


def test_64_kib_is_the_default_limit(settings):
    del settings.FORM_MAX_REQUEST_BYTES
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
    settings.FORM_TRUSTED_PROXY_COUNT = 1
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
