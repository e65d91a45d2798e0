"""Page routing and parent lookups that cost one query per level instead of two, or none."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page


class TypedChildRoutingMixin:
    """Route to a child of ``child_page_model`` with one query that already returns the specific page.

    Wagtail's ``Page.route`` fetches the child as a plain ``Page`` and then again as its specific type,
    and the specific copy forgets its parent. Pages whose children are (mostly) of one type look the
    child up directly; any other child falls back to Wagtail's routing.
    """

    child_page_model = None  # "app_label.ModelName"

    def route(self, request, path_components):
        if path_components and self.child_page_model:
            from core.content_cache import kept

            slug = path_components[0]
            # Kept in this process for the content generation (no query when the same page was routed
            # to since the last change); never for a preview, which must see the database as it is.
            if getattr(request, "is_preview", False):
                subpage = self._typed_child(slug)
            else:
                subpage = kept(f"child:{self.pk}:{self.path}:{slug}", lambda: self._typed_child(slug))
            if subpage is None:
                return super().route(request, path_components)
            return subpage.route(request, path_components[1:])
        return super().route(request, path_components)

    def _typed_child(self, slug):
        model = apps.get_model(self.child_page_model)
        try:
            subpage = model.objects.child_of(self).get(slug=slug)
        except ObjectDoesNotExist:
            return None
        # Treebeard's get_parent() returns this without a query.
        subpage._cached_parent_obj = self
        return subpage


def attach_parents(pages):
    """Give each of ``pages`` its (specific) parent from one query, so ``get_parent()`` is free in templates."""
    pages = list(pages)
    steplen = Page.steplen
    missing = {p.path[:-steplen] for p in pages if getattr(p, "_cached_parent_obj", None) is None}
    if missing:
        parents = {parent.path: parent for parent in Page.objects.filter(path__in=missing).specific(defer=True)}
        for page in pages:
            parent = parents.get(page.path[:-steplen])
            if parent is not None and getattr(page, "_cached_parent_obj", None) is None:
                page._cached_parent_obj = parent
    return pages


def ancestors_via_parents(page, min_depth=2):
    """``page``'s ancestors from ``min_depth`` down, walking cached parents (no query after routing)."""
    chain = []
    current = page
    while current.depth > min_depth:
        current = current.get_parent()
        chain.append(current)
    return list(reversed(chain))


def restricted_paths():
    """Tree paths of every page with a view restriction (password, login, groups), cached until one changes."""
    from wagtail.models import PageViewRestriction

    from core.content_cache import cached

    return cached(
        "restricted-paths", lambda: frozenset(PageViewRestriction.objects.values_list("page__path", flat=True))
    )


class ViewRestrictionsMixin:
    """Wagtail checks view restrictions on every page view with two queries (ancestors, then restrictions).

    When routing has already fetched this page's ancestors (none an alias) and no restriction sits on
    any of their paths, the answer is "none" without a query; otherwise Wagtail's own lookup runs.
    """

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        chain = [self]
        while chain[-1].depth > 2:  # the tree root (depth 1) is never an alias
            parent = getattr(chain[-1], "_cached_parent_obj", None)
            if parent is None:
                return super().get_view_restrictions()
            chain.append(parent)
        if any(page.alias_of_id for page in chain):
            return super().get_view_restrictions()
        paths = restricted_paths()
        steplen = self.steplen
        if any(self.path[:end] in paths for end in range(steplen, len(self.path) + 1, steplen)):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()
