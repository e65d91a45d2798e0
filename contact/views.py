"""Admin views for submissions: Wagtail's own, with the Intake rule and spreadsheet-safe export."""

from django.core.exceptions import PermissionDenied
from django_filters import NumberFilter
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import FormPagesListView, SubmissionsListFilterSet, SubmissionsListView

from .export import neutralise


class ConsultationSubmissionsFilterSet(SubmissionsListFilterSet):
    # The intake e-mail links to one submission by number.
    submission = NumberFilter(field_name="id", label="Submission number", min_value=1)


class ConsultationSubmissionsListView(SubmissionsListView):
    filterset_class = ConsultationSubmissionsFilterSet

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))


class SubmissionReadersFormPagesListView(FormPagesListView):
    """Wagtail's forms index, open to whoever may read submissions rather than to page editors."""

    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not get_forms_for_user(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
