"""Loads the organisation's seed content (home/seed/organisation.json) into the page tree.

Idempotent: every object is looked up by a natural key (slug or ISO code) before it is
created, existing pages are never rewritten, and a second run creates nothing.
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site, Workflow, WorkflowPage

from contact.models import ConsultationFormField, ConsultationFormPage
from countries.models import AnalysisPage, AnalysisSource, CountryPage, RegionPage, Source
from editorial.roles import REVIEW_WORKFLOW, apply_review_workflow, apply_roles
from editorial.workflow import assign_review_workflow

from .models import ContactChannels, HomePage

SEED_FILE = Path(__file__).resolve().parent / "seed" / "organisation.json"


@dataclass
class SeedReport:
    created: list = field(default_factory=list)
    found: list = field(default_factory=list)

    def note(self, was_created, description):
        (self.created if was_created else self.found).append(description)


def read_seed(path=SEED_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_seed_content(data=None):
    data = data or read_seed()
    report = SeedReport()
    home = ensure_home_page(data["home"], report)
    ensure_review_workflow(home, report)
    ensure_contact_channels(home, data["contact_channels"], report)
    aliases = data.get("country_aliases", {})
    for region_data in data["regions"]:
        region = ensure_region(home, region_data, report)
        for group in region_data["groups"]:
            for name, iso_code in group["countries"]:
                ensure_country(region, name, iso_code, group["summary"], report, aliases=aliases.get(iso_code, ""))
    # Before the analyses: their call-outs link to the home page's call to action, this page.
    consultation = ensure_consultation_page(home, data["consultation"], data["contact_channels"]["email"], report)
    ensure_call_to_action(home, consultation, report)
    for analysis_data in data["analyses"]:
        ensure_analysis(analysis_data, report)
    return report


def ensure_tree_root():
    """The tree's root node and default locale: Wagtail's migrations make them, a flushed database lacks them."""
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    return root


def ensure_home_page(home_data, report):
    home = HomePage.objects.first()
    if home:
        report.note(False, f"home page “{home.title}”")
    else:
        root = ensure_tree_root()
        # Wagtail's first migration leaves a placeholder welcome page that would take the slug.
        for placeholder in root.get_children().filter(slug="home", content_type__model="page"):
            if not placeholder.get_children().exists():
                placeholder.delete()
        home = publish(
            root,
            HomePage(
                title=home_data["title"],
                slug="home",
                tagline=home_data["tagline"],
                introduction=home_data["introduction"],
                directory_heading=home_data["directory_heading"],
                directory_introduction=home_data["directory_introduction"],
                directory_note=home_data["directory_note"],
                cta_heading=home_data["cta_heading"],
                cta_text=home_data["cta_text"],
            ),
        )
        report.note(True, f"home page “{home.title}”")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="The Human Rights"
        )
        report.note(True, "default site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        report.note(True, "default site now points at the home page")
    return home


def ensure_review_workflow(home, report):
    if WorkflowPage.objects.filter(page=home, workflow__name=REVIEW_WORKFLOW).exists():
        report.note(False, "review workflow on the home page")
        return
    if not Workflow.objects.filter(name=REVIEW_WORKFLOW).exists():
        # A flushed database (live-server tests) has lost what the editorial migration made.
        apply_roles(django_apps)
        apply_review_workflow(django_apps)
    assign_review_workflow(home)
    report.note(True, "review workflow on the home page")


def ensure_contact_channels(home, channels, report):
    site = Site.objects.get(root_page=home, is_default_site=True)
    settings = ContactChannels.for_site(site)
    if settings.email or settings.website:
        report.note(False, "contact channels")
        return
    for name in ("email", "phone", "whatsapp", "website", "response_promise"):
        setattr(settings, name, channels[name])
    settings.social_links = [("link", link) for link in channels["social_links"]]
    settings.save()
    report.note(True, "contact channels")


def ensure_region(home, region_data, report):
    slug = slugify(region_data["title"])
    region = RegionPage.objects.child_of(home).filter(slug=slug).first()
    if region:
        report.note(False, f"region “{region.title}”")
        return region
    region = publish(
        home, RegionPage(title=region_data["title"], slug=slug, introduction=region_data.get("introduction", ""))
    )
    report.note(True, f"region “{region.title}”")
    return region


def ensure_country(region, name, iso_code, summary, report, aliases=""):
    country = CountryPage.objects.filter(iso_code=iso_code).first()
    if country:
        report.note(False, f"country “{country.title}” ({iso_code})")
        return country
    country = publish(
        region,
        CountryPage(title=name, slug=slugify(name), iso_code=iso_code, summary=summary, other_names=aliases),
    )
    report.note(True, f"country “{name}” ({iso_code})")
    return country


def ensure_consultation_page(home, page_data, intake_address, report):
    page = ConsultationFormPage.objects.child_of(home).filter(slug=page_data["slug"]).first()
    if page:
        report.note(False, f"consultation page “{page.title}”")
        return page
    page = ConsultationFormPage(
        title=page_data["title"],
        slug=page_data["slug"],
        seo_title=page_data["seo_title"],
        intro=page_data["intro"],
        thank_you_text=page_data["thank_you_text"],
        privacy_notice=page_data["privacy_notice"],
        to_address=intake_address,
        subject=page_data["subject"],
        send_confirmation=page_data["send_confirmation"],
        confirmation_subject=page_data["confirmation_subject"],
        confirmation_text=page_data["confirmation_text"],
    )
    for field_data in page_data["fields"]:
        page.form_fields.add(ConsultationFormField(**field_data))
    publish(home, page)
    report.note(True, f"consultation page “{page.title}”")
    return page


def ensure_call_to_action(home, target, report):
    home.refresh_from_db()
    # Publishing from the live version would throw away an editor's pending draft.
    if home.cta_page_id or home.has_unpublished_changes:
        report.note(False, "home page call to action")
        return
    home.cta_page = target
    home.save_revision().publish()
    report.note(True, "home page call to action → consultation page")


def ensure_source(data):
    """The Source the seed describes (looked up by title, author and URL first)."""
    source, _ = Source.objects.get_or_create(
        title=data["title"],
        author=data["publisher"],
        url=data["url"],
        defaults={"kind": data.get("kind", "report"), "accessed_on": date.fromisoformat(data["accessed_on"])},
    )
    return source


def cited(text, sources):
    """``text`` with the first mention of each source's ``cited_as`` phrase made a citation of it (the
    anchor link ``#source-<id>`` the editor makes; countries.paragraphs turns it into a footnote)."""
    for data in sources:
        phrase = data.get("cited_as")
        if phrase and phrase in text:
            source = ensure_source(data)
            text = text.replace(phrase, f'<a href="#source-{source.pk}">{phrase}</a>', 1)
    return text


