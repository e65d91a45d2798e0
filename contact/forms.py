"""The consultation form built from the editor's fields: strict server-side limits on every type."""

import re

import django.forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

from .antispam import RESERVED_FIELDS, TOKEN_FIELD, form_token_problem, honeypot_filled

SINGLELINE_MAX_LENGTH = 255
MULTILINE_MAX_LENGTH = 2000
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 2000
PHONE_MAX_LENGTH = 30

# Autofill hints (WCAG 1.3.5) for the seeded fields, by their stable names.
AUTOCOMPLETE = {"full_name": "name", "email": "email", "phone": "tel"}

validate_phone = RegexValidator(
    re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}$"),
    "Enter a phone number using digits, spaces and an optional leading +.",
)


def validate_not_in_the_past(value):
    if value < timezone.now():
        raise ValidationError("Choose a date and time in the future.", code="past")


def published_country_choices():
    """Titles of the live, public country pages, read when the form is built so they follow the tree."""
    from countries.models import CountryPage

    titles = CountryPage.objects.live().public().order_by("title").values_list("title", flat=True)
    return [(title, title) for title in titles]


class ConsultationForm(BaseForm):
    """Adds the anti-spam checks; the token and honeypot are read from the submitted data, not fields."""

    def clean(self):
        cleaned_data = super().clean()
        problem = form_token_problem(self.data.get(TOKEN_FIELD), self.page)
        if problem:
            raise ValidationError(problem, code="form_token")
        return cleaned_data

    @property
    def is_spam(self):
        return honeypot_filled(self.data)

    def submission_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name not in RESERVED_FIELDS}


class ConsultationFormBuilder(FormBuilder):
    def create_singleline_field(self, field, options):
        return django.forms.CharField(max_length=SINGLELINE_MAX_LENGTH, **options)

    def create_multiline_field(self, field, options):
        return django.forms.CharField(
            max_length=MULTILINE_MAX_LENGTH, widget=django.forms.Textarea(attrs={"rows": 6}), **options
        )

    def create_email_field(self, field, options):
        return django.forms.EmailField(max_length=EMAIL_MAX_LENGTH, **options)

    def create_url_field(self, field, options):
        return django.forms.URLField(max_length=URL_MAX_LENGTH, assume_scheme="https", **options)

    def create_number_field(self, field, options):
        return django.forms.DecimalField(max_digits=20, **options)

    def create_phone_field(self, field, options):
        return django.forms.CharField(
            max_length=PHONE_MAX_LENGTH,
            validators=[validate_phone],
            widget=django.forms.TextInput(attrs={"type": "tel"}),
            **options,
        )

    def create_date_field(self, field, options):
        return django.forms.DateField(
            widget=django.forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **options
        )

    def create_datetime_field(self, field, options):
        # Every date-time on this form is a meeting slot, so it cannot be in the past.
        widget = django.forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return django.forms.DateTimeField(validators=[validate_not_in_the_past], widget=widget, **options)

    def create_checkbox_field(self, field, options):
        field = super().create_checkbox_field(field, options)
        field.error_messages["required"] = "Tick this box to continue."
        return field

    def create_country_field(self, field, options):
        options["choices"] = [("", "Choose a country")] + published_country_choices()
        return django.forms.ChoiceField(**options)

    def create_hidden_field(self, field, options):
        return django.forms.CharField(max_length=SINGLELINE_MAX_LENGTH, widget=django.forms.HiddenInput, **options)

    @property
    def formfields(self):
        formfields = super().formfields
        # An editor's field must not shadow the anti-spam inputs.
        for name in RESERVED_FIELDS & formfields.keys():
            del formfields[name]
        for name, purpose in AUTOCOMPLETE.items():
            if name in formfields:
                formfields[name].widget.attrs.setdefault("autocomplete", purpose)
        return formfields

    def get_form_class(self):
        return type("ConsultationForm", (ConsultationForm,), self.formfields)


class ConsultationFormPageForm(WagtailAdminFormPageForm):
    """The page editor's form: an editor's field may not take a name the spam protection uses."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        for form in formset.forms if formset else []:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in RESERVED_FIELDS:
                form.add_error(
                    "label", f"The name “{name}” is used by the spam protection. Please choose another label."
                )
        return cleaned_data
