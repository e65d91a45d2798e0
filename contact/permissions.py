"""Who may list, read, export and delete form submissions: the Intake group and superusers.

Wagtail normally lets anyone who can edit a form page read its submissions; here that would
include Editors and Researchers, so one permission replaces the page-editing rule everywhere
Wagtail checks it (``get_forms_for_user``: forms menu and index, listing, export, delete).
"""

from django.contrib.auth.models import Permission
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

SUBMISSIONS_PERMISSION_CODENAME = "access_consultation_submissions"
SUBMISSIONS_PERMISSION = f"contact.{SUBMISSIONS_PERMISSION_CODENAME}"
# What the Intake group needs: the admin, and the submissions.
INTAKE_PERMISSIONS = ("wagtailadmin.access_admin", SUBMISSIONS_PERMISSION)
INTAKE_GROUP = "Intake"


def can_access_submissions(user):
    return bool(user and user.is_active and user.has_perm(SUBMISSIONS_PERMISSION))


def form_pages_for_submission_readers(user, editable_forms):
    if not can_access_submissions(user):
        return editable_forms.none()
    return Page.objects.filter(content_type__in=get_form_types())


def submissions_permissions():
    return Permission.objects.filter(content_type__app_label="contact", codename=SUBMISSIONS_PERMISSION_CODENAME)
