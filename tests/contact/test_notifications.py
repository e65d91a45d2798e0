"""The two e-mails about a stored submission, word for word (contact/notifications.py)."""

import logging

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.core.management.base import CommandParser
from wagtail.contrib.forms.models import FormSubmission

from contact.management.commands.purge_form_submissions import Command as PurgeCommand
from contact.notifications import send_submission_emails
from contact.permissions import submissions_permissions


@pytest.fixture
def page(consultation):
    consultation.to_address = "intake@example.org, second@example.org"
    consultation.from_address = "forms@example.org"
    consultation.subject = ""
    consultation.confirmation_subject = ""
    consultation.confirmation_text = ""
    consultation.send_confirmation = True
    consultation.save()
    return consultation


def stored(page, **form_data):
    return FormSubmission.objects.create(page=page, form_data=form_data)


def test_intake_message_word_for_word(page, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.org/"
    submission = stored(page, full_name="Amina Yusuf", email="amina@example.org")
    send_submission_emails.call(submission.pk)
    intake = mailoutbox[0]
    assert intake.to == ["intake@example.org", "second@example.org"]
    assert intake.from_email == "forms@example.org"
    assert intake.subject == "New consultation request"
    assert intake.body == (
        f"A new consultation request from Amina arrived on “{page.title}”.\n\n"
        "Read it in the admin (sign-in required):\n"
        f"https://cms.example.org/admin/forms/submissions/{page.pk}/?submission={submission.pk}\n\n"
        "For the applicant's safety this e-mail contains no other details."
    )


def test_intake_message_without_a_name_says_someone(page, mailoutbox):
    send_submission_emails.call(stored(page, full_name="   ").pk)
    assert mailoutbox[0].body.startswith(f"A new consultation request from someone arrived on “{page.title}”.")


def test_confirmation_word_for_word(page, mailoutbox):
    send_submission_emails.call(stored(page, full_name="Amina Yusuf", email="amina@example.org").pk)
    confirmation = mailoutbox[1]
    assert confirmation.to == ["amina@example.org"]
    assert confirmation.from_email == "forms@example.org"
    assert confirmation.subject == "We have received your request"
    assert confirmation.body == "Dear Amina,\n"


def test_confirmation_text_follows_the_greeting(page, mailoutbox):
    page.confirmation_text = "We will call you within a week.\n\n"
    page.save()
    send_submission_emails.call(stored(page, email="amina@example.org").pk)
    assert mailoutbox[1].body == "Hello,\n\nWe will call you within a week.\n"


def test_no_confirmation_without_an_address(page, mailoutbox):
    send_submission_emails.call(stored(page, full_name="Amina", email="").pk)
    assert [message.to for message in mailoutbox] == [["intake@example.org", "second@example.org"]]


def test_the_site_sender_when_the_page_names_none(page, mailoutbox, settings):
    page.from_address = ""
    page.save()
    send_submission_emails.call(stored(page, email="amina@example.org").pk)
    assert [message.from_email for message in mailoutbox] == [settings.DEFAULT_FROM_EMAIL] * 2


def test_a_failed_e_mail_is_logged_by_number_and_exception_class_only(page, mailoutbox, monkeypatch, caplog):
    class Refused(Exception):
        pass

    sent = []

    def send_mail(subject, message, recipients, from_address):
        if recipients == ["amina@example.org"]:
            raise Refused("550 amina@example.org unknown")
        sent.append(recipients)

    monkeypatch.setattr("contact.notifications.send_mail", send_mail)
    submission = stored(page, email="amina@example.org")
    with caplog.at_level(logging.ERROR, logger="contact.notifications"):
        send_submission_emails.call(submission.pk)
    assert sent == [["intake@example.org", "second@example.org"]]
    assert [record.getMessage() for record in caplog.records] == [
        f"Could not send the confirmation e-mail for consultation submission {submission.pk} (Refused)."
    ]


# --- the retention command ----------------------------------------------------------------------


def test_purge_help_names_the_default(settings):
    settings.FORM_SUBMISSION_RETENTION_DAYS = 180
    parser = PurgeCommand().create_parser("manage.py", "purge_form_submissions")
    assert isinstance(parser, CommandParser)
    help_text = " ".join(parser.format_help().split())
    assert "--days DAYS Keep submissions of the last N days (default 180)." in help_text


def test_purge_refuses_nonsense_days_with_a_clear_message(consultation):
    with pytest.raises(CommandError) as refused:
        call_command("purge_form_submissions", "--days", "0")
    assert str(refused.value) == "--days must be at least 1."


# --- the submissions permission -----------------------------------------------------------------


def test_only_this_apps_submissions_permission_is_offered(db):
    other_app = ContentType.objects.get_by_natural_key("wagtailcore", "page")
    Permission.objects.create(content_type=other_app, codename="access_consultation_submissions", name="Lookalike")
    assert [(p.content_type.app_label, p.codename) for p in submissions_permissions()] == [
        ("contact", "access_consultation_submissions")
    ]


def test_only_slashes_are_trimmed_from_the_admin_address(page, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://example.org/CMSX//"
    submission = stored(page, full_name="Amina")
    send_submission_emails.call(submission.pk)
    assert (
        f"\nhttps://example.org/CMSX/admin/forms/submissions/{page.pk}/?submission={submission.pk}\n"
        in mailoutbox[0].body
    )
