"""The one rule for what is personal (core.personal), used by Cache-Control and the page cache."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core.personal import request_is_personal, response_is_personal


@pytest.fixture
def anonymous():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_an_anonymous_request_and_a_plain_response_are_not_personal(anonymous):
    assert not request_is_personal(anonymous)
    assert not response_is_personal(anonymous, HttpResponse("ok"))


@pytest.mark.parametrize(
    "make_personal",
    [
        lambda request: request.META.__setitem__("HTTP_AUTHORIZATION", "Bearer x"),
        lambda request: request.COOKIES.__setitem__("sessionid", "abc"),
        lambda request: setattr(request, "user", type("User", (), {"is_authenticated": True})()),
    ],
    ids=["token", "session cookie", "signed-in user"],
)
def test_a_token_a_session_or_a_user_makes_a_request_personal(anonymous, make_personal):
    make_personal(anonymous)
    assert request_is_personal(anonymous)
    assert response_is_personal(anonymous, HttpResponse("ok"))


def test_a_response_setting_a_cookie_is_personal(anonymous):
    response = HttpResponse("ok")
    response.set_cookie("seen", "1")
    assert response_is_personal(anonymous, response)


@pytest.mark.parametrize("flag", ["CSRF_COOKIE_NEEDS_UPDATE", "CSRF_COOKIE_USED"])
def test_a_response_carrying_the_readers_csrf_token_is_personal(anonymous, flag):
    anonymous.META[flag] = True
    assert response_is_personal(anonymous, HttpResponse("ok"))


def test_a_response_that_changed_the_session_is_personal(anonymous):
    anonymous.session = type("Session", (), {"modified": True})()
    assert response_is_personal(anonymous, HttpResponse("ok"))
    anonymous.session.modified = False
    assert not response_is_personal(anonymous, HttpResponse("ok"))
