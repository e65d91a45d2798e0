from django.db import models, transaction
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField

from .antispam import HONEYPOT_FIELD, TOKEN_FIELD, form_token_problem, issue_form_token
from .forms import ConsultationFormBuilder, ConsultationFormPageForm
from .guards import refuse_before_reading
from .notifications import send_submission_emails

# Our own field types: the country list follows the page tree, phone numbers are checked.
FIELD_TYPE_CHOICES = FORM_FIELD_CHOICES + (
    ("country", "Country (the published country pages)"),
    ("phone", "Phone number"),
)


class AttemptCount(models.Model):
    """Form posts from one client in one rate-limit window (contact/rate_limit.py), when counted here."""

    key = models.CharField(max_length=80, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.attempts} attempts until {self.expires_at:%Y-%m-%d %H:%M}"


def chosen_country(iso_code):
    """The country-field value (the page title) of the live country with ``iso_code``, or None."""
    from countries.models import CountryPage

    if not (iso_code and len(iso_code) == 2 and iso_code.isascii() and iso_code.isalpha()):
        return None  # not an ISO code (and nothing a database could choke on, NUL included)
    return CountryPage.objects.live().public().filter(iso_code=iso_code.upper()).values_list("title", flat=True).first()


class ConsultationFormField(AbstractFormField):
    page = ParentalKey("ConsultationFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(verbose_name="field type", max_length=16, choices=FIELD_TYPE_CHOICES)
    field_type.required_on_save = True


class ConsultationFormPage(AbstractEmailForm):
    """The consultation sign-up form; its fields are edited in the admin (Wagtail's form builder).

    Submissions hold sensitive personal data: see contact/permissions.py for who may read them and
    contact/notifications.py for the e-mails, which never repeat what the applicant wrote.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="Shown after sending: say what happens next."
    )
    privacy_notice = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="Shown under the form; the consent check box links to it.",
    )
    send_confirmation = models.BooleanField(
        "Send a confirmation e-mail to the applicant",
        default=True,
        help_text="Sent to the address given in the form's e-mail field; it does not repeat their answers.",
    )
    confirmation_subject = models.CharField(max_length=255, blank=True, default="We have received your request")
    confirmation_text = models.TextField(
        blank=True, max_length=2000, help_text="Plain text; the e-mail starts with a greeting to the first name."
    )

    form_builder = ConsultationFormBuilder
    base_form_class = ConsultationFormPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Notification to the intake team (contains only the first name and a link)",
        ),
        MultiFieldPanel(
            [FieldPanel("send_confirmation"), FieldPanel("confirmation_subject"), FieldPanel("confirmation_text")],
            heading="Confirmation to the applicant",
        ),
    ]
    api_fields = [APIField("intro"), APIField("thank_you_text"), APIField("privacy_notice")]

    class Meta:
        verbose_name = "consultation form page"
        permissions = [
            ("access_consultation_submissions", "Can list, read, export and delete consultation form submissions"),
        ]

    def get_form_parameters(self):
        # The anti-spam checks need the page even when a caller forgets to pass it.
        parameters = {"page": self}
        country = getattr(self, "_chosen_country", None)
        if country:
            # Linked from a country or an analysis (/consultation/?country=KZ): that country is chosen.
            names = [field.clean_name for field in self.get_form_fields() if field.field_type == "country"]
            parameters["initial"] = dict.fromkeys(names, country)
        return parameters

    def get_submissions_list_view_class(self):
        from .views import ConsultationSubmissionsListView

        return ConsultationSubmissionsListView

    @method_decorator(sensitive_post_parameters())
    def serve(self, request, *args, **kwargs):
        self._chosen_country = chosen_country(request.GET.get("country")) if request.method == "GET" else None
        response = refuse_before_reading(request, self) if request.method == "POST" else None
        if response is None:
            response = super().serve(request, *args, **kwargs)
        # The form carries a fresh token and, after a POST, the applicant's own answers.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posted_token = request.POST.get(TOKEN_FIELD) if request.method == "POST" else None
        # Someone correcting a typo keeps their (valid) token, so the time-to-fill does not start again.
        if posted_token and form_token_problem(posted_token, self) is None:
            context["form_token"] = posted_token
        else:
            context["form_token"] = issue_form_token(self)
        context["token_field"] = TOKEN_FIELD
        context["honeypot_field"] = HONEYPOT_FIELD
        return context

    def process_form_submission(self, form):
        """Store the answers, then (once committed) queue the e-mails; honeypot hits are dropped unstored."""
        if form.is_spam:
            return None
        submission = self.get_submission_class().objects.create(form_data=form.submission_data(), page=self)
        transaction.on_commit(lambda: send_submission_emails.enqueue(submission.pk))
        return submission
