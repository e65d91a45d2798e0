import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from contact.models import ConsultationFormPage
from countries.models import AnalysisPage, CountryPage, RegionPage
from home.models import ContactChannels, HomePage
from home.seed_loader import read_seed

REGIONS = [
    "East Africa",
    "South & Central Asia",
    "Middle East",
    "Western Balkans",
    "Eastern Europe & Post-Soviet States",
    "Latin America & the Caribbean",
    "East Asia",
]

KAZAKHSTAN_HEADINGS = [
    "Introduction: A Democracy in Name Only",
    "Historical Context of Political Life",
    "Restrictions on Political Opposition",
    "Elections Without Choice",
    "Suppression of Free Speech",
    "Crackdowns on Peaceful Assembly",
    "Surveillance and Intimidation",
    "Harassment of Civil Society",
    "Impact on Minority Communities",
    "Migration as a Form of Resistance",
    "International Reactions",
    "Conclusion: Seeking Freedom Beyond Borders",
]


def run_loader(*args):
    out = io.StringIO()
    call_command("load_seed_content", *args, stdout=out)
    return out.getvalue()


def content_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": sum(p.revisions.count() for p in Page.objects.all()),
        "regions": RegionPage.objects.count(),
        "countries": CountryPage.objects.count(),
        "analyses": AnalysisPage.objects.count(),
        "consultation_pages": ConsultationFormPage.objects.count(),
        "form_fields": sum(p.form_fields.count() for p in ConsultationFormPage.objects.all()),
        "sites": Site.objects.count(),
    }


def test_home_page_is_the_default_site_root(home):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert home.live
    assert home.tagline == "Refuge and Protection of Human Rights Worldwide"
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()


SEEDED_FIELDS = [
    ("full_name", "singleline", True),
    ("email", "email", True),
    ("phone", "phone", False),
    ("i_am", "radio", True),
    ("country_of_origin", "country", True),
    ("case_description", "multiline", True),
    ("preferred_time", "datetime", True),
    ("requests", "checkboxes", True),
    ("consent", "checkbox", True),
]


def test_consultation_page_is_live_at_consultation_with_the_seeded_fields(home):
    page = ConsultationFormPage.objects.get()
    assert page.live
    assert page.url == "/consultation/"
    assert page.get_parent().specific == home
    assert page.title == "Contact Us and Get a Sample Report, Expert CV, and Free Consultation"
    assert "sign up for a ZOOM meeting" in page.intro
    assert "does not commit you to anything" in page.intro
    assert page.to_address == "info@thehuman-rights.com"
    assert "delete form submissions after 180 days" in page.privacy_notice
    assert "will reply by e-mail" in page.thank_you_text
    assert "within one hour" in page.confirmation_text
    assert [(f.clean_name, f.field_type, f.required) for f in page.form_fields.all()] == SEEDED_FIELDS
    assert page.form_fields.get(clean_name="i_am").choices.splitlines() == [
        "An asylum applicant",
        "A law firm",
        "Other",
    ]


def test_home_call_to_action_and_analysis_call_out_point_at_the_consultation_page(home, analysis):
    consultation = ConsultationFormPage.objects.get()
    assert home.cta_page.specific == consultation
    assert not home.has_unpublished_changes
    call_out = next(b for b in analysis.body if b.block_type == "call_out")
    assert call_out.value["link_page"].specific == consultation
    assert call_out.value["link_text"]


def test_seven_regions_in_order(home):
    assert [r.title for r in RegionPage.objects.child_of(home).order_by("path")] == REGIONS


def test_fifty_eight_countries_each_with_its_own_page(db):
    assert CountryPage.objects.live().count() == 58
    assert CountryPage.objects.values("iso_code").distinct().count() == 58


