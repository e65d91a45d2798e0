"""The API shape of every page type's computed and structured fields, registered by headless itself.

Page models list their API fields by name only (plain ``APIField``s). Wagtail's v3 read-schema
generator types a name that is not a Django field as ``Any`` and a StreamField as a list of anything;
here each such field gets its typed schema (``headless.schemas``) and the function that builds its value
(``headless.content``). The read schemas are rebuilt on Wagtail's content-type registry from
``HeadlessConfig.ready()``: the registry is documented as open to other apps' ``ready()`` hooks, and the
API's routers read it later, when the URLconf is loaded. So no app has to come before another.
"""

import dataclasses

from django.utils import timezone
from pydantic import TypeAdapter

from core import content_cache

from . import content, versions
from .schemas import (
    AnalysisBodyItem,
    AnalysisSummary,
    Author,
    CountryRef,
    CountrySummary,
    RegionDirectoryEntry,
    RegionRef,
    TableOfContentsEntry,
)


def _author_list(page):
    return [{"name": a.expert.name, "role": a.expert.role, "bio": a.expert.bio} for a in versions.authors(page)]


# {page type: {field name: (annotation, value for the page and the serialiser's context)}}.
# Computed fields are typed "or null", as Wagtail types every field it does not read from a column.
PAGE_SHAPES = {
    "home.HomePage": {
        "regions": (list[RegionDirectoryEntry] | None, lambda page, context: content.region_directory_entries(page)),
    },
    "countries.RegionPage": {
        "countries": (
            list[CountrySummary] | None,
            lambda page, context: [content.country_summary(country) for country in page.live_countries()],
        ),
    },
    "countries.CountryPage": {
        # "aliases" on Page is Wagtail's alias-page relation; the API names the country's other names so.
        "aliases": (list[str] | None, lambda page, context: page.alias_list()),
        "region": (RegionRef | None, lambda page, context: content.region_ref(page.get_parent())),
        "analyses": (
            list[AnalysisSummary] | None,
            lambda page, context: [content.analysis_summary(analysis) for analysis in page.live_analyses()],
        ),
    },
    "countries.AnalysisPage": {
        "body": (list[AnalysisBodyItem], content.analysis_body),
        "table_of_contents": (list[TableOfContentsEntry] | None, lambda page, context: page.table_of_contents),
        "authors": (list[Author] | None, lambda page, context: _author_list(page)),
        "version": (versions.VersionSummary | None, versions.current_version),
        "versions": (list[versions.VersionSummary] | None, versions.all_versions),
        "paragraphs": (list[versions.Paragraph] | None, lambda page, context: versions.paragraphs(page)),
        "disclaimer": (str | None, lambda page, context: page.disclaimer),
        # Wagtail's own shape for tags (names, in the order they were added), kept with the others.
        "topics": (list[str], lambda page, context: list(page.topics.values_list("name", flat=True))),
        "sources": (list[versions.SourceSchema] | None, lambda page, context: versions.sources(page)),
        "footnotes": (list[versions.FootnoteSchema] | None, lambda page, context: versions.footnotes(page)),
        "country": (CountryRef | None, lambda page, context: content.country_ref(page.country_page())),
        "region": (
            RegionRef | None,
            lambda page, context: content.region_ref(page.country_page().get_parent()),
        ),
    },
}


# Fields whose default in the OpenAPI document is an empty list (as Wagtail's own are), not null.
LIST_DEFAULTS = {"body", "topics"}


def _resolver(name, annotation, build):
    # Validated once when made: pydantic takes instances of its own models as they are, so a kept
    # value costs nothing to validate again (validation was most of a detail's cost).
    adapter = TypeAdapter(annotation)

    def resolve(page, context):
        request = context.get("request")
        if request is None or not _is_public_detail(request, page):
            return build(page, context)
        # The public detail of a live page: its values depend only on the content (the generation),
        # the host (absolute URLs), the rich-text format asked for and the day (citations say
        # "accessed <today>"). Kept in this process, one dict per page view.
        view = (page.pk, request.get_host(), request.GET.get("rich_text_format", ""), timezone.localdate())
        values = content_cache.kept(f"api-fields:{view}", dict)
        if name not in values:
            values[name] = adapter.validate_python(build(page, context))
        return values[name]

    return staticmethod(resolve)


def _is_public_detail(request, page):
    """An anonymous GET of ``/api/v3/pages/<id>/`` (not a revision, a preview or a token's view)."""
    return (
        content_cache.enabled()
        and request.method == "GET"
        and "authorization" not in request.headers
        and request.path.endswith(f"/pages/{page.pk}/")
        and getattr(page, "live", False)
    )


def register_page_shapes(shapes=PAGE_SHAPES):
    """Replace each listed page type's read schema by one with the typed fields."""
    from wagtail.api.v3.registry import registry
    from wagtail.api.v3.schemas.generators.read import read_generator

    for label, fields in shapes.items():
        registration = registry.get(label)
        schema = registration.read_schema
        typed = {
            name: (annotation, [] if name in LIST_DEFAULTS else None, _resolver(name, annotation, build))
            for name, (annotation, build) in fields.items()
        }
        # The same name as Wagtail's: it is the component's name in the OpenAPI document.
        extended = read_generator.extend_schema(schema, schema.__name__, typed)
        registry.register(dataclasses.replace(registration, read_schema=extended))


def _classes_in(annotation):
    """Every class named anywhere in a (nested) typing annotation."""
    import typing

    if isinstance(annotation, type):
        return {annotation}
    return set().union(*(_classes_in(arg) for arg in typing.get_args(annotation)), set())


def page_types_served_untyped(shapes=PAGE_SHAPES):
    """The listed page types whose typed schema the pages endpoints do not use.

    Wagtail's pages router builds its response union from the registry when it is first imported,
    which ``wagtail.images``' ``ready()`` does; a registration after that reaches ``/schema/`` only.
    """
    from wagtail.api.v3.registry import registry
    from wagtail.api.v3.routers.pages import PageDetailSchema

    served = _classes_in(PageDetailSchema)
    return sorted(label for label in shapes if registry.get(label).read_schema not in served)
