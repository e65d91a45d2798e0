"""The editors' dashboard panel of analyses whose review is overdue or due soon."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from countries.models import AnalysisPage

DUE_SOON_DAYS = 30


def analyses_due_for_review(today=None, within_days=DUE_SOON_DAYS, limit=50):
    today = today or timezone.localdate()
    return (
        AnalysisPage.objects.live()
        .filter(next_review_due__lte=today + datetime.timedelta(days=within_days))
        .order_by("next_review_due", "title")[:limit]
    )


class ReviewDuePanel(Component):
    name = "review_due"
    template_name = "editorial/review_due_panel.html"
    order = 210  # just above Wagtail's "Awaiting your review"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        analyses = list(analyses_due_for_review(today))
        return {
            "rows": [(analysis, analysis.next_review_due < today) for analysis in analyses],
            "today": today,
            "within_days": DUE_SOON_DAYS,
        }
