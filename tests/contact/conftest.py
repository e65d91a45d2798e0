import time
import types
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from contact import rate_limit
from contact.antispam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from contact.models import ConsultationFormPage
from editorial.roles import EDITORS, INTAKE, RESEARCHERS
from tests.factories import make_user

# A moment 100 seconds into a 600-second window (1_800_000_000 is a multiple of 600).
WINDOW_START = 1_800_000_000
NOW = WINDOW_START + 100


@pytest.fixture
def clock(monkeypatch):
    """Freeze the rate limit's clock; ``clock.now`` may be moved by the test."""
    frozen = types.SimpleNamespace(now=NOW)
    monkeypatch.setattr(rate_limit, "time", types.SimpleNamespace(time=lambda: frozen.now))
    return frozen


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate-limit counters live in the (process-wide) cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(db):
    return ConsultationFormPage.objects.get(slug="consultation")


def meeting_time(days=7):
    return (timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def aged_token(page, seconds=60):
    """A form token handed out ``seconds`` ago (the minimum time-to-fill is 3 seconds)."""
    return issue_form_token(page, issued_at=time.time() - seconds)


def valid_answers(page):
    """A valid HTML submission (form-encoded) to the consultation form ``page``."""
    return {
        "full_name": "Amina Yusuf Haidari",
        "email": "amina@example.org",
        "phone": "+44 20 7946 0000",
        "i_am": "An asylum applicant",
        "country_of_origin": "Kazakhstan",
        "case_description": "I was detained twice after a peaceful protest in Almaty.",
        "preferred_time": meeting_time(),
        "requests": ["A sample report", "A free consultation"],
        "consent": "on",
        TOKEN_FIELD: aged_token(page),
        HONEYPOT_FIELD: "",
    }


@pytest.fixture
def answers(consultation):
    return valid_answers(consultation)


@pytest.fixture
def json_answers(answers):
    data = dict(answers)
    data["consent"] = True
    del data[HONEYPOT_FIELD]
    return data


def submissions():
    return FormSubmission.objects.all()


@pytest.fixture
def groups(db):
    """The editorial roles, as editorial.roles' migration made them."""
    return {name: Group.objects.get(name=name) for name in (EDITORS, RESEARCHERS, INTAKE)}


@pytest.fixture
def users(groups):
    return {
        "anonymous": None,
        "researcher": make_user("researcher1", RESEARCHERS),
        "editor": make_user("editor1", EDITORS),
        "intake": make_user("intake1", INTAKE),
        "superuser": make_user("root1", superuser=True),
    }
