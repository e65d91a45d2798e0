from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from .panels import ReviewDuePanel


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    # Publishers decide on reviews; researchers' dashboards stay as Wagtail makes them.
    if PagePermissionPolicy().user_has_permission(request.user, "publish"):
        panels.append(ReviewDuePanel())
