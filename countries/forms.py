from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

MAX_TOPICS = 12


def too_many_topics(count):
    # A search facet needs topics a reader can scan; the bound also keeps an analysis's facet keys
    # inside the PostgreSQL index that holds them (search/migrations/0003).
    if count > MAX_TOPICS:
        return ValidationError(
            f"At most {MAX_TOPICS} topics per analysis (this one has {count}): keep the ones a reader would search by.",
            code="too_many_topics",
        )
    return None


class AnalysisPageForm(WagtailAdminPageForm):
    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        error = too_many_topics(len(topics))
        if error:
            raise error
        return topics


class RequiredFieldsForm(WagtailAdminModelForm):
    """A snippet form whose required fields stay required when it is created through the API.

    Wagtail 8.0's create action relaxes required fields for every unpublished create, as if the object
    were a draft; a snippet without drafts (an Expert) was then saved with no name.
    """

    def defer_required_fields(self):
        pass

    def restore_required_fields(self):
        pass