def analysis_body(analysis_data, cta_page):
    body = []
    sources = analysis_data.get("sources", [])
    for section in analysis_data["sections"]:
        body.append(("heading", section["heading"]))
        body.extend(("paragraph", f"<p>{cited(text, sources)}</p>") for text in section["paragraphs"])
    call_out = analysis_data.get("call_out")
    if call_out:
        body.append(
            (
                "call_out",
                {
                    "title": call_out["title"],
                    "text": call_out["text"],
                    "link_page": cta_page,
                    "link_text": call_out["link_text"] if cta_page else "",
                },
            )
        )
    return body


def ensure_analysis(analysis_data, report):
    country = CountryPage.objects.get(iso_code=analysis_data["country"])
    existing = AnalysisPage.objects.child_of(country).filter(slug=analysis_data["slug"]).first()
    if existing:
        report.note(False, f"analysis “{existing.title}”")
        return existing
    home = HomePage.objects.first()
    page = AnalysisPage(
        title=analysis_data["title"],
        slug=analysis_data["slug"],
        standfirst=analysis_data["standfirst"],
        body=analysis_body(analysis_data, home.cta_page if home else None),
        current_as_of=date.fromisoformat(analysis_data["current_as_of"]),
        next_review_due=date.fromisoformat(analysis_data["next_review_due"]),
    )
    page.topics.add(*analysis_data["topics"])
    for source in analysis_data["sources"]:
        page.sources.add(AnalysisSource(source=ensure_source(source)))
    publish(country, page)
    report.note(True, f"analysis “{page.title}”")
    return page


DEMO_ACCOUNTS = [
    # username, group, is_superuser
    ("admin", None, True),
    ("editor", "Editors", False),
    ("researcher", "Researchers", False),
]


def create_demo_users():
    """Create (or reset) the demo accounts; returns (username, password, role) with fresh passwords."""
    User = get_user_model()
    accounts = []
    for username, group_name, is_superuser in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = is_superuser
        user.is_superuser = is_superuser
        user.is_active = True
        user.save()
        if group_name:
            group = Group.objects.filter(name=group_name).first()
            if group:
                user.groups.add(group)
        accounts.append((username, password, "administrator" if is_superuser else group_name))
    return accounts
