"""What editors are shown: the cited sources of live analyses that are broken, moved or changed (the
link monitor's newest check) or whose copy for the current version could not be made.

One function, ``source_problems``, feeds the report (*Reports → Cited links*) and the dashboard
panel's counts, so the two always agree.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from wagtail.admin.views.reports import ReportView

from countries.models import Source

from .citing import live_citations
from .models import LinkCheck, Snapshot

NOT_ARCHIVED = "not_archived"
LABELS = {
    LinkCheck.Outcome.BROKEN: "Broken",
    LinkCheck.Outcome.MOVED: "Moved",
    LinkCheck.Outcome.CHANGED: "Changed",
    LinkCheck.Outcome.ERROR: "Could not be checked",
    NOT_ARCHIVED: "Not archived",
}
# In the report and the panel, the worst first.
ORDER = list(LABELS)


@dataclass
class Problem:
    analysis: object
    version: object
    source: object
    kind: str
    detail: str
    when: object  # when it was found: the check, or the archiving attempt
    final_url: str = ""

    @property
    def label(self):
        return LABELS[self.kind]

    @property
    def analysis_title(self):
        return self.analysis.title

    @property
    def source_title(self):
        return str(self.source)

    @property
    def url(self):
        return self.source.url

    @property
    def source_edit_url(self):
        return reverse(Source.snippet_viewset.get_url_name("edit"), args=[self.source.pk])


def latest_checks(source_ids):
    """{source id: its newest LinkCheck} (one query for the ids, one for the checks)."""
    newest = LinkCheck.objects.filter(source=OuterRef("pk")).order_by("-checked_at", "-pk").values("pk")[:1]
    latest = Source.objects.filter(pk__in=source_ids).annotate(check_id=Subquery(newest)).values_list("check_id")
    checks = LinkCheck.objects.in_bulk([pk for (pk,) in latest if pk is not None])
    return {check.source_id: check for check in checks.values()}


def source_problems():
    """[Problem], grouped by analysis (by title), the worst kind first within each."""
    citations = live_citations()
    checks = latest_checks({source.pk for _a, _v, sources in citations for source in sources})
    failed = {
        (snapshot.version_id, snapshot.source_id): snapshot
        for snapshot in Snapshot.objects.filter(
            version__in=[version for _a, version, _s in citations], state=Snapshot.State.FAILED
        )
    }
    problems = []
    for analysis, version, sources in citations:
        found = []
        for source in sources:
            check = checks.get(source.pk)
            # A check of the URL the source had before an editor corrected it says nothing now.
            if check is not None and check.url == source.url and check.outcome != LinkCheck.Outcome.OK:
                moved_to = check.final_url if check.outcome == LinkCheck.Outcome.MOVED else ""
                found.append(
                    Problem(analysis, version, source, check.outcome, check.problem, check.checked_at, moved_to)
                )
            snapshot = failed.get((version.pk, source.pk))
            if snapshot is not None:
                found.append(Problem(analysis, version, source, NOT_ARCHIVED, snapshot.problem, snapshot.fetched_at))
        found.sort(key=lambda problem: ORDER.index(problem.kind))
        problems += found
    return problems


def counts(problems=None):
    """[(kind, label, number of sources)] for every kind, the worst first."""
    problems = source_problems() if problems is None else problems
    sources = Counter()
    for kind, _source in {(problem.kind, problem.source.pk) for problem in problems}:
        sources[kind] += 1
    return [(kind, LABELS[kind], sources[kind]) for kind in ORDER]


class CitedLinksReport(ReportView):
    """Sources with a problem, by analysis. Editors see it (``archive.view_linkcheck``)."""

    page_title = "Cited links"
    header_icon = "link"
    index_url_name = "archive_cited_links"
    index_results_url_name = "archive_cited_links_results"
    results_template_name = "archive/cited_links_results.html"
    model = LinkCheck
    permission_required = "view"
    paginate_by = 100
    export_filename = "cited-links"
    list_export = ["analysis_title", "source_title", "url", "label", "detail", "final_url", "when"]
    export_headings = {
        "analysis_title": "Analysis",
        "source_title": "Source",
        "url": "URL",
        "label": "Problem",
        "detail": "Detail",
        "final_url": "Now at",
        "when": "Found",
    }

    def get_queryset(self):
        return source_problems()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["counts"] = counts(self.object_list)
        return context
