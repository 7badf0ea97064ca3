"""Reads about accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from recovery_portal.accounts.models import User


def holders_of(permission: str) -> QuerySet[User]:
    """Active people whose roles (or own grants) give ``permission`` (``"app_label.codename"``),
    asked of the permission and not of a role name, so editing a role in the admin counts."""
    label, codename = permission.split(".")
    through_role = Q(
        groups__permissions__content_type__app_label=label,
        groups__permissions__codename=codename,
    )
    granted = Q(
        user_permissions__content_type__app_label=label, user_permissions__codename=codename
    )
    return User.objects.filter(through_role | granted, is_active=True).distinct()
