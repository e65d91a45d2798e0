"""Refuse API requests no endpoint can answer well, before they reach a view or a database.

Each refusal below was a 5xx (or a misleading 200) found by probing the API from outside; each answer
is a problem document (RFC 9457) with the status a client can act on.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

from .body_validation import body_errors, documented_media_types
from .listing_combinations import reconcile_listing_parameters

# The largest OFFSET SQLite and PostgreSQL accept (a signed 64-bit integer); the OpenAPI document
# states it as the maximum of every ``offset`` (headless.openapi).
MAX_OFFSET = 2**63 - 1
# Free text whose NUL and control characters the search code turns into spaces (search.params).
FREE_TEXT_PARAMETERS = {"q", "search"}


# Writes whose JSON body the guard reads first; the consultation form reads its own, after its rate
# limit has counted the attempt (contact.api), so that a flood of unreadable posts is still limited.
BODY_METHODS = {"POST", "PUT", "PATCH"}
SELF_READING_PREFIXES = ("/api/v3/forms/",)


class ApiRequestGuardMiddleware:
    """Refuse requests no endpoint can use, before they reach a view or a database.

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
    - A write body in a media type the operation does not take (415): Wagtail read it as JSON anyway.
    - A JSON write body that is not a JSON object (400): Wagtail's write endpoints read ``data.get(...)``
      from whatever was sent, and a JSON array or nesting thousands deep was a 500.
    - A write to the root of the page tree (403): it is no page anyone edits, and Wagtail's move, copy and
      alias actions failed on its missing parent with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/api/"):
            return None
        for name, value in view_kwargs.items():
            # An id in the path that no row can have names nothing (Wagtail's page actions look the page
            # up by the raw text before the path is validated).
            if name.endswith("_id") and not is_integer_key(value):
                return problem_response(status=404, detail=f"No object has the {name} {value[:40]!r}.")
        # Only with a token: without one, or with a bad one, the endpoint answers 401 first.
        wants_to_change = request.method != "GET" and request.headers.get("Authorization")
        if wants_to_change and is_tree_root(view_kwargs.get("page_id")):
            return problem_response(status=403, detail="The root of the page tree cannot be changed.")
        if "pk" in view_kwargs and "type" in view_kwargs:
            # Wagtail's snippet routes take the key as text and filtered the model's integer key by it.
            try:
                model = apps.get_model(view_kwargs["type"])
            except (LookupError, ValueError):
                return None  # an unknown type: Wagtail's own validation answers
            if not is_key_of(model, view_kwargs["pk"]):
                return problem_response(status=404, detail="No object has this key.")
        reconcile_listing_parameters(request)
        return None

    def __call__(self, request):
        if request.path.startswith("/api/"):
            refusal = self.check(request.GET) or self.check_body(request)
            if refusal:
                status, detail, *errors = refusal
                return problem_response(status=status, detail=detail, errors=errors[0] if errors else None)
        response = self.get_response(request)
        if asks_for_a_draft(request) and response.status_code == 200 and not request.user.is_authenticated:
            refusal = problem_response(status=401, detail="Drafts need a bearer token whose user may edit the page.")
            refusal["WWW-Authenticate"] = "Bearer"
            return refusal
        return response

    @staticmethod
    def check_body(request):
        """(400, detail) for a JSON write body that is not one JSON object, or None."""
        if request.method not in BODY_METHODS or request.path.startswith(SELF_READING_PREFIXES):
            return None
        if not request.body:
            return None
        content_type = request.content_type.lower()
        if content_type != "application/json":
            # Wagtail's endpoints read any body as JSON whatever its type says (a text/plain array was a
            # 500). With a token only, as below: without one the endpoint answers 401 first.
            media_types = request.headers.get("Authorization") and documented_media_types(request.method, request.path)
            if media_types and content_type not in media_types:
                return 415, f"Send the body as {' or '.join(sorted(media_types))}."
            return None
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):  # not JSON (or not UTF-8), or nested past Python's stack
            return 400, "The body is not valid JSON."
        if not isinstance(data, dict):
            return 400, "Send the body as a JSON object."
        if holds_nul(data):
            # PostgreSQL cannot store it, and SQLite kept it where no form would have let it in.
            return 400, "The body contains a NUL character."
        # With a token only: without one the endpoint answers 401 before anything is said about the body.
        errors = request.headers.get("Authorization") and body_errors(request.method, request.path, data)
        if errors:
            return 422, "The body does not match the API's OpenAPI document.", errors
        return None

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


def holds_nul(data):
    """Whether any key or text in parsed JSON ``data`` contains a NUL character.

    A loop, not recursion: whatever depth the JSON parser accepted is walked without a RecursionError.
    """
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def asks_for_a_draft(request):
    return request.path.startswith("/api/v3/pages/") and request.GET.get("version") == "draft"


def is_integer_key(value):
    return value.isascii() and value.isdigit() and int(value) <= MAX_OFFSET


def is_tree_root(page_id):
    return page_id is not None and Page.objects.filter(pk=page_id, depth=1).exists()


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
