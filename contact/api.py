"""Headless consultation form: the live form's schema, and submissions as JSON.

Same form class, validation, honeypot, time-to-fill and rate limit as the HTML page (the page's
``get_form`` and ``process_form_submission``); only the transport differs.
"""

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router, Schema, Status
from pydantic import TypeAdapter
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail, problem_response
from wagtail.rich_text import expand_db_html

from .antispam import HONEYPOT_FIELD, RESERVED_FIELDS, TOKEN_FIELD, issue_form_token, min_seconds_to_fill
from .guards import too_large
from .models import ConsultationFormPage
from .rate_limit import rate_limit_retry_after

router = Router(tags=["forms"])

FieldValue = str | bool | int | float | list[str] | None


class FormFieldSchema(Schema):
    name: str
    label: str
    type: str
    required: bool
    help_text: str
    choices: list[str]
    default: str | bool | list[str] | None
    max_length: int | None


class FormSchema(Schema):
    id: int
    title: str
    intro: str
    privacy_notice: str
    thank_you_text: str
    fields: list[FormFieldSchema]
    token_field: str
    form_token: str
    honeypot_field: str
    min_seconds_to_fill: int
    submit_url: str


class SubmissionAccepted(Schema):
    message: str
    thank_you_text: str


class FieldErrorsProblem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]]


SUBMISSION_BODY_SCHEMA = TypeAdapter(dict[str, FieldValue]).json_schema()
SUBMISSION_BODY_SCHEMA["description"] = (
    "Answers keyed by field name (see the form's `fields`), plus `form_token` from the form "
    "schema. Multiple-choice fields take a list of strings, check boxes a boolean, the rest strings."
)


MAX_ID = 2**63 - 1  # the largest primary key any supported database stores


def live_form_or_404(page_id):
    # An id no database column can hold would make SQLite raise OverflowError, not "not found".
    page = ConsultationFormPage.objects.live().public().filter(pk=page_id).first() if 0 < page_id <= MAX_ID else None
    if page is None:
        raise Http404("No live form has this id.")
    return page


def no_store(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def field_default(field):
    initial = field.initial
    if isinstance(field, forms.BooleanField):
        return bool(initial)
    if isinstance(field, forms.MultipleChoiceField):
        return [value for value in initial or [] if value]
    return initial or None


def describe_fields(page, form):
    fields_by_name = {field.clean_name: field for field in page.get_form_fields()}
    described = []
    for name, form_field in form.fields.items():
        stored = fields_by_name.get(name)
        described.append(
            {
                "name": name,
                "label": str(form_field.label),
                "type": stored.field_type if stored else "singleline",
                "required": form_field.required,
                "help_text": stored.help_text if stored else "",
                "choices": [str(value) for value, _label in getattr(form_field, "choices", []) if value != ""],
                "default": field_default(form_field),
                "max_length": getattr(form_field, "max_length", None),
            }
        )
    return described


def type_errors(form, data):
    """JSON values of the wrong type for their field, reported before Django would coerce them."""
    errors = {}
    for name, value in data.items():
        if name in RESERVED_FIELDS:
            continue
        field = form.fields.get(name)
        if field is None:
            errors[name] = ["This form has no such field."]
        elif value is None:
            continue
        elif isinstance(field, forms.MultipleChoiceField):
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                errors[name] = ["Send a list of strings."]
        elif isinstance(field, forms.BooleanField):
            if not isinstance(value, bool):
                errors[name] = ["Send true or false."]
        elif isinstance(field, forms.DecimalField):
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                errors[name] = ["Send a number."]
        elif not isinstance(value, str):
            errors[name] = ["Send a string."]
    return errors


def field_errors_response(errors, detail="Some answers need correcting."):
    body = FieldErrorsProblem(type="about:blank", title="Bad Request", status=400, detail=detail, errors=errors)
    return no_store(HttpResponse(body.model_dump_json(), status=400, content_type=PROBLEM_JSON))


def form_errors(form):
    errors = {}
    for name, error_list in form.errors.as_data().items():
        key = name
        if name == NON_FIELD_ERRORS:
            key = TOKEN_FIELD if all(error.code == "form_token" for error in error_list) else "non_field_errors"
        errors[key] = [message for error in error_list for message in error.messages]
    return errors


@router.get(
    "/{page_id}/",
    response={200: FormSchema, 404: ProblemDetail},
    url_name="consultation_form",
    operation_id="forms_detail",
    summary="A live form's fields",
)
def form_detail(request: HttpRequest, page_id: int, response: HttpResponse):
    page = live_form_or_404(page_id)
    form = page.get_form(page=page, user=None)
    patch_cache_control(response, private=True, no_store=True)
    return {
        "id": page.pk,
        "title": page.title,
        "intro": expand_db_html(page.intro),
        "privacy_notice": expand_db_html(page.privacy_notice),
        "thank_you_text": expand_db_html(page.thank_you_text),
        "fields": describe_fields(page, form),
        "token_field": TOKEN_FIELD,
        "form_token": issue_form_token(page),
        "honeypot_field": HONEYPOT_FIELD,
        "min_seconds_to_fill": min_seconds_to_fill(),
        "submit_url": request.build_absolute_uri(f"{request.path}submissions/"),
    }


@router.post(
    "/{page_id}/submissions/",
    response={
        201: SubmissionAccepted,
        400: FieldErrorsProblem,
        404: ProblemDetail,
        413: ProblemDetail,
        415: ProblemDetail,
        429: ProblemDetail,
    },
    url_name="consultation_form_submissions",
    operation_id="forms_submit",
    summary="Send answers to a live form",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": SUBMISSION_BODY_SCHEMA}}}
    },
)
def submit_form(request: HttpRequest, page_id: int, response: HttpResponse):
    page = live_form_or_404(page_id)
    if too_large(request):
        return no_store(problem_response(status=413, detail="The request is too large for this form."))
    retry_after = rate_limit_retry_after(request)
    if retry_after:
        refusal = problem_response(
            status=429, detail="Too many attempts from this address. Please try again later, or e-mail us."
        )
        refusal["Retry-After"] = str(retry_after)
        return no_store(refusal)
    if request.content_type.lower() != "application/json":
        # A text/plain body is what a cross-site HTML form can send without a CORS preflight.
        unsupported = problem_response(status=415, detail="Send the answers as application/json.")
        unsupported["Accept-Post"] = "application/json"
        return no_store(unsupported)

    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested thousands deep
        data = None
    if not isinstance(data, dict):
        return no_store(problem_response(status=400, detail="Send the answers as a JSON object."))

    form = page.get_form(data, page=page, user=None)
    patch_cache_control(response, private=True, no_store=True)
    accepted = {
        "message": "Thank you. We have received your request.",
        "thank_you_text": expand_db_html(page.thank_you_text),
    }
    if form.is_spam:
        return Status(201, accepted)
    errors = type_errors(form, data)
    if errors:
        return field_errors_response(errors)
    if not form.is_valid():
        return field_errors_response(form_errors(form))
    page.process_form_submission(form)
    return Status(201, accepted)
