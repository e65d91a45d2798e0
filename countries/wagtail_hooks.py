from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AnalysisVersion, Expert, Source


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


class WithdrawOnly(ModelPermissionPolicy):
    """Versions are made by publishing and never deleted: editors may only withdraw one (edit)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class AnalysisVersionViewSet(ModelViewSet):
    model = AnalysisVersion
    icon = "history"
    menu_label = "Analysis versions"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["title", "number", "published_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    search_fields = ["title"]
    # Withdrawing a version ends its permalink (410 with a pointer to the current version); the text
    # itself stays as published.
    form_fields = ["withdrawn_at", "withdrawal_note"]


register_permission_policy(AnalysisVersion, WithdrawOnly(AnalysisVersion))


@hooks.register("register_admin_viewset")
def register_version_viewset():
    return AnalysisVersionViewSet("analysis_versions")
