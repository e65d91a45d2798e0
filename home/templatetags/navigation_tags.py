from django import template

from home.routing import ancestors_via_parents

register = template.Library()


@register.simple_tag
def breadcrumb_ancestors(page):
    """The pages above ``page`` below the tree root, from the parents routing already fetched."""
    return ancestors_via_parents(page)
