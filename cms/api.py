"""The one API object: Wagtail's v3 API plus the project's routers.

Routers must be added before ``api.urls`` is first read, so every project router is
added here, in one place, and ``cms.urls`` imports the finished object.
"""

from wagtail.api.v3.urls import api

from search.api import router as search_router

api.add_router("/search/", search_router)

__all__ = ["api"]
