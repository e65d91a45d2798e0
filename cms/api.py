"""The one API object: Wagtail's v3 API plus the project's routers.

Routers must be added before ``api.urls`` is first read, so every project router is
added here, in one place, and ``cms.urls`` imports the finished object.
"""

from wagtail.api.v3.urls import api

from contact.api import router as forms_router
from editorial.api import router as workflow_router
from headless.api import router as headless_router
from headless.openapi import (
    anonymous_access_as_empty_requirement,
    combinations_documented,
    errors_as_problem_json,
    every_error_documented,
    ordering_documented,
    pagination_bounds_documented,
    snippet_translation_parameters_documented,
)
from headless.openapi_write_rules import write_rules_documented
from headless.problems import missing_references_are_not_found
from headless.versions import router as versions_router
from search.api import router as search_router

api.title = "Country analyses API"
api.description = (
    "Wagtail's v3 API for the country analyses: pages with their structured fields, images, documents, "
    "redirects, site settings, draft preview, search, the consultation form and the review workflow. "
    "Reads are public for live, public content; anything else needs a bearer token (see the README)."
)
api.add_router("/pages/", workflow_router)
api.add_router("/forms/", forms_router)
api.add_router("/search/", search_router)
api.add_router("/", headless_router)
api.add_router("/", versions_router)
missing_references_are_not_found(api)
api.get_openapi_schema = write_rules_documented(
    errors_as_problem_json(
        every_error_documented(
            combinations_documented(
                ordering_documented(
                    pagination_bounds_documented(
                        snippet_translation_parameters_documented(
                            anonymous_access_as_empty_requirement(api.get_openapi_schema)
                        )
                    )
                )
            )
        )
    )
)

__all__ = ["api"]
