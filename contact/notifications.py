"""E-mails about a stored submission, sent by a background task after the submission is committed.

The intake notification carries only the applicant's first name and a link to the admin; the
confirmation greets the applicant by first name and never repeats their answers (an address typed
wrongly must not send someone's case to a stranger). Failures are logged by submission number
and exception class only: SMTP errors can quote the recipient's address.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django_tasks import task
from wagtail.admin.mail import send_mail
from wagtail.contrib.forms.models import FormSubmission

logger = logging.getLogger(__name__)

NAME_FIELD = "full_name"
FIRST_NAME_MAX_LENGTH = 40


def first_name(submission):
    words = str(submission.form_data.get(NAME_FIELD) or "").split()
    return words[0][:FIRST_NAME_MAX_LENGTH] if words else ""


def submitter_address(page, submission):
    for field in page.get_form_fields():
        if field.field_type == "email" and submission.form_data.get(field.clean_name):
            return submission.form_data[field.clean_name]
    return ""


def admin_url(page, submission):
    path = reverse("wagtailforms:list_submissions", args=[page.pk])
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}?submission={submission.pk}"


def intake_message(page, submission):
    name = first_name(submission) or "someone"
    return (
        f"A new consultation request from {name} arrived on “{page.title}”.\n\n"
        f"Read it in the admin (sign-in required):\n{admin_url(page, submission)}\n\n"
        "For the applicant's safety this e-mail contains no other details."
    )


def confirmation_message(page, submission):
    name = first_name(submission)
    greeting = f"Dear {name}," if name else "Hello,"
    return f"{greeting}\n\n{page.confirmation_text}".rstrip() + "\n"


def _send(kind, submission, subject, message, recipients, from_address):
    try:
        send_mail(subject, message, recipients, from_address or None)
    except Exception as exc:  # noqa: BLE001 - any mail failure must leave the stored submission alone
        logger.error(
            "Could not send the %s e-mail for consultation submission %s (%s).",
            kind,
            submission.pk,
            type(exc).__name__,
        )
        return False
    return True


@task()
def send_submission_emails(submission_id):
    submission = FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return
    page = submission.page.specific
    if page.to_address:
        recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
        subject = page.subject or "New consultation request"
        _send("intake", submission, subject, intake_message(page, submission), recipients, page.from_address)
    address = submitter_address(page, submission)
    if page.send_confirmation and address:
        _send(
            "confirmation",
            submission,
            page.confirmation_subject or "We have received your request",
            confirmation_message(page, submission),
            [address],
            page.from_address,
        )
