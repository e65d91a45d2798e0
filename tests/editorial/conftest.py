import pytest
from django.contrib.auth import get_user_model
from wagtail.models import APIToken

from editorial.roles import EDITORS, INTAKE, RESEARCHERS
from tests.factories import AnalysisPageFactory, make_user


@pytest.fixture
def researcher(db):
    return make_user("rita", RESEARCHERS, first_name="Rita")


@pytest.fixture
def other_researcher(db):
    return make_user("oscar", RESEARCHERS)


@pytest.fixture
def editor(db):
    return make_user("edith", EDITORS, first_name="Edith")


@pytest.fixture
def second_editor(db):
    return make_user("emil", EDITORS)


@pytest.fixture
def intake(db):
    return make_user("ingrid", INTAKE)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pass-root")


@pytest.fixture
def token_for(db):
    def make(user):
        _, plaintext = APIToken.create_token(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    return make


@pytest.fixture
def draft_analysis(kazakhstan, researcher):
    page = AnalysisPageFactory(
        parent=kazakhstan, title="Draft on elections", slug="draft-on-elections", live=False, owner=researcher
    )
    page.save_revision(user=researcher)
    return page
