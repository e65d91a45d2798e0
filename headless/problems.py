"""Every error under ``/api/`` is ``application/problem+json`` (RFC 9457).

Wagtail's v3 handlers already answer validation, permission and not-found errors as problems. What
leaves the API without them is answered by Django or ninja before or after a router runs: an unknown
path (Django's HTML 404), a method the path does not take (ninja's plain-text 405), a body Django
refuses to read (400), and any uncaught exception (Django's HTML 500). ``ApiProblemMiddleware`` turns
each of those into a problem with the status's title, keeping headers such as ``Allow`` and
``Retry-After``.

``type`` is ``about:blank`` for every problem the status code describes fully (RFC 9457, 4.2.1); the
problems that carry more (the form's field errors) name their own type. A 5xx body is always the
generic one below, whatever the handler wrote: exception text never reaches a client (it is logged
by Django's ``django.request`` logger, as for any other request).
"""

from django.forms import ModelChoiceField
from wagtail.api.v3.errors import PROBLEM_JSON, problem_response

API_PREFIX = "/api/"

DETAILS = {
    400: "The request could not be read.",
    404: "No API endpoint answers at this address.",
    413: "The request body is too large.",
    500: "The server could not answer this request. It has been logged.",
}
# Headers a client needs to act on the problem; everything else the original response set is dropped
# with its body (e.g. an HTML page's Content-Language).
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Cache-Control")


def is_api_request(request):
    return request.path.startswith(API_PREFIX)


def as_problem(response):
    """The problem+json response that stands for ``response`` (an error that is not one yet)."""
    status = response.status_code
    detail = DETAILS.get(status, DETAILS[500] if status >= 500 else "")
    if status == 405 and response.has_header("Allow"):
        detail = f"This endpoint allows {response['Allow']}."
    problem = problem_response(status=status, detail=detail)
    for header in KEPT_HEADERS:
        if response.has_header(header):
            problem[header] = response[header]
    return problem


def needs_rewriting(response):
    if response.status_code < 400:
        return False
    if response.status_code >= 500:
        return True  # even a problem: its detail may be an exception's text (Wagtail's handler under DEBUG)
    return not response.get("Content-Type", "").startswith(PROBLEM_JSON)


class ApiProblemMiddleware:
    """Outermost of the API's middleware (below the static files): sees every error response it sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api_request(request) and needs_rewriting(response):
            return as_problem(response)
        return response


def missing_references_are_not_found(api):
    """Answer 404, not 422, when every validation error is a parameter naming an object that does not exist.

    Wagtail reports ``?ancestor_of=<id>``, ``?child_of=<id>`` or ``?translation_of=<id>`` of a page that
    does not exist (or is not visible) as a validation error (422), though the value is valid by the
    OpenAPI document: "not found" is the answer it gives for an unknown ``locale`` and for an unknown
    page in the path. Other validation errors keep Wagtail's 422 problem, with the same members.
    """
    from django.core.exceptions import ValidationError as DjangoValidationError
    from pydantic import ValidationError
    from wagtail.utils.forms import FormValidationError

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = [{key: value for key, value in error.items() if key != "input"} for error in exc.errors()]
        if errors and all(error["type"] == "does_not_exist" for error in errors):
            return problem_response(status=404, detail=errors[0]["msg"])
        return problem_response(status=422, detail="Validation failed", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request, exc):
        """A model's own check on save (a copy's slug already taken under the parent): 409, else Wagtail's 422."""
        errors = [{"msg": message} for message in exc.messages]
        if errors and all(clashes_with_what_exists({"type": "", "loc": [], **error}) for error in errors):
            return problem_response(status=409, detail=errors[0]["msg"], errors=errors)
        return problem_response(status=422, detail="Validation failed", errors=errors)

    @api.exception_handler(FormValidationError)
    def form_validation_error(request, exc):
        """A write naming an object that does not exist is 404; one clashing with the default site, 409."""
        errors = [
            {"type": code, "loc": list(path), "msg": message}
            for path, coded_messages in exc.loc_errors
            for message, code in coded_messages
        ]
        missing = [error for error in errors if names_a_missing_object(error)]
        conflicts = [error for error in errors if clashes_with_what_exists(error)]
        if errors and len(missing) + len(conflicts) == len(errors):
            if missing:
                return problem_response(status=404, detail=f"No object matches the given {missing[0]['loc'][-1]}.")
            # A conflict with the present state (a taken path, another default site), not a malformed request.
            return problem_response(status=409, detail=conflicts[0]["msg"], errors=conflicts)
        return problem_response(status=422, detail="Validation failed", errors=errors)


def clashes_with_what_exists(error):
    """A uniqueness rule of the model or its form: the same request succeeds once the other object is gone."""
    return (
        error["type"] in {"unique", "unique_together"}
        or error["loc"] == ["is_default_site"]
        or error["msg"].endswith("already exists.")
        or "is already in use within" in error["msg"]  # Wagtail's page slug rule, on the model and its form
    )


def names_a_missing_object(error):
    """A model choice (a foreign key) refused because no object has that key: Django's own message."""
    return (
        error["type"] == "invalid_choice" and error["msg"] == ModelChoiceField.default_error_messages["invalid_choice"]
    )
