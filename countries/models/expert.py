from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from ..forms import RequiredFieldsForm


class Expert(index.Indexed, models.Model):
    """A researcher or expert witness credited on analyses (managed as a snippet)."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    bio = models.TextField("Short bio", max_length=1000, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # Wagtail's snippets API lists only snippet models that declare API fields (with a token, as every
    # snippet endpoint needs): without them /api/v3/snippets/countries.Expert/ was a 422. Writable, or the
    # create endpoint's schema had no fields and a POST made an Expert with no name.
    api_fields = [APIField("name", writable=True), APIField("role", writable=True), APIField("bio", writable=True)]
    api_base_form_class = RequiredFieldsForm

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
