"""The consultation page as a visitor uses it: HTML form, validation, anti-spam and refusals."""

import re
import time

import pytest
from wagtail.contrib.forms.models import FormSubmission

from contact.antispam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from contact.models import ConsultationFormPage
from countries.models import CountryPage
from tests.factories import CountryPageFactory

from .conftest import aged_token, meeting_time


def post(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_form_page_shows_intro_fields_privacy_notice_and_contact_channels(client, consultation):
    response = client.get("/consultation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Contact Us and Get a Sample Report, Expert CV, and Free Consultation</h1>" in html
    assert "sign up for a ZOOM meeting" in html
    for label in ("Full name", "Email", "Phone / WhatsApp", "I am", "Country of origin", "Preferred time for a Zoom"):
        assert label in html
    assert '<label for="id_full_name">Full name</label>' in html
    assert 'href="#privacy-notice">Read the privacy notice</a>' in html
    assert 'id="privacy-notice"' in html
    assert 'href="mailto:info@thehuman-rights.com"' in html
    assert f'name="{TOKEN_FIELD}"' in html
    assert f'name="{HONEYPOT_FIELD}"' in html


def test_form_page_is_not_cacheable(client, consultation, answers):
    for response in (client.get(consultation.url), post(client, consultation, answers)):
        cache_control = response["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control


def test_valid_submission_is_stored_and_thanked(client, consultation, answers):
    response = post(client, consultation, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thank you</h1>" in html
    assert "will reply by e-mail" in html
    submission = FormSubmission.objects.get(page=consultation)
    data = submission.form_data
    assert data["full_name"] == "Amina Yusuf Haidari"
    assert data["email"] == "amina@example.org"
    assert data["country_of_origin"] == "Kazakhstan"
    assert data["requests"] == ["A sample report", "A free consultation"]
    assert data["consent"] is True
    assert data["preferred_time"].startswith(answers["preferred_time"])
    assert TOKEN_FIELD not in data
    assert HONEYPOT_FIELD not in data
    # Nothing personal leaks into the address bar or the thank-you page.
    assert "amina" not in response.wsgi_request.get_full_path().lower()
    assert "Amina" not in html


def test_optional_phone_may_be_left_empty(client, consultation, answers):
    answers["phone"] = ""
    assert "<h1>Thank you</h1>" in post(client, consultation, answers).content.decode()
    assert FormSubmission.objects.get().form_data["phone"] == ""


BAD_INPUTS = [
    ("full_name", "", "This field is required."),
    ("full_name", "x" * 256, "at most 255 characters"),
    ("email", "not-an-address", "Enter a valid email address."),
    ("email", "a" * 250 + "@example.org", "at most 254 characters"),
    ("phone", "call me maybe", "Enter a phone number"),
    ("phone", "+" + "1" * 40, "at most 30 characters"),
    ("i_am", "A journalist", "Select a valid choice."),
    ("i_am", "", "This field is required."),
    ("country_of_origin", "Atlantis", "Select a valid choice."),
    ("country_of_origin", "", "This field is required."),
    ("case_description", "", "This field is required."),
    ("case_description", "y" * 2001, "at most 2000 characters"),
    ("preferred_time", "", "This field is required."),
    ("preferred_time", "next tuesday", "Enter a valid date/time."),
    ("preferred_time", "2020-01-01T10:00", "Choose a date and time in the future."),
    ("requests", ["A holiday"], "Select a valid choice."),
    ("requests", [], "This field is required."),
    ("consent", "", "Tick this box to continue."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUTS)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_stored(
    client, consultation, answers, field, value, message
):
    answers[field] = value
    response = post(client, consultation, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "<title>Error: " in html
    assert 'class="error-summary" role="alert"' in html
    # The summary links to the field, and the field says it is invalid and what is wrong.
    anchor = f"id_{field}_0" if field in ("i_am", "requests") else f"id_{field}"
    assert f'href="#{anchor}"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', html)
    assert not FormSubmission.objects.exists()


def test_wrong_answers_keep_the_other_answers(client, consultation, answers):
    answers["email"] = "nope"
    html = post(client, consultation, answers).content.decode()
    assert 'value="Amina Yusuf Haidari"' in html
    assert "I was detained twice after a peaceful protest" in html


def test_markup_is_stored_verbatim_and_escaped_on_the_page(client, consultation, answers):
    answers["case_description"] = '<script>alert("x")</script> & <b>bold</b>'
    answers["email"] = "broken"  # re-rendered with the answer
    html = post(client, consultation, answers).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    answers["email"] = "amina@example.org"
    post(client, consultation, answers)
    assert FormSubmission.objects.get().form_data["case_description"] == answers["case_description"]


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "We could not check this form"),
        ("forged-token", "We could not check this form"),
        ("fresh", "quicker than we expected"),
        ("expired", "open for a long time"),
        ("other-page", "We could not check this form"),
    ],
)
def test_form_token_is_required_signed_for_this_page_and_not_too_fresh(
    client, consultation, answers, home, token, message
):
    if token is None:
        del answers[TOKEN_FIELD]
    elif token == "fresh":
        answers[TOKEN_FIELD] = issue_form_token(consultation)
    elif token == "expired":
        answers[TOKEN_FIELD] = issue_form_token(consultation, issued_at=time.time() - 2 * 24 * 3600)
    elif token == "other-page":
        answers[TOKEN_FIELD] = aged_token(home)
    else:
        answers[TOKEN_FIELD] = token
    html = post(client, consultation, answers).content.decode()
    assert message in html
    assert not FormSubmission.objects.exists()
    # The answers survive, and the re-rendered form carries a new token.
    assert 'value="Amina Yusuf Haidari"' in html
    if token != "fresh":  # a token issued in this very second may be identical
        assert f'name="{TOKEN_FIELD}" value="{answers.get(TOKEN_FIELD)}"' not in html
    assert f'name="{TOKEN_FIELD}" value="ey' in html


def test_minimum_time_to_fill_comes_from_settings(client, consultation, answers, settings):
    settings.FORM_MIN_SECONDS_TO_FILL = 120
    html = post(client, consultation, answers).content.decode()  # token is 60 s old
    assert "quicker than we expected" in html
    assert not FormSubmission.objects.exists()


def test_honeypot_submission_looks_accepted_but_is_not_stored(client, consultation, answers, mailoutbox):
    answers[HONEYPOT_FIELD] = "https://spam.example"
    response = post(client, consultation, answers)
    assert response.status_code == 200
    assert "<h1>Thank you</h1>" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert mailoutbox == []


def test_rate_limit_answers_429_with_a_friendly_page(client, consultation, answers, settings):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 3
    answers["email"] = "wrong"
    for _ in range(3):
        assert post(client, consultation, answers).status_code == 200
    answers["email"] = "amina@example.org"
    response = post(client, consultation, answers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts" in html
    assert 'href="mailto:info@thehuman-rights.com"' in html
    assert "no-store" in response["Cache-Control"]
    assert not FormSubmission.objects.exists()
    # Another address is not affected, and reading the page is never limited.
    assert post(client, consultation, answers, REMOTE_ADDR="10.9.8.7").status_code == 200
    assert client.get(consultation.url).status_code == 200


def test_rate_limit_uses_the_forwarded_address_behind_trusted_proxies(client, consultation, answers, settings):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 1
    settings.TRUSTED_PROXY_COUNT = 1
    answers["email"] = "wrong"
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert post(client, consultation, answers, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_oversized_post_is_refused_before_it_is_read(client, consultation, answers):
    answers["case_description"] = "z" * 100_000
    response = post(client, consultation, answers)
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_post_beyond_djangos_upload_limit_is_a_400_not_a_500(client, consultation, answers, settings):
    settings.FORM_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    answers["case_description"] = "z" * 3_000_000
    response = post(client, consultation, answers)
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


def test_country_choices_follow_the_published_country_pages(client, consultation, answers, region):
    assert "Kazakhstan" in dict(consultation.get_form().fields["country_of_origin"].choices)
    assert "Freedonia" not in client.get(consultation.url).content.decode()

    new_country = CountryPageFactory(parent=region, title="Freedonia", slug="freedonia", iso_code="AD")
    assert '<option value="Freedonia">Freedonia</option>' in client.get(consultation.url).content.decode()

    CountryPage.objects.get(iso_code="KZ").unpublish()
    new_country.unpublish()
    html = client.get(consultation.url).content.decode()
    assert '<option value="Kazakhstan">' not in html
    assert '<option value="Freedonia">' not in html
    answers["country_of_origin"] = "Kazakhstan"
    assert "Select a valid choice." in post(client, consultation, answers).content.decode()
    assert not FormSubmission.objects.exists()


def test_private_countries_are_not_offered(client, consultation, kazakhstan):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=kazakhstan, restriction_type="login")
    assert "Kazakhstan" not in dict(consultation.get_form().fields["country_of_origin"].choices)


def test_only_one_consultation_page_per_home_page(home):
    assert not ConsultationFormPage.can_create_at(home)


def test_page_api_does_not_expose_the_notification_addresses(client, consultation):
    data = client.get(f"/api/v3/pages/{consultation.pk}/").json()
    text = str(data)
    assert "sign up for a ZOOM meeting" in text
    assert "info@thehuman-rights.com" not in text.replace("write to info@thehuman-rights.com", "")
    assert "to_address" not in data
    assert "from_address" not in data


def test_unpublished_form_is_not_served(client, consultation):
    consultation.unpublish()
    assert client.get("/consultation/").status_code == 404


def test_preferred_time_in_the_future_is_accepted(client, consultation, answers):
    answers["preferred_time"] = meeting_time(days=1)
    assert "<h1>Thank you</h1>" in post(client, consultation, answers).content.decode()


def test_correcting_a_typo_keeps_the_valid_token(client, consultation, answers):
    answers["email"] = "typo"
    html = post(client, consultation, answers).content.decode()
    assert f'name="{TOKEN_FIELD}" value="{answers[TOKEN_FIELD]}"' in html


def test_no_personal_data_in_logs(client, consultation, answers, json_answers, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        post(client, consultation, answers)
        answers["email"] = "amina@broken"
        post(client, consultation, answers)
        json_answers["email"] = "amina@broken"
        client.post(f"/api/v3/forms/{consultation.pk}/submissions/", json_answers, content_type="application/json")
    for personal in ("Amina", "amina", "Haidari", "detained", "7946"):
        assert personal not in caplog.text


def test_editors_build_the_form_in_the_admin_and_preview_it(client, consultation, django_user_model):
    from django.urls import reverse

    admin = django_user_model.objects.create_superuser("builder", "builder@example.org", "x")
    client.force_login(admin)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert edit.status_code == 200
    html = edit.content.decode()
    assert 'value="country"' in html
    assert "Country (the published country pages)" in html
    form_preview = consultation.make_preview_request(preview_mode="form")
    assert form_preview.status_code == 200
    assert '<option value="Kazakhstan">Kazakhstan</option>' in form_preview.content.decode()
    landing_preview = consultation.make_preview_request(preview_mode="landing")
    assert "<h1>Thank you</h1>" in landing_preview.content.decode()


@pytest.mark.parametrize(("label", "accepted"), [("Website URL", False), ("Form token", False), ("Nickname", True)])
def test_editors_cannot_give_a_field_a_name_the_spam_protection_uses(
    client, consultation, django_user_model, label, accepted
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(django_user_model.objects.create_superuser("builder", "builder@example.org", "x"))
    fields = [
        {
            "id": field.pk,
            "label": field.label,
            "field_type": field.field_type,
            "required": field.required,
            "choices": field.choices,
            "help_text": field.help_text,
            "default_value": field.default_value,
        }
        for field in consultation.form_fields.all()
    ]
    fields.append({"label": label, "field_type": "singleline", "required": False, "choices": "", "help_text": ""})
    data = nested_form_data(
        {
            "title": consultation.title,
            "slug": consultation.slug,
            "intro": rich_text(consultation.intro),
            "privacy_notice": rich_text(consultation.privacy_notice),
            "thank_you_text": rich_text(consultation.thank_you_text),
            "to_address": consultation.to_address,
            "from_address": "",
            "subject": consultation.subject,
            "send_confirmation": "on",
            "confirmation_subject": consultation.confirmation_subject,
            "confirmation_text": consultation.confirmation_text,
            "form_fields": inline_formset(fields),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[consultation.pk]), data)
    consultation.refresh_from_db()
    labels = [field.label for field in consultation.get_latest_revision_as_object().form_fields.all()]
    if accepted:
        assert response.status_code == 302
        assert label in labels
    else:
        assert response.status_code == 200
        assert "is used by the spam protection" in response.content.decode()
        assert label not in labels


def test_error_reports_would_hide_every_posted_answer(client, consultation, answers):
    from django.views.debug import SafeExceptionReporterFilter

    request = post(client, consultation, answers).wsgi_request
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["full_name"] == SafeExceptionReporterFilter.cleansed_substitute
    assert filtered["case_description"] == SafeExceptionReporterFilter.cleansed_substitute
