import time
import types
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission

from contact import rate_limit
from contact.antispam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from contact.models import ConsultationFormPage

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


def make_user(username, *group_names, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password="x", email=f"{username}@example.org", is_superuser=superuser, is_staff=superuser
    )
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def groups(home):
    """The three roles as the editorial app sets them up: Editors and Researchers can edit every page."""
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    made = {}
    for name, page_permissions in (
        ("Editors", ("add", "change", "publish")),
        ("Researchers", ("add", "change")),
        ("Intake", ()),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for permission_type in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                ),
            )
        made[name] = group
    return made


@pytest.fixture
def users(groups):
    return {
        "anonymous": None,
        "researcher": make_user("researcher1", "Researchers"),
        "editor": make_user("editor1", "Editors"),
        "intake": make_user("intake1", "Intake"),
        "superuser": make_user("root1", superuser=True),
    }
