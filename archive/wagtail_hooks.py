from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .panels import CitedLinksPanel
from .reports import CitedLinksReport

# Who sees the cited-links report and the dashboard panel: editors (editorial.roles), superusers.
PERMISSION = "archive.view_linkcheck"


class CitedLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/cited-links/", CitedLinksReport.as_view(), name="archive_cited_links"),
        path(
            "reports/cited-links/results/",
            CitedLinksReport.as_view(results_only=True),
            name="archive_cited_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return CitedLinksMenuItem(
        "Cited links", reverse("archive_cited_links"), name="cited-links", icon_name="link", order=650
    )


@hooks.register("construct_homepage_panels")
def add_cited_links_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(CitedLinksPanel())
