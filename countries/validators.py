from django.core.exceptions import ValidationError

from .iso3166 import VALID_CODES


def validate_iso_code(value):
    if value not in VALID_CODES:
        raise ValidationError(
            "“%(value)s” is not an ISO 3166-1 alpha-2 country code (use two capital letters, e.g. KZ; XK for Kosovo).",
            code="invalid_iso_code",
            params={"value": value},
        )
