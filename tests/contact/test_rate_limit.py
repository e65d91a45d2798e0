"""The form's rate limit (contact/rate_limit.py): counted per client and window, in Redis or the database,
and still counted when Redis is gone."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from contact import rate_limit
from contact.models import AttemptCount
from core.client_address import client_pseudonym

from .conftest import WINDOW_START

ADDRESS = "198.51.100.7"
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["cache", "database"])
def store(request, settings):
    settings.FORM_RATE_LIMIT_STORE = request.param
    return request.param


def request_from(address=ADDRESS):
    return RequestFactory().post("/consultation/", REMOTE_ADDR=address)


def attempts(request, count):
    """Make ``count`` attempts; return what the last one was told."""
    result = None
    for _ in range(count):
        result = rate_limit.rate_limit_retry_after(request)
    return result


def key(address=ADDRESS, window_start=WINDOW_START):
    return f"contact:attempts:{client_pseudonym(request_from(address))}:{window_start}"


def test_the_limit_is_reached_on_the_attempt_after_the_last_allowed_one(settings, store, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 3
    settings.FORM_RATE_LIMIT_WINDOW = 600
    request = request_from()
    assert attempts(request, 3) is None
    assert rate_limit.rate_limit_retry_after(request) == 500
    assert rate_limit.rate_limit_retry_after(request) == 500


def test_ten_attempts_per_ten_minutes_is_the_default(store, clock):
    request = request_from()
    assert attempts(request, 10) is None
    # 100 seconds into the ten-minute window: 500 seconds to go.
    assert rate_limit.rate_limit_retry_after(request) == 500


@pytest.mark.parametrize(("seconds_into_window", "retry_after"), [(0, 600), (100, 500), (598, 2), (599, 1)])
def test_retry_after_is_the_rest_of_the_current_window(settings, store, clock, seconds_into_window, retry_after):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    clock.now = WINDOW_START + seconds_into_window
    request = request_from()
    assert rate_limit.rate_limit_retry_after(request) is None
    assert rate_limit.rate_limit_retry_after(request) == retry_after


def test_the_count_starts_again_in_the_next_window(settings, store, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 2
    request = request_from()
    assert attempts(request, 3) == 500
    clock.now = WINDOW_START + 599
    assert rate_limit.rate_limit_retry_after(request) == 1
    clock.now = WINDOW_START + 600
    assert attempts(request, 2) is None
    assert rate_limit.rate_limit_retry_after(request) == 600


def test_windows_follow_the_window_setting(settings, store, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 60
    clock.now = WINDOW_START + 100  # 40 seconds into a one-minute window
    request = request_from()
    assert attempts(request, 2) == 20
    clock.now = WINDOW_START + 120
    assert rate_limit.rate_limit_retry_after(request) is None


def test_each_address_has_its_own_count(settings, store, clock):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    assert attempts(request_from(), 2) == 500
    assert rate_limit.rate_limit_retry_after(request_from("198.51.100.8")) is None


def test_the_database_store_keeps_one_row_per_client_and_window_without_the_address(settings, clock):
    settings.FORM_RATE_LIMIT_STORE = "database"
    attempts(request_from(), 2)
    [row] = AttemptCount.objects.all()
    assert row.key == key()
    assert ADDRESS not in row.key
    assert row.attempts == 2
    assert row.expires_at == datetime.fromtimestamp(WINDOW_START + 600, tz=UTC)
    assert cache.get(key()) is None


@pytest.fixture
def machine_in_almaty(monkeypatch):
    """The server's local zone is not UTC: counts must still expire at the right instant."""
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_windows_end_at_the_same_instant_whatever_the_machines_zone(settings, clock, machine_in_almaty):
    settings.FORM_RATE_LIMIT_STORE = "database"
    rate_limit.rate_limit_retry_after(request_from())
    assert AttemptCount.objects.get().expires_at == datetime.fromtimestamp(WINDOW_START + 600, tz=UTC)


def test_a_window_ending_within_the_hour_is_kept_whatever_the_machines_zone(settings, machine_in_almaty):
    settings.FORM_RATE_LIMIT_STORE = "database"
    soon = datetime.now(tz=UTC) + timedelta(hours=1)
    AttemptCount.objects.create(key="current", attempts=3, expires_at=soon)
    rate_limit.rate_limit_retry_after(request_from())
    assert AttemptCount.objects.filter(key="current").exists()


