"""Cache-Control policy for the site and the API.

Django's ConditionalGetMiddleware (listed just before this one) adds the ETag and
answers ``If-None-Match`` with 304; this middleware decides what may be cached:

- anything tied to a person (a token or session, a rendered CSRF token, a cookie
  being set) is ``private, no-store`` - which also stops the ETag being added;
- other successful anonymous GET/HEAD responses are ``public`` with ``max-age``
  for browsers and ``s-maxage`` for shared caches.

A Cache-Control a view chose itself (e.g. ``never_cache`` on the consultation form)
is kept; personal responses only gain ``private, no-store``.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.api.v3.errors import problem_response

SAFE_METHODS = {"GET", "HEAD"}


def is_personal(request, response):
    if request.headers.get("Authorization"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # A signed-in editor, or a reader who has unlocked a password-protected page.
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # The page rendered a form with this reader's CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    return bool(response.cookies)


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.HEADLESS_CACHE_MAX_AGE,
                s_maxage=settings.HEADLESS_CACHE_S_MAXAGE,
            )
            patch_vary_headers(response, ["Authorization"])
        return response


# The largest OFFSET SQLite and PostgreSQL accept (a signed 64-bit integer); the OpenAPI document
# states it as the maximum of every ``offset`` (headless.openapi).
MAX_OFFSET = 2**63 - 1
# Free text whose NUL and control characters the search code turns into spaces (search.params).
FREE_TEXT_PARAMETERS = {"q", "search"}


class ApiQueryGuardMiddleware:
    """Refuse query parameters no endpoint can use, before they reach a database.

    - NUL in a parameter's name or value (400): PostgreSQL refuses it in any string ("A string literal
      cannot contain NUL"), which surfaced as a 500 from ``locale``, ``site`` and ``html_path``. Free-text
      search parameters are exempt: the search code removes it with the other control characters.
    - An ``offset`` beyond what the database accepts (400): Wagtail's v3 pagination bounds it only below.
    - A ``site`` whose port is not a port number (404, as for any site that does not exist): Wagtail
      looked it up as given, and the port column refused the text with a 500.
    - A revision filter's ``user_id`` that is not a user id (404): Wagtail's schema takes any text, and
      the user table's integer key refused it with a 500. Not found is how Wagtail answers an unknown
      ``locale`` too.
    - ``version=draft`` without a valid token (401): Wagtail answers it with the live version, which
      tells a front end nothing about why it got no draft.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A snippet's ``pk`` in the path that no row of its model can have is not found (404).

        Wagtail's snippet routes take the key as text and filtered the model's integer key by it (a 500).
        """
        if not request.path.startswith("/api/") or "pk" not in view_kwargs or "type" not in view_kwargs:
            return None
        try:
            model = apps.get_model(view_kwargs["type"])
        except (LookupError, ValueError):
            return None  # an unknown type: Wagtail's own validation answers
        if not is_key_of(model, view_kwargs["pk"]):
            return problem_response(status=404, detail="No object has this key.")
        return None

    def __call__(self, request):
        if request.path.startswith("/api/"):
            refusal = self.check(request.GET)
            if refusal:
                status, detail = refusal
                return problem_response(status=status, detail=detail)
        response = self.get_response(request)
        if asks_for_a_draft(request) and response.status_code == 200 and not request.user.is_authenticated:
            refusal = problem_response(status=401, detail="Drafts need a bearer token whose user may edit the page.")
            refusal["WWW-Authenticate"] = "Bearer"
            return refusal
        return response

    @staticmethod
    def check(params):
        """(status, detail) for the first unusable parameter, or None."""
        for name, values in params.lists():
            if "\x00" in name:
                return 400, "A query parameter name contains a NUL character."
            if name not in FREE_TEXT_PARAMETERS and any("\x00" in value for value in values):
                return 400, f"“{name}” contains a NUL character."
        if any(offset_too_large(value) for value in params.getlist("offset")):
            return 400, f"offset cannot be higher than {MAX_OFFSET}"
        if any(not is_site_value(value) for value in params.getlist("site")):
            return 404, "No site matches the given site value."
        if any(not is_user_id(value) for value in params.getlist("user_id")):
            return 404, "No user matches the given user_id value."
        return None


def asks_for_a_draft(request):
    return request.path.startswith("/api/v3/pages/") and request.GET.get("version") == "draft"


def is_key_of(model, value):
    """Whether ``value`` can be a primary key of ``model`` (checked by the key field's own conversion)."""
    try:
        key = model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or abs(key) <= MAX_OFFSET  # a larger one fits no database column


def is_user_id(value):
    return is_key_of(get_user_model(), value)


def is_site_value(value):
    """A hostname, optionally with ``:port`` (a port number), as Wagtail's ``site`` filter reads it."""
    _hostname, colon, port = value.partition(":")
    return not colon or (port.isascii() and port.isdigit() and int(port) <= 65535)


def offset_too_large(value):
    try:
        return int(value) > MAX_OFFSET
    except ValueError:
        return False  # not a number: Wagtail's own validation answers 422
