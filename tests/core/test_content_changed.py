"""One content-changed signal (core.content_changed): what each change sends, and who listens to Wagtail."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from core.content_changed import content_changed
from countries.models import Expert
from home.models import ContactChannels
from tests.factories import AnalysisPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes():
    seen = []

    def record(sender, change, **kwargs):
        # With the page's id as it was when the change was sent (a deleted page's is None afterwards).
        seen.append((change, change.page.pk if change.page is not None else None))

    content_changed.connect(record, dispatch_uid="test-record")
    yield seen
    content_changed.disconnect(dispatch_uid="test-record")


def kinds(changes):
    return [(change.kind, page_id) for change, page_id in changes]


def test_publishing_and_unpublishing_a_page_are_one_change_each(changes, kazakhstan):
    page = AnalysisPageFactory.build(title="Torture in detention")
    kazakhstan.add_child(instance=page)
    changes.clear()
    publish(page)
    assert kinds(changes) == [("published", page.pk)]
    changes.clear()
    page.unpublish()
    assert kinds(changes) == [("unpublished", page.pk)]


def test_a_move_says_whether_the_address_changed(changes, kazakhstan, analysis):
    other = kazakhstan.get_siblings().exclude(pk=kazakhstan.pk).first()
    analysis.move(other, pos="last-child")
    ((moved, _),) = changes
    assert (moved.kind, moved.page.pk, moved.address_changed) == ("moved", analysis.pk, True)
    assert moved.url_path_before != moved.url_path_after
    changes.clear()
    sibling = AnalysisPageFactory(parent=other)
    analysis.refresh_from_db()
    analysis.move(sibling, pos="left")  # a reorder among siblings: same address
    (reordered,) = [change for change, _ in changes if change.kind == "moved"]
    assert reordered.address_changed is False


def test_deleting_a_page_is_one_change_per_page_whatever_its_type(changes, kazakhstan, analysis):
    others = [change.pk for change in kazakhstan.get_children()]
    kazakhstan.delete()
    deleted = [pk for kind, pk in kinds(changes) if kind == "deleted"]
    assert sorted(deleted) == sorted([kazakhstan.pk, *others])
    assert analysis.pk in deleted


def test_a_view_restriction_added_or_removed_names_its_page(changes, analysis):
    restriction = PageViewRestriction.objects.create(page=analysis, restriction_type="login")
    restriction.delete()
    assert kinds(changes) == [("restricted", analysis.pk), ("restricted", analysis.pk)]


def test_edits_to_what_public_pages_show_are_changes_without_a_page(changes, home):
    Expert.objects.create(name="Dr Aigerim", role="Researcher", bio="")
    Tag.objects.create(name="torture", slug="torture")
    ContactChannels.for_site(home.get_site()).save()
    assert [(change.kind, type(change.instance).__name__) for change, _ in changes] == [
        ("edited", "Expert"),
        ("edited", "Tag"),
        ("edited", "ContactChannels"),
    ]
    assert all(change.page is None for change, _ in changes)


WAGTAIL_PAGE_SIGNALS = re.compile(r"\b(page_published|page_unpublished|post_page_move|pre_page_move)\b")


def test_only_core_listens_to_wagtails_page_signals():
    base = Path(settings.BASE_DIR)
    listeners = []
    for app in ("home", "countries", "contact", "editorial", "headless", "search", "serving", "webhooks", "cms"):
        for path in (base / app).rglob("*.py"):
            text = path.read_text()
            if WAGTAIL_PAGE_SIGNALS.search(text) or "sender=Page" in text:
                listeners.append(str(path.relative_to(base)))
    assert listeners == []
