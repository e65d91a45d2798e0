from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class RequiredFieldsForm(WagtailAdminModelForm):
    """A snippet form whose required fields stay required when it is created through the API.

    Wagtail 8.0's create action relaxes required fields for every unpublished create, as if the object
    were a draft; a snippet without drafts (an Expert) was then saved with no name.
    """

    def defer_required_fields(self):
        pass

    def restore_required_fields(self):
        pass


class AnalysisPageForm(WagtailAdminPageForm):
    """The analysis editor: submitting for review or publishing is refused while a cited source is
    incomplete, with a message that names it (saving a draft is not)."""

    # The editor's buttons that submit or publish (Wagtail's action names in the form data).
    PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

    def clean(self):
        cleaned_data = super().clean()
        body = cleaned_data.get("body")
        if body is not None and any(action in self.data for action in self.PUBLISHING_ACTIONS):
            from .models.analysis import citation_problems
            from .paragraphs import number_body

            for problem in citation_problems(number_body(body)):
                self.add_error("body", problem)
        return cleaned_data
