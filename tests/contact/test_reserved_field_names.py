"""The page editor may not give a form field a name the spam protection uses (contact/forms.py)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from contact.models import ConsultationFormField

RESERVED_MESSAGE = "The name “{}” is used by the spam protection. Please choose another label."


def stored_fields(page):
    return [
        {
            "id": field.pk,
            "label": field.label,
            "field_type": field.field_type,
            "required": field.required,
            "choices": field.choices,
            "help_text": field.help_text,
            "default_value": field.default_value,
        }
        for field in page.form_fields.all()
    ]


def new_field(label):
    return {"label": label, "field_type": "singleline", "required": False, "choices": "", "help_text": ""}


def edit(client, page, fields):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(page.intro),
            "privacy_notice": rich_text(page.privacy_notice),
            "thank_you_text": rich_text(page.thank_you_text),
            "to_address": page.to_address,
            "from_address": "",
            "subject": page.subject,
            "send_confirmation": "on",
            "confirmation_subject": page.confirmation_subject,
            "confirmation_text": page.confirmation_text,
            "form_fields": inline_formset(fields),
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def row_errors(response):
    return [dict(form.errors) for form in response.context["form"].formsets["form_fields"].forms]


def saved_labels(page):
    page.refresh_from_db()
    return [field.label for field in page.get_latest_revision_as_object().form_fields.all()]


@pytest.fixture
def builder(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("builder", "builder@example.org", "x"))
    return client


def test_the_error_is_shown_on_the_label_of_the_offending_row(builder, consultation):
    fields = stored_fields(consultation) + [new_field("Form token")]
    response = edit(builder, consultation, fields)
    assert response.status_code == 200
    errors = row_errors(response)
    assert errors[-1] == {"label": [RESERVED_MESSAGE.format("form_token")]}
    assert all(not row for row in errors[:-1])


def test_a_reserved_name_after_a_deleted_field_is_still_refused(builder, consultation):
    fields = stored_fields(consultation)
    fields[0]["DELETE"] = "on"
    fields.append(new_field("Website URL"))
    response = edit(builder, consultation, fields)
    assert response.status_code == 200
    assert row_errors(response)[-1] == {"label": [RESERVED_MESSAGE.format("website_url")]}


def test_a_field_with_a_reserved_name_from_before_the_rule_may_be_deleted(builder, consultation):
    ConsultationFormField.objects.create(
        page=consultation, label="Website URL", field_type="singleline", required=False, sort_order=99
    )
    fields = stored_fields(consultation)
    # Found by label: the seeded fields' sort order may be empty, which PostgreSQL sorts last.
    [old] = [field for field in fields if field["label"] == "Website URL"]
    old["DELETE"] = "on"
    response = edit(builder, consultation, fields)
    assert response.status_code == 302


def test_wagtails_own_checks_still_run(builder, consultation):
    fields = stored_fields(consultation) + [new_field("Email")]
    response = edit(builder, consultation, fields)
    assert response.status_code == 200
    assert row_errors(response)[-1] == {
        "label": ["Field name 'email' conflicts with another field. Please change the label."]
    }
