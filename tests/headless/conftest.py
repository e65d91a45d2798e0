from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import APIToken

# The committed OpenAPI document: `make openapi-snapshot` rewrites it after an intended API change.
SNAPSHOT = Path(__file__).parent / "openapi.snapshot.json"


def bearer(user):
    _, plaintext = APIToken.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def plain_user(db):
    """Signed in to nothing: an account without any page permission (e.g. the intake team)."""
    return get_user_model().objects.create_user("reader", "reader@example.com", "pw")
