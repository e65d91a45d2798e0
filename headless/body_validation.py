"""Check JSON write bodies against the OpenAPI document the API publishes, before a view reads them.

Wagtail's pydantic schemas coerce what the document forbids (``0`` for a boolean, ``"1"`` for an integer)
and do not apply the rules the document states (headless.openapi_write_rules). Checking each body
against the document itself makes "valid by the document" and "accepted by the server" one thing.
"""

import functools
import re

from jsonschema import Draft202012Validator

# Long enough for any field name and rule; error messages repeat the value sent, which may be long.
MAX_MESSAGE = 200


@functools.cache
def body_validators():
    """(method, path pattern, validator) for every operation with a JSON request body."""
    from .openapi import openapi_document

    document = openapi_document()
    components = document.get("components", {})
    validators = []
    for path, operations in document["paths"].items():
        pattern = _path_pattern(path)
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is not None:
                validator = Draft202012Validator({**schema, "components": components})
                validators.append((method.upper(), pattern, validator))
    return validators


@functools.cache
def request_media_types():
    """(method, path pattern, media types) for every operation that takes a request body."""
    from .openapi import openapi_document

    return [
        (method.upper(), _path_pattern(path), frozenset(operation["requestBody"]["content"]))
        for path, operations in openapi_document()["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]


def documented_media_types(method, path):
    """The media types the document lists for the body of ``method path``; empty for no such operation."""
    for operation_method, pattern, media_types in request_media_types():
        if operation_method == method and pattern.match(path):
            return media_types
    return frozenset()


def _path_pattern(path):
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def body_errors(method, path, data):
    """Problem ``errors`` for ``data`` sent to ``method path``; empty when the document allows it."""
    for operation_method, pattern, validator in body_validators():
        if operation_method == method and pattern.match(path):
            return [
                {
                    "type": error.validator,
                    "loc": ["body", *error.absolute_path],
                    "msg": error.message[:MAX_MESSAGE],
                }
                for error in sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
            ]
    return []
