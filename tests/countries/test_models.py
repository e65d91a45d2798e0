import datetime

import pytest
from django.core.exceptions import ValidationError

from countries.models import AnalysisPage, CountryPage
from tests.factories import AnalysisPageFactory, CountryPageFactory


@pytest.mark.parametrize("code", ["ZZ", "K", "KZZ", "12", "", "UK"])
def test_invalid_iso_codes_are_rejected(region, code):
    country = CountryPage(title="Nowhere", slug="nowhere", iso_code=code, summary="x")
    with pytest.raises(ValidationError) as excinfo:
        country.full_clean()
    assert "iso_code" in excinfo.value.message_dict


def test_iso_code_is_stored_in_capitals_and_kosovo_code_is_allowed(db):
    country = CountryPage(title="Kosovo test", slug="kosovo-test", iso_code="xk", summary="x")
    country.full_clean(exclude=["path", "depth"], validate_unique=False)
    assert country.iso_code == "XK"


def test_iso_code_is_unique(region):
    duplicate = CountryPage(title="Second Kazakhstan", slug="kz2", iso_code="KZ", summary="x")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean(exclude=["path", "depth"])
    assert "iso_code" in excinfo.value.message_dict


def test_table_of_contents_follows_section_headings_with_unique_anchors(kazakhstan):
    page = AnalysisPageFactory.build(
        body=[
            ("heading", "Elections"),
            ("paragraph", "<p>Text</p>"),
            ("heading", "Elections"),
            ("heading", "Freedom of speech"),
        ]
    )
    assert page.table_of_contents == [
        {"anchor": "elections", "title": "Elections"},
        {"anchor": "elections-2", "title": "Elections"},
        {"anchor": "freedom-of-speech", "title": "Freedom of speech"},
    ]
    anchors = [anchor for _, anchor in page.body_with_anchors()]
    assert anchors == ["elections", None, "elections-2", "freedom-of-speech"]


def test_country_lists_live_analyses_newest_first(kazakhstan):
    older = AnalysisPageFactory(parent=kazakhstan, title="Older", current_as_of=datetime.date(2020, 1, 1))
    newer = AnalysisPageFactory(parent=kazakhstan, title="Newer", current_as_of=datetime.date(2030, 1, 1))
    draft = AnalysisPageFactory(parent=kazakhstan, title="Draft", live=False)
    listed = list(kazakhstan.live_analyses())
    assert listed[0] == newer
    assert listed[-1] == older
    assert draft not in listed


def test_country_factory_builds_valid_pages(region):
    country = CountryPageFactory(parent=region, iso_code="AD")
    assert CountryPage.objects.get(pk=country.pk).get_parent().specific == region


def test_review_overdue(kazakhstan):
    page = AnalysisPage(next_review_due=datetime.date(2026, 1, 1))
    assert page.is_review_overdue(today=datetime.date(2026, 1, 2))
    assert not page.is_review_overdue(today=datetime.date(2025, 12, 31))
    assert not AnalysisPage(next_review_due=None).is_review_overdue()
