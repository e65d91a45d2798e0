from wagtail.test.utils import WagtailPageTestCase

from contact.models import ConsultationFormPage
from home.models import HomePage


class ConsultationPageTreeTest(WagtailPageTestCase):
    def test_consultation_page_lives_under_the_home_page_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(ConsultationFormPage, {HomePage})
        self.assertAllowedSubpageTypes(ConsultationFormPage, set())
