from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from contact.models import ConsultationFormPage
from countries.models import AnalysisPage, CountryPage, RegionPage
from home.models import HomePage


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_regions(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {RegionPage, ConsultationFormPage})

    def test_region_only_under_home_and_only_holds_countries(self):
        self.assertAllowedParentPageTypes(RegionPage, {HomePage})
        self.assertAllowedSubpageTypes(RegionPage, {CountryPage})

    def test_country_only_under_region_and_only_holds_analyses(self):
        self.assertAllowedParentPageTypes(CountryPage, {RegionPage})
        self.assertAllowedSubpageTypes(CountryPage, {AnalysisPage})

    def test_analysis_only_under_country_and_is_a_leaf(self):
        self.assertAllowedParentPageTypes(AnalysisPage, {CountryPage})
        self.assertAllowedSubpageTypes(AnalysisPage, set())

    def test_creation_rules_on_the_seeded_tree(self):
        self.assertCanCreateAt(HomePage, RegionPage)
        self.assertCanNotCreateAt(HomePage, CountryPage)
        self.assertCanNotCreateAt(HomePage, AnalysisPage)
        self.assertCanCreateAt(RegionPage, CountryPage)
        self.assertCanNotCreateAt(RegionPage, AnalysisPage)
        self.assertCanCreateAt(CountryPage, AnalysisPage)
        self.assertCanNotCreateAt(CountryPage, RegionPage)
        self.assertCanNotCreateAt(AnalysisPage, AnalysisPage)

    def test_only_one_home_page(self):
        root = Page.get_first_root_node()
        assert not HomePage.can_create_at(root)
