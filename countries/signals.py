"""Keeps each analysis's copied location keys (region and country slugs, ISO code) and its search
document in step with the tree: when an analysis is saved or moved, and when its country or region
is renamed, re-coded or moved. Keeps its topic keys in step with its tags: when it is saved, and when
a topic is renamed or deleted."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.search.index import insert_or_update_object

from core.content_changed import MOVED, PUBLISHED, content_changed, track

from .models import AnalysisPage, CountryPage, Expert, RegionPage

# Fields of a country or region that analyses copy or index.
LOCATION_FIELDS = {CountryPage: ("slug", "title", "iso_code", "other_names"), RegionPage: ("slug", "title")}


def location_keys(path):
    """The (region_slug, country_slug, country_iso) of the analysis at ``path``."""
    steplen = AnalysisPage.steplen
    country = CountryPage.objects.filter(path=path[:-steplen]).values("slug", "iso_code").first()
    region = RegionPage.objects.filter(path=path[: -2 * steplen]).values("slug").first()
    return (
        region["slug"] if region else "",
        country["slug"] if country else "",
        country["iso_code"] if country else "",
    )


def refresh_analyses(queryset):
    """Recompute the keys of the analyses in ``queryset`` and reindex them."""
    for analysis in queryset.iterator():
        analysis.region_slug, analysis.country_slug, analysis.country_iso = location_keys(analysis.path)
        AnalysisPage.objects.filter(pk=analysis.pk).update(
            region_slug=analysis.region_slug, country_slug=analysis.country_slug, country_iso=analysis.country_iso
        )
        insert_or_update_object(analysis)


def set_keys_before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is None or "topic_keys" in update_fields:
        # The tags in memory: on publish, those of the revision being published.
        instance.topic_keys = instance.current_topic_keys()
    if not instance.path or (update_fields is not None and "path" not in update_fields):
        return
    instance.region_slug, instance.country_slug, instance.country_iso = location_keys(instance.path)


def refresh_topic_keys(analysis_ids):
    for analysis in AnalysisPage.objects.filter(pk__in=analysis_ids).prefetch_related("topics"):
        AnalysisPage.objects.filter(pk=analysis.pk).update(topic_keys=analysis.current_topic_keys())


def refresh_after_topic_rename(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        refresh_topic_keys(AnalysisPage.objects.filter(tagged_topics__tag=instance).values("pk"))


def remember_topic_analyses(sender, instance, **kwargs):
    instance._tagged_analyses = list(
        AnalysisPage.objects.filter(tagged_topics__tag=instance).values_list("pk", flat=True)
    )


def refresh_after_topic_delete(sender, instance, **kwargs):
    refresh_topic_keys(getattr(instance, "_tagged_analyses", []))


def remember_location_fields(sender, instance, raw=False, **kwargs):
    fields = LOCATION_FIELDS[sender]
    instance._location_before = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None


def refresh_after_rename(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_location_before", None)
    if raw or created or before is None:
        return
    if any(before[field] != getattr(instance, field) for field in LOCATION_FIELDS[sender]):
        refresh_analyses(AnalysisPage.objects.descendant_of(instance))


def follow_the_tree(sender, change, **kwargs):
    if change.kind == MOVED:
        refresh_analyses(AnalysisPage.objects.descendant_of(change.page, inclusive=True))
    elif change.kind == PUBLISHED and isinstance(change.page, AnalysisPage):
        # The post_save index update runs before modelcluster writes the child rows (authors,
        # sources, topics) of the publish; index again once they are stored.
        insert_or_update_object(change.page)


def reindex_credited_analyses(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        for analysis in AnalysisPage.objects.filter(authors__expert=instance).distinct():
            insert_or_update_object(analysis)


def connect():
    content_changed.connect(follow_the_tree, dispatch_uid="analysis_keys_and_index")
    track(Expert)  # bylines show on public pages
    post_save.connect(reindex_credited_analyses, sender=Expert, dispatch_uid="expert_reindex_analyses")
    pre_save.connect(set_keys_before_save, sender=AnalysisPage, dispatch_uid="analysis_location_keys")
    for model in LOCATION_FIELDS:
        pre_save.connect(remember_location_fields, sender=model, dispatch_uid=f"remember_{model.__name__}")
        post_save.connect(refresh_after_rename, sender=model, dispatch_uid=f"refresh_{model.__name__}")
    post_save.connect(refresh_after_topic_rename, sender=Tag, dispatch_uid="analysis_topic_keys_rename")
    pre_delete.connect(remember_topic_analyses, sender=Tag, dispatch_uid="analysis_topic_keys_remember")
    post_delete.connect(refresh_after_topic_delete, sender=Tag, dispatch_uid="analysis_topic_keys_delete")
