"""The API's OpenAPI document, as committed in the snapshot."""

import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

SNAPSHOT = Path(settings.BASE_DIR) / "tests" / "headless" / "openapi.snapshot.json"


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


def openapi_document():
    """The document as plain JSON data (lazy translations turned into strings)."""
    from cms.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def render(document):
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
