from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Expert, Source


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = "Experts"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


register_snippet(ExpertViewSet)


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = "Sources"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["author", "title", "kind", "accessed_on", "cite_as"]
    list_filter = ["kind"]
    search_fields = ["author", "title"]


register_snippet(SourceViewSet)
