from django import template

from contact.links import consultation_url as link

register = template.Library()


@register.simple_tag(takes_context=True)
def consultation_url(context, country=None):
    """The consultation form's URL with ``country`` chosen (contact.links); empty without a live form."""
    return link(context.get("request"), country)
