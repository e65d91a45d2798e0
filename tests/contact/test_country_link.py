"""Every country page and analysis links to the consultation form with its country chosen."""

import re

import pytest

from countries.models import AnalysisPage, CountryPage

pytestmark = pytest.mark.django_db


def selected_country(html):
    select = re.search(r'<select name="country_of_origin".*?</select>', html, re.DOTALL).group()
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_a_country_without_analyses_links_to_an_expert_report_on_it(client):
    somalia = CountryPage.objects.get(iso_code="SO")
    assert not AnalysisPage.objects.child_of(somalia).exists()
    html = client.get(somalia.url).content.decode()
    assert "No analysis of Somalia is published yet." in html
    assert 'href="/consultation/?country=SO"' in html


def test_an_analysis_links_to_the_form_with_its_country(client, analysis):
    html = client.get(analysis.url).content.decode()
    assert 'href="/consultation/?country=KZ"' in html
    assert "expert report on Kazakhstan" in html


def test_the_form_comes_with_the_linked_country_chosen(client):
    assert selected_country(client.get("/consultation/?country=KZ").content.decode()) == ["Kazakhstan"]
    assert selected_country(client.get("/consultation/?country=so").content.decode()) == ["Somalia"]


@pytest.mark.parametrize("value", ["", "ZZ", "KAZ", "K", "%00K", "K%00", "%C3%A9%C3%A9", "12"])
def test_an_unknown_or_odd_country_chooses_nothing(client, value):
    response = client.get(f"/consultation/?country={value}")
    assert response.status_code == 200
    assert selected_country(response.content.decode()) == [""]  # "Choose a country"


def test_without_a_live_form_there_is_no_link(client, analysis):
    from contact.models import ConsultationFormPage

    ConsultationFormPage.objects.get().unpublish()
    assert "/consultation/?country=" not in client.get(analysis.url).content.decode()
