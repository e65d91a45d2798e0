"""The review workflow's approval task: Wagtail's group approval, plus the version an approval makes.

When an editor approves an analysis they say whether it is a minor or a major change and what
changed; the note is stored against the approved revision (``countries.VersionNote``) before
Wagtail publishes it, and the publication's version number and "What changed" come from it.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

from countries.models import AnalysisPage, VersionNote
from countries.models.version import CHANGE_CHOICES, MINOR


class ApprovalForm(TaskStateCommentForm):
    change = forms.ChoiceField(
        label="Size of the change", choices=CHANGE_CHOICES, initial=MINOR, widget=forms.RadioSelect, required=False
    )
    what_changed = forms.CharField(
        label="What changed (shown to readers with the new version)",
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )


def records_versions(obj_or_class):
    # The dashboard asks with a plain Page, the editor with the specific page: both are analyses.
    if isinstance(obj_or_class, type):
        model = obj_or_class
    else:
        model = getattr(obj_or_class, "specific_class", None) or type(obj_or_class)
    return issubclass(model, AnalysisPage)


class EditorApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups; for an analysis, the approval also names the version."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not records_versions(obj) or not any(name == "approve" for name, _label, _needs in actions):
            return actions
        # One approve action, and it always opens the form: the version is chosen, not defaulted.
        return [action for action in actions if action[0] != "approve"] + [("approve", "Approve and publish…", True)]

    def get_form_for_action(self, action):
        return ApprovalForm if action == "approve" else super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, change=MINOR, what_changed="", **kwargs):
        revision = task_state.revision
        if action_name == "approve" and revision is not None and records_versions(revision.content_type.model_class()):
            problems = revision.as_object().citation_problems()
            if problems:
                # The admin's approval modal shows this (403) instead of publishing what it must not.
                raise PermissionDenied(" ".join(problems))
            VersionNote.objects.update_or_create(
                revision=revision,
                defaults={"change": change or MINOR, "what_changed": (what_changed or "").strip(), "written_by": user},
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = "Editor approval (with version)"
        verbose_name_plural = "Editor approvals (with version)"