def test_the_database_store_forgets_windows_that_are_over(settings, clock):
    settings.FORM_RATE_LIMIT_STORE = "database"
    AttemptCount.objects.create(key="old", attempts=9, expires_at=datetime(2020, 1, 1, tzinfo=UTC))
    AttemptCount.objects.create(key="current", attempts=3, expires_at=datetime(2999, 1, 1, tzinfo=UTC))
    rate_limit.rate_limit_retry_after(request_from())
    assert set(AttemptCount.objects.values_list("key", flat=True)) == {"current", key()}


def test_the_cache_store_counts_in_the_cache_with_the_window_as_timeout(settings, clock):
    settings.FORM_RATE_LIMIT_STORE = "cache"
    attempts(request_from(), 2)
    assert cache.get(key()) == 2
    assert not AttemptCount.objects.exists()


class UnreachableRedis:
    """What django-redis does with IGNORE_EXCEPTIONS while Redis is down: every call answers None."""

    def add(self, *args, **kwargs):
        return None

    def incr(self, *args, **kwargs):
        return None

    def set(self, *args, **kwargs):
        return None


class RaisingCache:
    """A cache backend that raises when its server is gone (Django's own Redis backend does)."""

    def add(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    incr = set = add


@pytest.mark.parametrize("broken_cache", [UnreachableRedis, RaisingCache])
def test_while_the_cache_is_unreachable_the_database_counts(settings, clock, monkeypatch, caplog, broken_cache):
    settings.FORM_RATE_LIMIT_STORE = "cache"
    settings.FORM_RATE_LIMIT_ATTEMPTS = 2
    monkeypatch.setattr("django.core.cache.cache", broken_cache())
    request = request_from()
    assert attempts(request, 2) is None
    assert rate_limit.rate_limit_retry_after(request) == 500
    assert AttemptCount.objects.get().attempts == 3
    messages = [record.getMessage() for record in caplog.records if record.name == "contact.rate_limit"]
    assert "Form rate limit: the cache is unreachable, counting in the database" in messages


class RecordingCache:
    """The real cache, with every call recorded; ``evict_before_incr`` drops the key just before incr."""

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


def test_the_first_attempt_adds_the_count_for_the_length_of_the_window(settings, clock, monkeypatch):
    settings.FORM_RATE_LIMIT_STORE = "cache"
    recorder = RecordingCache()
    monkeypatch.setattr("django.core.cache.cache", recorder)
    attempts(request_from(), 2)
    assert recorder.calls == [("add", key(), 1, 600), ("add", key(), 1, 600), ("incr", key())]


def test_a_count_evicted_between_add_and_incr_restarts_at_one(settings, clock, monkeypatch, caplog):
    settings.FORM_RATE_LIMIT_STORE = "cache"
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    cache.set(key(), 5, timeout=600)  # there when added, gone when incremented
    recorder = RecordingCache(evict_before_incr=True)
    monkeypatch.setattr("django.core.cache.cache", recorder)
    assert rate_limit.rate_limit_retry_after(request_from()) is None
    assert recorder.calls[-1] == ("set", key(), 1, 600)
    assert cache.get(key()) == 1
    assert not AttemptCount.objects.exists()
    assert "unreachable" not in caplog.text
    # With the count back in place, the next attempt is over the limit of one.
    recorder.evict_before_incr = False
    assert rate_limit.rate_limit_retry_after(request_from()) == 500


def test_a_row_another_process_created_first_is_counted_on(settings, clock, monkeypatch):
    settings.FORM_RATE_LIMIT_STORE = "database"
    AttemptCount.objects.create(key=key(), attempts=1, expires_at=datetime(2999, 1, 1, tzinfo=UTC))
    real_filter = AttemptCount.objects.filter
    calls = []

    def filter_that_misses_once(**lookups):
        calls.append(lookups)
        if len(calls) == 1:  # our UPDATE ran just before the other process's INSERT committed
            return AttemptCount.objects.none()
        return real_filter(**lookups)

    monkeypatch.setattr(AttemptCount.objects, "filter", filter_that_misses_once)
    assert rate_limit.rate_limit_retry_after(request_from()) is None
    assert AttemptCount.objects.get(key=key()).attempts == 2  # theirs and ours


def test_a_refusal_is_logged_with_the_clients_pseudonym_never_its_address(settings, store, clock, caplog):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 0
    rate_limit.rate_limit_retry_after(request_from())
    [record] = [r for r in caplog.records if r.getMessage() == "Form rate limit reached"]
    assert record.client_pseudonym == client_pseudonym(request_from())
    assert ADDRESS not in caplog.text
