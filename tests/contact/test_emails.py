"""E-mails happen after the submission is committed and never carry the applicant's answers."""

import logging

import pytest
from wagtail.contrib.forms.models import FormSubmission

from contact.notifications import send_submission_emails


def send(client, page, answers, capture):
    with capture(execute=True):
        return client.post(page.url, answers)


def test_intake_notification_has_only_the_first_name_and_an_admin_link(
    client, consultation, answers, mailoutbox, django_capture_on_commit_callbacks
):
    send(client, consultation, answers, django_capture_on_commit_callbacks)
    submission = FormSubmission.objects.get()
    intake = [m for m in mailoutbox if m.to == ["info@thehuman-rights.com"]]
    assert len(intake) == 1
    message = intake[0]
    assert message.subject == "New consultation request"
    assert "Amina" in message.body
    assert (
        f"http://127.0.0.1:8000/admin/forms/submissions/{consultation.pk}/?submission={submission.pk}" in message.body
    )
    everything = message.subject + message.body + str(message.extra_headers)
    for personal in (
        "Yusuf",
        "Haidari",
        "amina@example.org",
        "7946",
        "Kazakhstan",
        "detained",
        "asylum applicant",
        "sample report",
        answers["preferred_time"][:10],
    ):
        assert personal not in everything


def test_confirmation_goes_to_the_applicant_without_their_answers(
    client, consultation, answers, mailoutbox, django_capture_on_commit_callbacks
):
    send(client, consultation, answers, django_capture_on_commit_callbacks)
    confirmations = [m for m in mailoutbox if m.to == ["amina@example.org"]]
    assert len(confirmations) == 1
    body = confirmations[0].body
    assert confirmations[0].subject == "We have received your consultation request"
    assert body.startswith("Dear Amina,")
    assert "within one hour" in body
    for personal in ("Haidari", "Kazakhstan", "detained", "7946"):
        assert personal not in body


def test_confirmation_can_be_switched_off_per_page(
    client, consultation, answers, mailoutbox, django_capture_on_commit_callbacks
):
    consultation.send_confirmation = False
    consultation.save_revision().publish()
    send(client, consultation, answers, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["info@thehuman-rights.com"]]


def test_no_email_before_the_submission_is_committed(client, consultation, answers, mailoutbox):
    # Inside the test's transaction nothing is committed, so no e-mail may go out yet.
    client.post(consultation.url, answers)
    assert FormSubmission.objects.count() == 1
    assert mailoutbox == []


def test_email_failure_keeps_the_submission_and_logs_no_personal_data(
    client, consultation, answers, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    class Refused(Exception):
        pass

    def refuse(*args, **kwargs):
        raise Refused("550 mailbox amina@example.org unavailable")

    monkeypatch.setattr("contact.notifications.send_mail", refuse)
    with caplog.at_level(logging.DEBUG):
        response = send(client, consultation, answers, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "<h1>Thank you</h1>" in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.form_data["email"] == "amina@example.org"
    assert f"intake e-mail for consultation submission {submission.pk} (Refused)" in caplog.text
    assert f"confirmation e-mail for consultation submission {submission.pk} (Refused)" in caplog.text
    for personal in ("amina", "Amina", "Haidari", "Kazakhstan", "detained"):
        assert personal not in caplog.text


def test_task_for_a_deleted_submission_does_nothing(db, mailoutbox):
    send_submission_emails.call(999_999)
    assert mailoutbox == []


@pytest.mark.parametrize(("full_name", "greeting"), [("  maría   José ", "Dear maría,"), ("", "Hello,")])
def test_first_name_is_the_first_word(consultation, full_name, greeting, mailoutbox):
    submission = FormSubmission.objects.create(
        page=consultation, form_data={"full_name": full_name, "email": "x@example.org"}
    )
    send_submission_emails.call(submission.pk)
    confirmation = next(m for m in mailoutbox if m.to == ["x@example.org"])
    assert confirmation.body.startswith(greeting)
