"""One notion of the client address (core/client_address.py): who sent a request, behind trusted proxies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from core.client_address import client_address, client_pseudonym

CLIENT = "203.0.113.9"
PROXY = "10.0.0.2"


def request_from(remote_addr=PROXY, forwarded_for=None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def test_without_trusted_proxies_a_direct_clients_own_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(CLIENT, forwarded_for="1.1.1.1")) == CLIENT


def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.1.1.1, 8.8.8.8" itself; our proxy appended the address it saw.
    assert client_address(request_from(forwarded_for=f"1.1.1.1, 8.8.8.8, {CLIENT}")) == CLIENT


def test_behind_two_proxies_the_second_address_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(forwarded_for=f"1.1.1.1,{CLIENT}, 10.0.0.7")) == CLIENT
    assert client_address(request_from(forwarded_for=f"{CLIENT}, 10.0.0.7")) == CLIENT


def test_empty_entries_and_spaces_in_the_chain_are_skipped(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(forwarded_for=f" {CLIENT} , , 10.0.0.7 ,")) == CLIENT


@pytest.mark.parametrize("proxies", [1, 2])
@pytest.mark.parametrize("forwarded_for", [None, "", " , "])
def test_no_forwarded_chain_means_the_connection_is_the_client(settings, proxies, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(CLIENT, forwarded_for=forwarded_for)) == CLIENT


def test_a_chain_shorter_than_the_proxy_count_falls_back_to_the_connection(settings):
    # A request that reached us without passing every proxy: only the connection's address is sure.
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(CLIENT, forwarded_for="10.0.0.7")) == CLIENT


@pytest.mark.parametrize("entry", ["unknown", "203.0.113.9:443", "not an address", "999.1.1.1"])
def test_an_entry_that_is_not_an_address_falls_back_to_the_connection(settings, entry):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded_for=f"1.1.1.1, {entry}")) == PROXY


def test_ipv6_addresses_are_addresses(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded_for="2001:db8::7")) == "2001:db8::7"


def test_no_address_at_all_is_the_empty_string(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(remote_addr=None)) == ""


def test_the_pseudonym_tells_clients_apart_without_naming_them(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    first = client_pseudonym(request_from(CLIENT))
    assert first == client_pseudonym(request_from(CLIENT))
    assert first != client_pseudonym(request_from("203.0.113.10"))
    assert CLIENT not in first
    assert len(first) == 16
    settings.SECRET_KEY = "another-secret"
    assert client_pseudonym(request_from(CLIENT)) != first


def test_login_throttling_and_the_form_limiter_use_this_one_notion():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "core.client_address.client_address"


SHOW_COUNT = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"


@pytest.mark.parametrize(
    ("environment", "count"),
    [
        ({}, "0"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "2"),
        # the names earlier releases documented still work
        ({"FORM_TRUSTED_PROXY_COUNT": "3"}, "3"),
        ({"BEHIND_PROXY": "1"}, "1"),
        ({"TRUSTED_PROXY_COUNT": "2", "BEHIND_PROXY": "1"}, "2"),
    ],
)
def test_one_environment_variable_sets_the_proxy_count(environment, count):
    legacy = {"TRUSTED_PROXY_COUNT", "FORM_TRUSTED_PROXY_COUNT", "BEHIND_PROXY"}
    env = {key: value for key, value in os.environ.items() if key not in legacy}
    env.update(environment, DJANGO_SETTINGS_MODULE="cms.settings.test")
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    shown = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(manage), "shell", "-v0", "-c", SHOW_COUNT],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == count
