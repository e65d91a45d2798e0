"""An analysis has at most MAX_TOPICS topics: the admin form says so beside the field, and nothing is saved."""

from django.urls import reverse

from countries.forms import MAX_TOPICS
from countries.models import AnalysisPage

from .test_admin_journey import analysis_form, login


def topics(n):
    return ", ".join(f"topic {i}" for i in range(n))


def test_the_admin_form_refuses_more_topics_than_the_limit_and_saves_nothing(kazakhstan, researcher):
    client = login(researcher)
    add_url = reverse("wagtailadmin_pages:add", args=["countries", "analysispage", kazakhstan.pk])
    response = client.post(add_url, analysis_form(topics=topics(MAX_TOPICS + 1)))
    assert response.status_code == 200
    assert f"At most {MAX_TOPICS} topics per analysis (this one has {MAX_TOPICS + 1})" in response.content.decode()
    assert not AnalysisPage.objects.filter(slug="journalists-imprisoned").exists()


def test_the_admin_form_accepts_as_many_topics_as_the_limit(kazakhstan, researcher):
    client = login(researcher)
    add_url = reverse("wagtailadmin_pages:add", args=["countries", "analysispage", kazakhstan.pk])
    assert client.post(add_url, analysis_form(topics=topics(MAX_TOPICS))).status_code == 302
    page = AnalysisPage.objects.get(slug="journalists-imprisoned")
    assert len(page.topics.all()) == MAX_TOPICS
