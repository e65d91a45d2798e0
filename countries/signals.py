"""Keeps Wagtail's search index of analyses (the admin's search, the pages API's other page types,
Elasticsearch) in step with what it copies from elsewhere: the country's and region's names (when
they are renamed, re-coded or moved), the authors' names, and the child rows of a publish.

Every publication of an analysis is also recorded as a permanent, numbered version
(``models.version.record_publication``), and its PDF made by a task (``tasks.make_version_pdf``).

The site search's own documents follow content changes by themselves (``search.documents``).
"""

from django.db.models.signals import post_save, pre_save
from wagtail.search.index import insert_or_update_object

from core.content_changed import EDITED, MOVED, PUBLISHED, content_changed, send, track

from .models import AnalysisPage, AnalysisVersion, CountryPage, Expert, RegionPage
from .models.version import record_publication
from .tasks import make_pdf_after_publication

# Fields of a country or region that the index of its analyses holds.
PLACE_FIELDS = {CountryPage: ("slug", "title", "iso_code", "other_names"), RegionPage: ("slug", "title")}


def reindex(analyses):
    for analysis in analyses.iterator():
        insert_or_update_object(analysis)


def remember_place_fields(sender, instance, raw=False, **kwargs):
    fields = PLACE_FIELDS[sender]
    instance._place_before = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None


def reindex_after_rename(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_place_before", None)
    if raw or created or before is None:
        return
    if any(before[field] != getattr(instance, field) for field in PLACE_FIELDS[sender]):
        reindex(AnalysisPage.objects.descendant_of(instance))


def follow_the_tree(sender, change, **kwargs):
    if change.kind == MOVED:
        reindex(AnalysisPage.objects.descendant_of(change.page, inclusive=True))
    elif change.kind == PUBLISHED and isinstance(change.page, AnalysisPage):
        # The post_save index update runs before modelcluster writes the child rows (authors,
        # sources, topics) of the publish; index again once they are stored.
        insert_or_update_object(change.page)


def record_version(sender, change, **kwargs):
    if change.kind == PUBLISHED and isinstance(change.page, AnalysisPage):
        record_publication(change.page, change.page.live_revision)


def version_changed(sender, instance, created, raw=False, **kwargs):
    # A version withdrawn: its permalink's cached copies must go, here and at the CDN. (A new version
    # is written by a publication, which is already one change.)
    if not raw and not created:
        send(EDITED, instance, instance.page)


def reindex_credited_analyses(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        reindex(AnalysisPage.objects.filter(authors__expert=instance).distinct())


def connect():
    content_changed.connect(record_version, dispatch_uid="analysis_versions")
    post_save.connect(version_changed, sender=AnalysisVersion, dispatch_uid="analysis_version_changed")
    post_save.connect(make_pdf_after_publication, sender=AnalysisVersion, dispatch_uid="analysis_version_pdf")
    content_changed.connect(follow_the_tree, dispatch_uid="analysis_index")
    track(Expert)  # bylines show on public pages
    post_save.connect(reindex_credited_analyses, sender=Expert, dispatch_uid="expert_reindex_analyses")
    for model in PLACE_FIELDS:
        pre_save.connect(remember_place_fields, sender=model, dispatch_uid=f"remember_{model.__name__}")
        post_save.connect(reindex_after_rename, sender=model, dispatch_uid=f"reindex_{model.__name__}")
