"""Every field type an editor can add gets strict server-side limits (contact/forms.py)."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from contact.antispam import TOKEN_FIELD
from contact.forms import ConsultationForm, validate_not_in_the_past
from contact.models import ConsultationFormField
from tests.factories import CountryPageFactory

from .conftest import aged_token


@pytest.fixture
def extra_fields(consultation):
    """One optional field of each type the seeded form lacks."""
    for sort_order, (label, field_type) in enumerate(
        [("Website", "url"), ("Household size", "number"), ("Date of arrival", "date"), ("Campaign", "hidden")],
        start=100,
    ):
        ConsultationFormField.objects.create(
            page=consultation, label=label, field_type=field_type, required=False, sort_order=sort_order
        )
    return consultation


def build(page, data=None):
    return page.get_form(data, page=page, user=None)


def test_the_form_class_is_a_consultation_form(consultation):
    form = build(consultation)
    assert isinstance(form, ConsultationForm)
    assert form.page == consultation


def test_url_fields_take_2000_characters_and_assume_https(extra_fields):
    field = build(extra_fields).fields["website"]
    assert isinstance(field, forms.URLField)
    assert field.max_length == 2000
    assert field.required is False
    assert field.clean("example.org/about") == "https://example.org/about"


def test_number_fields_take_at_most_20_digits(extra_fields):
    field = build(extra_fields).fields["household_size"]
    assert isinstance(field, forms.DecimalField)
    assert field.max_digits == 20
    assert str(field.clean("1" * 20)) == "1" * 20
    with pytest.raises(forms.ValidationError):
        field.clean("1" * 21)


def test_date_fields_use_the_browsers_date_picker(extra_fields):
    field = build(extra_fields).fields["date_of_arrival"]
    assert isinstance(field, forms.DateField)
    assert isinstance(field.widget, forms.DateInput)
    assert field.widget.input_type == "date"
    assert field.widget.format == "%Y-%m-%d"
    assert field.required is False


def test_hidden_fields_are_hidden_and_capped_at_255(extra_fields):
    field = build(extra_fields).fields["campaign"]
    assert isinstance(field, forms.CharField)
    assert isinstance(field.widget, forms.HiddenInput)
    assert field.max_length == 255
    assert field.required is False


def test_the_new_fields_render_and_store(client, extra_fields, answers):
    html = client.get(extra_fields.url).content.decode()
    assert 'type="date" name="date_of_arrival"' in html
    assert 'type="hidden" name="campaign"' in html
    answers.update(
        {
            "website": "example.org",
            "household_size": "4",
            "date_of_arrival": "2025-03-01",
            "campaign": "spring",
            TOKEN_FIELD: aged_token(extra_fields),
        }
    )
    assert client.post(extra_fields.url, answers).status_code == 200
    data = FormSubmission.objects.get().form_data
    assert data["website"] == "https://example.org"
    assert data["household_size"] == "4"
    assert data["date_of_arrival"] == "2025-03-01"
    assert data["campaign"] == "spring"


def test_long_answers_get_a_six_row_text_area(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert '<textarea name="case_description" cols="40" rows="6"' in html
    assert 'maxlength="2000"' in html


def test_country_choices_are_the_published_countries_in_title_order(consultation, kazakhstan, region):
    CountryPageFactory(parent=region, title="Aaland", slug="aaland", iso_code="AX")
    choices = build(consultation).fields["country_of_origin"].choices
    titles = [title for _value, title in choices]
    assert choices[0] == ("", "Choose a country")
    assert titles[1] == "Aaland"
    assert titles[1:] == sorted(titles[1:])
    assert all(value == title for value, title in choices[1:])


def test_a_meeting_slot_may_be_now_but_not_a_moment_earlier(monkeypatch):
    now = timezone.now()
    monkeypatch.setattr("contact.forms.timezone.now", lambda: now)
    validate_not_in_the_past(now)
    with pytest.raises(forms.ValidationError) as refused:
        validate_not_in_the_past(now - timedelta(microseconds=1))
    assert refused.value.messages == ["Choose a date and time in the future."]


def test_a_past_meeting_slot_is_refused_with_its_message(client, consultation, answers):
    answers["preferred_time"] = "2020-01-01T10:00"
    html = client.post(consultation.url, answers).content.decode()
    assert "Choose a date and time in the future." in html
    assert not FormSubmission.objects.exists()


def test_an_unticked_consent_box_says_what_to_do(client, consultation, answers):
    del answers["consent"]
    html = client.post(consultation.url, answers).content.decode()
    assert "Tick this box to continue." in html
    assert not FormSubmission.objects.exists()


def test_the_stored_answers_leave_out_the_token_and_the_honeypot(client, consultation, answers):
    assert client.post(consultation.url, answers).status_code == 200
    stored = FormSubmission.objects.get().form_data
    assert TOKEN_FIELD not in stored
    assert "website_url" not in stored
    assert stored["full_name"] == "Amina Yusuf Haidari"


def test_meeting_slots_use_the_browsers_date_and_time_picker(client, consultation, answers):
    field = build(consultation).fields["preferred_time"]
    assert isinstance(field.widget, forms.DateTimeInput)
    assert field.widget.input_type == "datetime-local"
    assert field.widget.format == "%Y-%m-%dT%H:%M"
    answers["email"] = "wrong"
    html = client.post(consultation.url, answers).content.decode()
    assert f'type="datetime-local" name="preferred_time" value="{answers["preferred_time"]}"' in html


def test_long_answer_fields_keep_the_editors_label_and_rules(client, consultation):
    field = build(consultation).fields["case_description"]
    assert field.label == "Short description of the case"
    assert field.max_length == 2000
