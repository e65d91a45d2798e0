from wagtail.permission_policies import ModelPermissionPolicy


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The delivery log is a record: it can be read (with the view permission), never edited."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self.user_model._default_manager.none()
        return super().users_with_any_permission(["view"])
