"""Honeypot and minimum time-to-fill, shared by the HTML form and the JSON API.

wagtail-honeypot was considered: its time stamp is unsigned (a bot can send any time), it does not
declare Wagtail 8 support, and it only protects the HTML form. A signed token does the same job for
both clients: it records when the form was handed out and for which page.
"""

import time

from django.conf import settings
from django.core import signing

TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
# A plausible name that tempts form-filling bots; people never see the field (display: none).
HONEYPOT_FIELD = "website_url"
RESERVED_FIELDS = frozenset({TOKEN_FIELD, HONEYPOT_FIELD})

_SALT = "contact.form-token"

MISSING = "We could not check this form. Please send it again."
EXPIRED = "This form was open for a long time. Please check your answers and send it again."
TOO_FAST = "That was quicker than we expected. Please check your answers and send the form again."


def min_seconds_to_fill():
    return settings.FORM_MIN_SECONDS_TO_FILL


def issue_form_token(page, issued_at=None):
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"page": page.pk, "t": issued_at}, salt=_SALT)


def form_token_problem(token, page):
    """Why ``token`` does not allow a submission to ``page`` now, or None if it does."""
    if not isinstance(token, str) or not token:
        return MISSING
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return MISSING
    if not isinstance(payload, dict) or payload.get("page") != page.pk or not isinstance(payload.get("t"), int):
        return MISSING
    age = time.time() - payload["t"]
    if age > settings.FORM_TOKEN_MAX_AGE:
        return EXPIRED
    if age < min_seconds_to_fill():
        return TOO_FAST
    return None


def honeypot_filled(data):
    value = data.get(HONEYPOT_FIELD)
    return bool(value) and value != [""]
