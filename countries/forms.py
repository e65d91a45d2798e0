from wagtail.admin.forms import WagtailAdminModelForm


class RequiredFieldsForm(WagtailAdminModelForm):
    """A snippet form whose required fields stay required when it is created through the API.

    Wagtail 8.0's create action relaxes required fields for every unpublished create, as if the object
    were a draft; a snippet without drafts (an Expert) was then saved with no name.
    """

    def defer_required_fields(self):
        pass

    def restore_required_fields(self):
        pass
