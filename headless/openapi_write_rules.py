"""State in the OpenAPI document the rules the server applies to text, so valid by the document is valid.

Wagtail's generated schemas say "string" where Django's form fields refuse more: a NUL character in
any text (ProhibitNullCharactersValidator, and PostgreSQL cannot store it), a required field left empty
or only spaces (form fields strip text before checking it is there), a slug outside letters, digits,
underscores and hyphens. Query parameters refuse NUL too (headless.request_guard), free-text search
excepted. And a multipart form field cannot carry JSON's null: a field left out is the null.
"""

from .request_guard import FREE_TEXT_PARAMETERS

NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
SLUG = "^[-\\w]+$"  # Django's validate_unicode_slug (Wagtail allows Unicode slugs)
BODY_MEDIA_TYPES = ("application/json", "multipart/form-data")


def string_branches(schema):
    """The (sub)schemas of ``schema`` that describe a string: itself, its ``anyOf`` members, array items."""
    if schema.get("type") == "string":
        yield schema
    for member in schema.get("anyOf", []):
        yield from string_branches(member)
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        yield from string_branches(schema["items"])


def component_name(reference):
    return reference.removeprefix("#/components/schemas/")


def referenced_components(schema, components, found):
    """Add to ``found`` the names of every component ``schema`` refers to, transitively."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = component_name(schema["$ref"])
            if name not in found:  # every reference in the document resolves
                found.add(name)
                referenced_components(components[name], components, found)
        for value in schema.values():
            referenced_components(value, components, found)
    elif isinstance(schema, list):
        for value in schema:
            referenced_components(value, components, found)


def request_bodies(document):
    """(path, media type, schema) of every request body the document describes."""
    for path, operations in document["paths"].items():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media_type in BODY_MEDIA_TYPES:
                if media_type in content:
                    yield path, media_type, content[media_type]["schema"]


def body_schemas(document):
    """Every object schema a request body uses, inline or by reference: {id: (name, schema, media types, paths)}."""
    components = document["components"]["schemas"]
    found = {}
    for path, media_type, schema in request_bodies(document):
        names = set()
        referenced_components(schema, components, names)
        entries = [(name, components[name]) for name in names] + [("", schema)]  # and the inline schema itself
        for name, definition in entries:
            _name, _definition, media_types, paths = found.setdefault(id(definition), (name, definition, set(), set()))
            media_types.add(media_type)
            paths.add(path)
    return components, found.values()


def type_comes_from_the_path(name, schema, paths):
    """A snippet body's ``meta.type`` may be left out: the server takes the type from the URL."""
    if name.endswith("MetaSchema") and all(path.startswith("/api/v3/snippets/") for path in paths):
        schema["required"].remove("type")
        if not schema["required"]:
            del schema["required"]


def required_elsewhere(name, components):
    """Fields a patch schema's create counterpart requires: a patch may leave them out, not empty them."""
    if name.endswith("PatchSchema"):
        return set(components[name.removesuffix("PatchSchema") + "CreateSchema"]["required"])
    return set()


def text_rules(name, schema, components):
    required = set(schema.get("required", [])) | required_elsewhere(name, components)
    for field, definition in schema.get("properties", {}).items():
        for branch in string_branches(definition):
            if branch.get("format") == "binary" or "enum" in branch or "const" in branch:
                continue
            if field == "slug":
                branch["pattern"] = SLUG
            elif field in required:
                branch["pattern"] = NOT_BLANK
                branch.setdefault("minLength", 1)
            else:
                branch.setdefault("pattern", NO_NUL)


def without_null(schema):
    """``schema`` with JSON's null taken out of every ``anyOf`` (a form field is left out instead)."""
    for field, definition in schema["properties"].items():  # a multipart body is always an inline object
        members = [member for member in definition.get("anyOf", []) if member.get("type") != "null"]
        if members:
            rest = {key: value for key, value in definition.items() if key != "anyOf"}
            schema["properties"][field] = {**members[0], **rest} if len(members) == 1 else {**rest, "anyOf": members}


def query_parameters_refuse_nul(document):
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation["parameters"]:  # ninja lists them for every operation, maybe none
                if parameter["in"] == "query" and parameter["name"] not in FREE_TEXT_PARAMETERS:
                    for branch in string_branches(parameter["schema"]):
                        if "enum" not in branch and "const" not in branch:
                            branch.setdefault("pattern", NO_NUL)


# Media types of the file extensions Wagtail's uploads may allow (written out: the machine's own table
# differs between systems, and the document must not).
EXTENSION_MEDIA_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "heic": "image/heic",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def upload_media_types():
    """Media types of the files each upload endpoint takes, from the extensions Wagtail allows."""
    from django.conf import settings
    from wagtail.images.fields import get_allowed_image_extensions

    def media_types(extensions):
        return ", ".join(
            sorted({EXTENSION_MEDIA_TYPES.get(extension, "application/octet-stream") for extension in extensions})
        )

    return {
        "/api/v3/images/": media_types(get_allowed_image_extensions()),
        "/api/v3/documents/": media_types(settings.WAGTAILDOCS_EXTENSIONS),
    }


def uploads_documented(document):
    """Name the file types an upload takes (multipart ``encoding``): any other is refused with 422."""
    for path, media_types in upload_media_types().items():
        form = document["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]
        form["encoding"] = {"file": {"contentType": media_types}}
        for name, definition in form["schema"]["properties"].items():
            if name.startswith("focal_point_") and definition.get("type") == "integer":
                definition["minimum"] = 0  # a position or size in pixels (the image model's validators)


def patches_fit_several_types(document):
    """A page PATCH body is read as the page's own type, so one body may fit several: ``anyOf``, not ``oneOf``.

    Wagtail documents the union as ``oneOf`` (exactly one), which made ``{"slug": "..."}`` invalid by the
    document: it fits every page type's patch schema.
    """
    for operations in document["paths"].values():
        operation = operations.get("patch", {})
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if "oneOf" in schema:
            schema["anyOf"] = schema.pop("oneOf")


def apply_write_rules(document):
    """``document`` with the write rules above stated in it (changed in place, and returned)."""
    query_parameters_refuse_nul(document)
    patches_fit_several_types(document)
    components, schemas = body_schemas(document)
    for name, schema, media_types, paths in schemas:
        if "multipart/form-data" in media_types:
            without_null(schema)
        text_rules(name, schema, components)
        type_comes_from_the_path(name, schema, paths)
    uploads_documented(document)  # after without_null: the focal point fields are plain integers by now
    return document


def write_rules_documented(get_openapi_schema):
    def wrapper(*args, **kwargs):
        return apply_write_rules(get_openapi_schema(*args, **kwargs))

    return wrapper
