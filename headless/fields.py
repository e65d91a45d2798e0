"""Typed ``APIField``s for page properties.

Wagtail's v3 generator types a plain property as ``Any``; for an ``APIField`` with a
DRF ``serializer`` it uses the return annotation of the serializer's
``to_representation`` instead. ``typed_api_field`` builds such a serializer for a
property, so ``api_fields`` stays the one list of what a page exposes and the
OpenAPI document still says what each field holds.
"""

from rest_framework.fields import Field
from wagtail.api import APIField


class _PropertyField(Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)


def typed_api_field(name, returns, *, source=None):
    """An ``APIField`` ``name`` read from the property ``source`` (default: ``name``), typed as ``returns``."""

    def to_representation(self, value) -> returns:
        return value

    serializer_class = type(f"{name.title().replace('_', '')}Field", (_PropertyField,), {})
    serializer_class.to_representation = to_representation
    return APIField(name, serializer=serializer_class(source=source))
