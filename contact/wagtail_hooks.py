from django.urls import path
from wagtail import hooks

from .permissions import form_pages_for_submission_readers, submissions_permissions
from .views import SubmissionReadersFormPagesListView


@hooks.register("filter_form_submissions_for_user")
def only_submission_readers(user, editable_forms):
    return form_pages_for_submission_readers(user, editable_forms)


@hooks.register("register_permissions")
def register_submissions_permission():
    return submissions_permissions()


# Ahead of wagtail.contrib.forms' own URLs (order -1): its index demands a page-editing permission,
# which the Intake group deliberately lacks. Same URL, same view, different gate.
@hooks.register("register_admin_urls", order=-1)
def forms_index_for_submission_readers():
    return [
        path("forms/", SubmissionReadersFormPagesListView.as_view(), name="contact_forms_index"),
        path(
            "forms/results/",
            SubmissionReadersFormPagesListView.as_view(results_only=True),
            name="contact_forms_index_results",
        ),
    ]
