"""Sources: what an analysis relies on, described once and cited from any analysis (a snippet).

EUAA's COI methodology asks that every statement be referenced to a described source with its date of
access; oral sources are described, not named. A source is *citable* (``problems()`` is empty) when
it has a date accessed and either a URL or a description; an analysis that cites one that is not
cannot be submitted for review or published.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

KINDS = [
    ("report", "Report"),
    ("news", "News"),
    ("ngo", "NGO"),
    ("government", "Government"),
    ("court", "Court"),
    ("oral", "Oral (interview, anonymised)"),
    ("other", "Other"),
]


class Source(index.Indexed, models.Model):
    author = models.CharField(
        "Author or publisher", max_length=300, help_text="For an oral source, a description: “a lawyer in Almaty”."
    )
    title = models.CharField(max_length=400)
    kind = models.CharField("Type", max_length=12, choices=KINDS, default="report")
    published_on = models.DateField("Date published", null=True, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    accessed_on = models.DateField("Date accessed", null=True, blank=True)
    note = models.TextField(
        "Description or note",
        blank=True,
        max_length=2000,
        help_text="Needed when there is no URL: what the source is and how it can be traced. Anonymise oral sources.",
    )

    panels = [
        FieldPanel("author"),
        FieldPanel("title"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("published_on"), FieldPanel("accessed_on")]), FieldPanel("url")],
            heading="Where and when",
        ),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("author"),
        index.AutocompleteField("title"),
        index.AutocompleteField("author"),
    ]
    # No api_fields: readers get sources with the analyses that cite them (the detail's "sources" and
    # "footnotes"); a second writable snippet type made Wagtail's snippet create schema accept bodies
    # the server then refused.

    class Meta:
        ordering = ["author", "title"]

    def __str__(self):
        return f"{self.author}, {self.title}"

    def cite_as(self):
        """What a researcher links to in the text to cite this source (Draftail: link → anchor)."""
        return f"#source-{self.pk}"

    cite_as.short_description = "Cite with the anchor link"

    def problems(self):
        """Why this source cannot be cited yet (empty when it can)."""
        missing = []
        if self.accessed_on is None:
            missing.append("a date accessed")
        if not self.url and not self.note.strip():
            missing.append("a URL or a description")
        return missing

    def problem_message(self):
        missing = self.problems()
        return f"The source “{self}” needs {' and '.join(missing)} before it can be cited." if missing else ""
