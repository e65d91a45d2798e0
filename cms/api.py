"""The one API object: Wagtail's v3 API plus the project's routers.

Routers must be added before ``api.urls`` is first read, so every project router is
added here, in one place, and ``cms.urls`` imports the finished object.
"""

from wagtail.api.v3.urls import api

from contact.api import router as forms_router
from editorial.api import router as workflow_router

api.add_router("/pages/", workflow_router)
api.add_router("/forms/", forms_router)

__all__ = ["api"]
