"""``{% contentcache "name" %}…{% endcontentcache %}``: a part of a public page rendered once per
content generation (core.content_cache), for every reader of that address.

What a page shows anonymous readers depends only on the content, the address and the day (citations
say "accessed <today>"), and every content change replaces the generation: so a fragment keyed by
host, path and date is never stale. Signed-in users, previews and any method but GET render it afresh.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core import content_cache

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        request = context.get("request")
        if request is None or not cacheable(request):
            return self.nodelist.render(context)
        key = f"fragment:{self.name.resolve(context)}:{request.get_host()}:{request.path}:{timezone.localdate()}"
        # Our own rendered template, stored as rendered.
        return mark_safe(content_cache.cached(key, lambda: str(self.nodelist.render(context))))  # noqa: S308


def cacheable(request):
    if not content_cache.enabled() or request.method != "GET" or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


@register.tag("contentcache")
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('Usage: {% contentcache "name" %}…{% endcontentcache %}')
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, parser.compile_filter(bits[1]))
