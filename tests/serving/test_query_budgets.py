"""Each public route runs a fixed number of SQL queries, however many countries, analyses, topics,
authors and sources there are.

Budgets are measured with the page cache off (every response rendered). "warm" is production with
Redis: the region menu and contact channels come from the content cache; "cold" has no content cache
at all (the first request after a publish, or a site without Redis). To budget a new route, add a line
to ROUTES.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from countries.models import AnalysisPage, CountryPage, Expert, Source

# name: (url builder, warm budget, cold budget). The uncached analysis page's goal is 10 queries.
# Warm, the Site and its root page come from the content cache (serving/site_lookup.py). Search
# includes the matching documents' rows (ids, ranks and facet keys in one statement, search.matches),
# the results' pages and topics, editors' picks and the popular-searches hit. An analysis (page and
# API detail) reads its versions once (the version stamp, the version list and the citation) and the
# sources it cites or lists, in one query with the attachments' query it always made, and the archived
# copies of those sources (archive app), in one more.
ROUTES = {
    "home": (lambda a: "/", 4, 12),
    "region": (lambda a: a.get_parent().get_parent().url, 3, 11),
    # Cold, the country and the analysis page look up the consultation form's address (one query).
    "country": (lambda a: a.get_parent().url, 4, 13),
    "analysis": (lambda a: a.url, 10, 19),
    "search-html": (lambda a: "/search/?q=elections", 8, 14),
    "search-json": (lambda a: "/api/v3/search/?q=elections", 8, 9),
    "api-list-analyses": (lambda a: "/api/v3/pages/?type=countries.AnalysisPage", 3, 4),
    "api-list-countries": (lambda a: "/api/v3/pages/?type=countries.CountryPage", 3, 4),
    "api-detail-analysis": (lambda a: f"/api/v3/pages/{a.pk}/", 16, 17),
    "api-detail-country": (lambda a: f"/api/v3/pages/{a.get_parent().pk}/", 7, 8),
    "api-detail-region": (lambda a: f"/api/v3/pages/{a.get_parent().get_parent().pk}/", 7, 8),
    "api-detail-home": (lambda a: f"/api/v3/pages/{a.get_parent().get_parent().get_parent().pk}/", 6, 11),
}

EXTRA_ANALYSES = 100


def add_corpus():
    """100 more published analyses about elections, spread over every country, each with topics,
    two authors and three sources."""
    from tests.factories import AnalysisPageFactory, ExpertFactory

    experts = [ExpertFactory() for _ in range(10)]
    countries = list(CountryPage.objects.order_by("path"))
    for n in range(EXTRA_ANALYSES):
        country = countries[n % len(countries)]
        page = AnalysisPageFactory.build(
            title=f"Elections and dissent {n}",
            live=False,
            first_published_at=None,
            current_as_of=datetime.date(2026, 9, 1),
        )
        country.add_child(instance=page)
        page.topics.add("elections", f"topic {n}", f"topic {n + 1}")
        for i in range(2):
            page.authors.create(expert=experts[(n + i) % len(experts)], sort_order=i)
        for i in range(3):
            source = Source.objects.create(title=f"Source {n}.{i}", author="A publisher")
            page.sources.create(source=source, sort_order=i)
        page.save_revision().publish()
    assert Expert.objects.count() >= 10


def count_queries(client, django_assert_max_num_queries, url, budget):
    # The first request fills the menu and footer caches when they are on, and Wagtail's site root paths.
    first = client.get(url)
    if first.status_code == 404 and url.startswith("/api/v3/search/"):
        pytest.skip("the search JSON endpoint is not on this branch")
    assert first.status_code == 200, url
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def seed_analysis(db):
    return AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")


@pytest.fixture
def budget_mode(request, settings):
    warm = request.param == "warm"
    settings.CONTENT_CACHE_ENABLED = warm
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    return warm


@pytest.fixture(scope="class")
def grown_corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        add_corpus()
        yield
        transaction.set_rollback(True)


SEPARATE_SEARCH = 2  # the count with the place facets, the topic facet and the ranked page: 3, not 1


def budget_for(name, warm):
    _, warm_budget, cold_budget = ROUTES[name]
    budget = warm_budget if warm else cold_budget
    if name.startswith("search-") and connection.vendor != "postgresql":
        budget += SEPARATE_SEARCH
    return budget


@pytest.mark.django_db
@pytest.mark.parametrize("budget_mode", ["warm", "cold"], indirect=True)
@pytest.mark.parametrize("name", ROUTES)
class TestQueryBudgets:
    def test_on_the_seed(self, client, django_assert_max_num_queries, seed_analysis, name, budget_mode):
        url = ROUTES[name][0](seed_analysis)
        count_queries(client, django_assert_max_num_queries, url, budget_for(name, budget_mode))

    def test_after_adding_analyses(
        self, grown_corpus, client, django_assert_max_num_queries, seed_analysis, name, budget_mode
    ):
        assert AnalysisPage.objects.live().count() > EXTRA_ANALYSES
        url = ROUTES[name][0](seed_analysis)
        count_queries(client, django_assert_max_num_queries, url, budget_for(name, budget_mode))
