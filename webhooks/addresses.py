"""Where a webhook may be sent: public addresses only (core.outbound), checked when an endpoint is saved
and again, after DNS resolution, on every delivery (``webhooks.delivery`` connects through
``core.outbound``'s vetted connections).

The validator lives here, under its old name, because migrations refer to it.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from core.outbound import ForbiddenAddress, vetted_addresses


def validate_public_url(url):
    """Model validator: the URL's host must resolve to public addresses only (or allowed networks)."""
    parts = urlsplit(url)
    try:
        vetted_addresses(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except ForbiddenAddress as e:
        raise ValidationError(f"Webhooks go to public addresses only: {e}.", code="forbidden_address") from e
