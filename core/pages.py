"""The one base class of the project's page types."""

from wagtail.models import Page

from .preview import FrontEndPreviewMixin
from .routing import TypedChildRoutingMixin, ViewRestrictionsMixin


class BasePage(ViewRestrictionsMixin, TypedChildRoutingMixin, FrontEndPreviewMixin, Page):
    """Every page type of the site: cheaper routing and view-restriction checks, front-end preview.

    A page type declares its fields, panels, ``search_fields``, plain ``api_fields`` and parent and
    child rules; how the API shapes its computed fields is ``headless``'s business (headless.page_shapes).
    """

    class Meta:
        abstract = True
