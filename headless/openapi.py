"""The API's OpenAPI document: what the project adds to Wagtail's, and its rendering for the snapshot."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder


def anonymous_access_as_empty_requirement(get_openapi_schema):
    """Describe Wagtail's ``AllowAnonymous`` the way OpenAPI does: an empty security requirement.

    Ninja publishes it as an ``http`` security scheme without the required ``scheme``,
    which makes the whole document invalid OpenAPI 3.1.
    """

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        if schemes.pop("AllowAnonymous", None) is None:
            return schema
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"] = [{} if "AllowAnonymous" in req else req for req in operation["security"]]
        return schema

    return wrapper


def errors_as_problem_json(get_openapi_schema):
    """Document error responses with the media type they are sent with.

    Every error the API sends is RFC 7807 ``application/problem+json`` (Wagtail's handlers and
    the project's routers alike), while ninja documents every response as ``application/json``.
    """

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema

    return wrapper


PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
# Errors any operation can answer, and why (the description each response gets in the document).
COMMON_ERRORS = {
    "400": "Bad Request: a query parameter no endpoint can use (a NUL character, an offset past the largest "
    "the database accepts) or a request body Django cannot read.",
    "404": "Not Found: the object, or an object a parameter names, does not exist or is not visible to you.",
    "422": "Unprocessable Content: a parameter or the body does not match this document.",
}
TOKEN_ERRORS = {
    "401": "Unauthorized: the bearer token is missing, unknown, revoked or its user inactive.",
    "403": "Forbidden: the token's user may not do this.",
}
BODY_ERRORS = {
    "413": "Content Too Large: the body is larger than the server reads.",
    "415": "Unsupported Media Type: send the body as the media type documented here.",
}
# Writes that change what exists (every one needs a token) can clash with it; a form submission cannot.
CONFLICT = {
    "409": "Conflict: the write clashes with what exists (a path or slug already taken, another default site, "
    "a page not in the review state the action needs)."
}
BODY_METHODS = {"post", "put", "patch"}


def needs_a_token(operation):
    """True when the operation names the bearer scheme (public reads name it too, beside anonymous access)."""
    return any("BearerTokenAuth" in requirement for requirement in operation.get("security", []))


def every_error_documented(get_openapi_schema):
    """Document every error status an operation really gives, as problem+json.

    Ninja documents only the responses a router declares, while Django, ninja's parameter validation
    and Wagtail's handlers answer 400, 401, 403, 404, 413, 415 and 422 on every operation that can
    meet them (found by schemathesis: undocumented status codes).
    """

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                errors = dict(COMMON_ERRORS)
                if needs_a_token(operation):
                    errors.update(TOKEN_ERRORS)
                if method in BODY_METHODS:
                    errors.update(BODY_ERRORS)
                    if needs_a_token(operation):
                        errors.update(CONFLICT)
                responses = operation.setdefault("responses", {})
                # Ninja keys responses by integer status: compare as text, or the document would hold
                # the same status twice (invalid JSON for Swagger UI's parser: "duplicated mapping key").
                documented = {str(status) for status in responses}
                if operation.get("operationId") == "pages_find":
                    errors["302"] = "Found: the page's detail URL, with the same query."
                for status, description in errors.items():
                    if status not in documented:
                        content = None if status == "302" else PROBLEM
                        responses[status] = {"description": description, **({"content": content} if content else {})}
        return schema

    return wrapper


def pagination_bounds_documented(get_openapi_schema):
    """State the bounds the server enforces on ``limit`` and ``offset``.

    Wagtail's pagination refuses a ``limit`` above ``WAGTAILAPI_LIMIT_MAX`` and the databases an
    ``offset`` above a signed 64-bit integer, but the generated document gives only the lower bounds,
    so requests valid by the document were refused.
    """
    from .request_guard import MAX_OFFSET

    bounds = {"limit": settings.WAGTAILAPI_LIMIT_MAX, "offset": MAX_OFFSET}

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    parameter_schema = parameter.get("schema", {})
                    bounded = parameter["in"] == "query" and parameter["name"] in bounds
                    if bounded and parameter_schema.get("type") == "integer" and "maximum" not in parameter_schema:
                        parameter_schema["maximum"] = bounds[parameter["name"]]
        return schema

    return wrapper


def orderable_fields():
    """``order`` values each list endpoint accepts, as Wagtail's own ordering validator computes them."""
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
    from wagtail.api.validators import OrderingValidator
    from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
    from wagtail.images import get_image_model
    from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
    from wagtail.models import Page

    endpoints = {
        "/api/v3/pages/": (Page, BASE_PAGE_READ_FIELDS),
        "/api/v3/images/": (get_image_model(), BASE_IMAGE_READ_FIELDS),
        "/api/v3/documents/": (get_document_model(), BASE_DOCUMENT_READ_FIELDS),
        "/api/v3/redirects/": (Redirect, BASE_REDIRECT_READ_FIELDS),
    }
    fields = {
        path: sorted(
            OrderingValidator(model=model, fields=[], base_fields=list(base), db_fields_only=True).allowed_fields
        )
        for path, (model, base) in endpoints.items()
    }
    # One path for every snippet type: the fields of any of them (each orders by its key and API fields).
    fields["/api/v3/snippets/{type}/"] = sorted(
        {
            name
            for model in snippet_models_in_the_api()
            for name in OrderingValidator(
                model=model, fields=[], base_fields=[model._meta.pk.name], db_fields_only=True
            ).allowed_fields
        }
    )
    return fields


def snippet_models_in_the_api():
    from wagtail.api import APIField
    from wagtail.snippets.models import get_snippet_models

    return [model for model in get_snippet_models() if APIField.get_fields_for_model(model)]


def ordering_documented(get_openapi_schema):
    """Name the fields ``order`` takes on each list endpoint (any other is refused).

    The generated document allowed any string, so ``order=`` or ``order=xyz`` were valid by the document
    and refused by the server. A page type's own fields, accepted with ``type=``, come on top.
    """

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        for path, fields in orderable_fields().items():
            for parameter in schema["paths"][path]["get"]["parameters"]:
                if parameter["name"] == "order":
                    names = [field for field in fields if field != "random"]
                    parameter["schema"] = {
                        "anyOf": [{"const": "random", "type": "string"}, {"items": {"enum": names}, "type": "array"}],
                        "default": [],
                        "title": "Order",
                    }
        return schema

    return wrapper


def snippet_translation_parameters_documented(get_openapi_schema):
    """Leave ``locale`` and ``translation_of`` off the snippet listing when no snippet type is translatable.

    Wagtail documents them for every snippet type and answers 422 ("not translatable") when they are sent
    for one that is not.
    """
    from wagtail.models import TranslatableMixin

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        if any(issubclass(model, TranslatableMixin) for model in snippet_models_in_the_api()):
            return schema
        listing = schema["paths"].get("/api/v3/snippets/{type}/", {}).get("get")
        if listing:
            listing["parameters"] = [
                parameter
                for parameter in listing["parameters"]
                if parameter["name"] not in {"locale", "translation_of"}
            ]
        return schema

    return wrapper


# What the list endpoints do with parameter combinations Wagtail refuses on its own
# (headless/listing_combinations.py): said on the parameters, since OpenAPI cannot relate them.
RANDOM_OFFSET_NOTE = "Ignored with order=random: each request is a new random sample."
COMBINATION_NOTES = {
    (
        "/api/v3/pages/",
        "order",
    ): "With search, random and fields the search index cannot sort by are ignored: results come by relevance.",
    (
        "/api/v3/images/",
        "order",
    ): "With search, random and fields the search index cannot sort by are ignored: results come by relevance.",
    (
        "/api/v3/documents/",
        "order",
    ): "With search, random and fields the search index cannot sort by are ignored: results come by relevance.",
    ("/api/v3/pages/", "descendant_of"): (
        "With child_of: the children of child_of that lie within this page (all of them when child_of is this "
        "page or inside it, none otherwise)."
    ),
}


def combinations_documented(get_openapi_schema):
    """Describe, on each parameter, how it combines with the others (see ``COMBINATION_NOTES``)."""

    def wrapper(*args, **kwargs):
        schema = get_openapi_schema(*args, **kwargs)
        notes = dict(COMBINATION_NOTES)
        for path, operations in schema["paths"].items():
            names = {parameter["name"] for parameter in operations.get("get", {}).get("parameters", [])}
            if {"order", "offset"} <= names:
                notes[(path, "offset")] = RANDOM_OFFSET_NOTE
        for (path, name), note in notes.items():
            for parameter in schema["paths"][path]["get"]["parameters"]:
                if parameter["name"] == name:
                    parameter["description"] = " ".join(filter(None, [parameter.get("description"), note]))
        return schema

    return wrapper


def openapi_document():
    """The document as plain JSON data (lazy translations turned into strings)."""
    from django.urls import get_resolver
    from wagtail.api.v3.urls import api

    # Loading the URLconf runs cms/api.py, which adds the project's routers and document rules to
    # Wagtail's API object: the wiring stays in cms, and nothing here imports it.
    get_resolver().url_patterns  # noqa: B018
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def render(document):
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
