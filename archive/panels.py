"""The editors' dashboard panel: how many cited sources of live analyses are broken, moved, changed or
not archived, each linking to the report (archive.reports)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .reports import counts


class CitedLinksPanel(Component):
    name = "cited_links"
    template_name = "archive/cited_links_panel.html"
    order = 220  # after "Analyses due for review"

    def get_context_data(self, parent_context):
        rows = counts()
        return {
            "rows": rows,
            "total": sum(number for _kind, _label, number in rows),
            "report_url": reverse("archive_cited_links"),
        }
