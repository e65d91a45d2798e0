"""Factories for the project's pages and snippets (factory_boy + wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.search.backends import get_search_backend

from countries.models import AnalysisPage, AnalysisSource, CountryPage, Expert, RegionPage, Source


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


def make_user(username, *roles, superuser=False, **extra):
    """A user in the named groups: the editorial roles (editorial.roles, made by its migration) or others.

    The password is ``pass-<username>``; the e-mail address ``<username>@example.org``.
    """
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=f"pass-{username}",
        is_superuser=superuser,
        is_staff=superuser,
        **extra,
    )
    user.groups.add(*(Group.objects.get(name=role) for role in roles))
    return user


def make_analysis(
    country,
    title,
    *,
    standfirst="What the analysis finds.",
    text="Some findings.",
    topics=(),
    current_as_of=datetime.date(2026, 1, 1),
    sources=(),
    live=True,
):
    """An analysis under ``country``, published through a revision as editors do (unless ``live=False``)."""
    page = AnalysisPageFactory.build(
        title=title,
        standfirst=standfirst,
        body=[("heading", "Findings"), ("paragraph", f"<p>{text}</p>")],
        current_as_of=current_as_of,
        next_review_due=None,
    )
    page.topics.add(*topics)
    for source in sources:
        page.sources.add(AnalysisSource(source=Source.objects.create(author="A publisher", title=source)))
    if live:
        country.add_child(instance=page)
        publish(page)
    else:
        page.live = False
        country.add_child(instance=page)
        page.save_revision()
    refresh_index()
    return page


def refresh_index():
    """Make recent writes searchable (Elasticsearch refreshes periodically; database backends need nothing)."""
    get_search_backend().refresh_indexes()
