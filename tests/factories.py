"""Factories for the project's pages and snippets (factory_boy + wagtail-factories)."""

import datetime

import factory
import wagtail_factories

from countries.models import AnalysisPage, CountryPage, Expert, RegionPage


class RegionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Region {n}")
    introduction = "A region."

    class Meta:
        model = RegionPage


class CountryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Country {n}")
    iso_code = factory.Iterator(["AD", "AE", "AG", "AI", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX"])
    summary = "A one-line summary."

    class Meta:
        model = CountryPage


class AnalysisPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Analysis {n}")
    standfirst = "What the analysis finds."
    body = factory.LazyFunction(
        lambda: [("heading", "Background"), ("paragraph", "<p>Some findings about the country.</p>")]
    )
    current_as_of = factory.LazyFunction(lambda: datetime.date(2026, 10, 1))
    next_review_due = factory.LazyFunction(lambda: datetime.date(2027, 4, 1))

    class Meta:
        model = AnalysisPage


class ExpertFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Expert {n}")
    role = "Country expert"
    bio = "Writes about the region."

    class Meta:
        model = Expert


def publish(page):
    """Publish ``page`` through a revision, as the admin does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def save_draft(page):
    """Leave ``page``'s latest changes as an unpublished draft revision."""
    page.save_revision()
    return page
