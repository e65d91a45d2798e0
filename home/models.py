from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from core.pages import BasePage
from core.routing import attach_parents


class HomePage(BasePage):
    tagline = models.CharField(max_length=200, blank=True)
    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    directory_heading = models.CharField(max_length=200, blank=True)
    directory_introduction = models.TextField(blank=True, max_length=2000)
    directory_note = models.TextField(blank=True, max_length=1000)
    cta_heading = models.CharField("Call to action heading", max_length=200, blank=True)
    cta_text = models.TextField("Call to action text", blank=True, max_length=1000)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Call to action page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Usually the consultation sign-up page.",
    )

    max_count = 1
    child_page_model = "countries.RegionPage"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["countries.RegionPage", "contact.ConsultationFormPage"]

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("directory_heading"), FieldPanel("directory_introduction"), FieldPanel("directory_note")],
            heading="Directory of regions",
        ),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text"), FieldPanel("cta_page")],
            heading="Call to action",
        ),
    ]
    api_fields = [
        APIField("tagline"),
        APIField("introduction"),
        APIField("directory_heading"),
        APIField("directory_introduction"),
        APIField("regions"),
        APIField("cta_heading"),
        APIField("cta_text"),
        APIField("cta_page"),
    ]

    class Meta:
        verbose_name = "home page"

    def latest_analyses(self, limit=6):
        from countries.models import AnalysisPage

        # Cards name each analysis's country: fetch those parents in one query.
        return attach_parents(
            AnalysisPage.objects.descendant_of(self).live().public().order_by("-first_published_at")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy (its privacy filter queries at once): the page body is usually a cached fragment.
        context["latest_analyses"] = SimpleLazyObject(self.latest_analyses)
        return context


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.CharBlock(max_length=50, help_text="e.g. YouTube, LinkedIn")
    label = blocks.CharBlock(max_length=100, help_text="The handle or name shown to readers")
    url = blocks.URLBlock(required=False, label="URL")


@register_setting(icon="mail")
class ContactChannels(BaseSiteSetting):
    """How readers reach the organisation; shown in the footer and on calls to action."""

    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    whatsapp = models.CharField("WhatsApp number", max_length=40, blank=True)
    website = models.URLField(blank=True)
    response_promise = models.CharField(max_length=200, blank=True, help_text="e.g. “We respond within one hour.”")
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)

    panels = [
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("whatsapp"),
        FieldPanel("website"),
        FieldPanel("response_promise"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "contact channels"

    @classmethod
    def for_request(cls, request):
        """The public site's copy, cached until content changes (saving these settings purges it)."""
        from core.content_cache import cached

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            instance = cached(f"contact-channels:{site.pk}", lambda: cls.for_site(site))
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)

    @property
    def whatsapp_url(self):
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        return f"https://wa.me/{digits}" if digits else ""

    @property
    def phone_url(self):
        cleaned = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{cleaned}" if cleaned else ""
