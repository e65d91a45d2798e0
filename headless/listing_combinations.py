"""Answer the parameter combinations Wagtail's v3 list endpoints refuse though each parameter is valid.

OpenAPI cannot say that two query parameters exclude each other, so a client that follows the document
could send any of these and be told 422. Each is rewritten into the request Wagtail answers with the
meaning the combination has; the OpenAPI document says so (headless.openapi.combinations_documented).

- ``order=random`` with ``offset``: a random order has no stable positions to skip, so each request
  is a fresh random sample and ``offset`` is ignored.
- ``search`` with ``order=random`` or by a field the search index cannot sort by: results come by relevance.
- ``child_of`` with ``descendant_of``: the children of ``child_of`` that lie within ``descendant_of``,
  which is all of them when ``child_of`` is ``descendant_of`` or inside it, and none otherwise.
"""

from django.apps import apps
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

SEARCHABLE_LISTINGS = {
    "/api/v3/pages/": lambda params: listed_page_model(params),
    "/api/v3/images/": lambda params: get_image_model(),
    "/api/v3/documents/": lambda params: get_document_model(),
}


def searchable_model(path, params):
    """The model a searchable list endpoint lists, or None for any other path."""
    if path in SEARCHABLE_LISTINGS:
        return SEARCHABLE_LISTINGS[path](params)
    parts = path.removeprefix("/api/v3/snippets/").split("/")
    if path.startswith("/api/v3/snippets/") and len(parts) == 2 and not parts[1]:
        try:
            return apps.get_model(parts[0])
        except (LookupError, ValueError):
            return None  # an unknown type: Wagtail's own validation answers
    return None


def listed_page_model(params):
    """The one page type ``type`` names, else Page (a type that is no page type, Wagtail refuses)."""
    types = params.getlist("type")
    if len(types) != 1:
        return Page
    try:
        return apps.get_model(types[0])
    except (LookupError, ValueError):
        return Page  # an unknown type: Wagtail's own validation answers


def reconcile_listing_parameters(request):
    """Rewrite ``request.GET`` so Wagtail answers what the combination of its parameters means."""
    if request.method != "GET" or not request.path.startswith("/api/v3/"):
        return
    # Wagtail reads its parameters from request.GET only; QUERY_STRING keeps what the client sent, for
    # the page cache's key and error reports.
    params = request.GET.copy()
    drop_offset_from_random_order(params)  # every list endpoint with an order
    model = searchable_model(request.path, params)
    if model is not None:
        drop_order_the_search_cannot_sort_by(params, model)
    if request.path == "/api/v3/pages/":
        intersect_child_of_and_descendant_of(request, params)
    request.GET = params


def drop_offset_from_random_order(params):
    if params.get("order") == "random" and "offset" in params:
        del params["offset"]


def drop_order_the_search_cannot_sort_by(params, model):
    if not params.get("search") or "order" not in params:
        return
    if not hasattr(model, "get_filterable_search_fields"):
        return  # not indexed for search: Wagtail says so
    sortable = {field.field_name for field in model.get_filterable_search_fields()}
    # Wagtail takes each ``order`` value as one field name (a comma-separated list is a 422 there too).
    names = [value.removeprefix("-") for value in params.getlist("order")]
    # "random" is no field name, so it goes with the rest.
    if not all(name in sortable for name in names if name):
        del params["order"]


def visible_page(request, value):
    """The page a ``child_of``/``descendant_of`` value names, if this request may see it, else None.

    Token users are only known once Wagtail's view authenticates them, so for a request with a token any
    page counts here; Wagtail still checks that its user may see ``child_of``.
    """
    if value == "root":
        site = Site.find_for_request(request)
        return site.root_page if site else None
    if not (value.isascii() and value.isdigit()):
        return None
    pages = Page.objects.all() if request.headers.get("Authorization") else get_pages_queryset(request)
    return pages.filter(pk=int(value)).first()


def intersect_child_of_and_descendant_of(request, params):
    if "child_of" not in params or "descendant_of" not in params:
        return
    parent = visible_page(request, params["child_of"])
    within = visible_page(request, params["descendant_of"])
    if parent is None or within is None:
        # Leave only the value that names nothing, so Wagtail answers 404 (or 422) for it.
        del params["child_of" if parent is not None else "descendant_of"]
        return
    del params["descendant_of"]
    if not parent.path.startswith(within.path):
        # Nothing is both a child and an ancestor of the same page: an empty answer, in Wagtail's shape.
        params["ancestor_of"] = str(parent.pk)
