"""Who may do what with opinions and similar-opinion groups in the admin.

Opinions are never deleted, and created only through intake (forms/intake.py); groups only by
duplicate detection. Registered in forms/wagtail_hooks.py."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

from . import point_scope


class OpinionPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in {"delete", "add"}:
            return False
        if super().user_has_permission(user, action):
            return True
        # A point's staff: their own point's opinions (OpinionViewSet.get_queryset).
        return action == "view" and point_scope.acts_for_points(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class OpinionGroupPermissionPolicy(ModelPermissionPolicy):
    """Groups are built by duplicate detection and answered through their own view: listed and
    inspected by whoever may view or change them, never added, edited or deleted by hand."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        if action == "view":
            return super().user_has_permission(user, "view") or super().user_has_permission(
                user, "change"
            )
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)
