from django.db import models

from .validators import validate_iso_code


class CountryCodeField(models.CharField):
    """An ISO 3166-1 alpha-2 code, stored in capitals whatever case an editor types."""

    default_validators = [validate_iso_code]

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 2
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value