@pytest.mark.parametrize(
    ("region", "countries", "summary_start"),
    [
        ("East Africa", {"Sudan": "SD", "South Sudan": "SS"}, "Ongoing civil conflicts"),
        ("East Africa", {"Kenya": "KE", "Uganda": "UG"}, "Cases of politically motivated"),
        ("Middle East", {"Iran": "IR", "Saudi Arabia": "SA"}, "Suppression of political dissent"),
        (
            "South & Central Asia",
            {"India": "IN", "Nepal": "NP", "Sri Lanka": "LK", "Bhutan": "BT"},
            "Religious and ethnic",
        ),
        (
            "Western Balkans",
            {"Kosovo": "XK", "Bosnia & Herzegovina": "BA", "North Macedonia": "MK"},
            "Political instability",
        ),
        ("Eastern Europe & Post-Soviet States", {"Kazakhstan": "KZ", "Tajikistan": "TJ"}, "State repression"),
        ("East Asia", {"North Korea": "KP", "Myanmar": "MM"}, None),
        ("Latin America & the Caribbean", {"Dominican Republic": "DO", "El Salvador": "SV"}, None),
    ],
)
def test_grouped_lines_become_separate_countries_sharing_the_summary(db, region, countries, summary_start):
    summaries = set()
    for title, iso_code in countries.items():
        country = CountryPage.objects.get(title=title)
        assert country.iso_code == iso_code
        assert country.get_parent().title == region
        summaries.add(country.summary)
    if summary_start:
        assert len(summaries) == 1
        assert summaries.pop().startswith(summary_start)


def test_every_country_of_the_data_file_is_under_its_region_with_summary_and_code(db):
    data = read_seed()
    for region_data in data["regions"]:
        region = RegionPage.objects.get(title=region_data["title"])
        expected = {
            iso: (name, group["summary"]) for group in region_data["groups"] for name, iso in group["countries"]
        }
        actual = {c.iso_code: (c.title, c.summary) for c in CountryPage.objects.child_of(region)}
        assert actual == expected


def test_kazakhstan_analysis_is_published_with_twelve_sections(analysis, kazakhstan):
    assert analysis.title == "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"
    assert analysis.live
    assert analysis.revisions.exists()
    assert analysis.get_parent().specific == kazakhstan
    assert [entry["title"] for entry in analysis.table_of_contents] == KAZAKHSTAN_HEADINGS
    topics = set(analysis.topics.names())
    assert {"elections", "freedom of expression", "freedom of assembly", "surveillance", "civil society"} <= topics
    call_outs = [b for b in analysis.body if b.block_type == "call_out"]
    assert call_outs[0].value["title"] == "How to Order an Expert Witness Report?"
    assert analysis.sources.count() == 3


def test_contact_channels_come_from_the_seed(home):
    channels = ContactChannels.for_site(Site.objects.get(is_default_site=True))
    assert channels.email == "info@thehuman-rights.com"
    assert channels.website == "https://thehuman-rights.com"
    assert [link.value["network"] for link in channels.social_links] == ["YouTube", "LinkedIn"]


def test_second_run_changes_nothing(db):
    before = content_counts()
    output = run_loader()
    assert content_counts() == before
    assert "0 created" in output


def test_loader_on_an_empty_tree_creates_everything_once(db):
    HomePage.objects.get().delete()
    Site.objects.all().delete()
    first = run_loader()
    counts = content_counts()
    assert counts["countries"] == 58
    assert counts["regions"] == 7
    assert counts["analyses"] == 1
    assert counts["consultation_pages"] == 1
    assert counts["form_fields"] == 9
    assert "created consultation page" in first
    assert "created country “Kazakhstan” (KZ)" in first
    second = run_loader()
    assert content_counts() == counts
    assert "0 created" in second


def test_demo_users_are_created_with_working_passwords(db, client):
    output = run_loader("--demo-users")
    User = get_user_model()
    for username in ("admin", "editor", "researcher"):
        assert User.objects.filter(username=username).exists()
        password = output.split(f"username: {username}")[1].split("password:")[1].split()[0]
        assert client.login(username=username, password=password)
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="editor").is_superuser


def test_demo_users_are_refused_outside_development(db, settings):
    settings.DEMO_USERS_ALLOWED = False
    with pytest.raises(CommandError, match="development only"):
        run_loader("--demo-users")
    assert not get_user_model().objects.filter(username="admin").exists()
