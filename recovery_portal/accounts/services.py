"""Writes about accounts: creating people, giving roles, resetting MFA."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction

from recovery_portal.accounts.models import RoleGrant, User
from recovery_portal.accounts.roles import ROLE_PERMISSIONS, Role
from recovery_portal.audit.services import audit_record


def roles_sync_permissions(*, app_label: str | None = None) -> None:
    """Make sure each role's group exists and was given the permissions ROLE_PERMISSIONS
    lists (those of ``app_label`` only, when given).

    Runs after every migrate, so a later app only adds its codenames to ROLE_PERMISSIONS.
    Each grant is given once (recorded as a ``RoleGrant``): administrators edit roles in the
    admin, and the sync neither removes what they added nor gives back what they took away.
    """
    if RoleGrant._meta.db_table not in connection.introspection.table_names():
        return  # migrating backwards, before the grants' table exists
    wanted = {
        role: [p.split(".") for p in perms if app_label in (None, p.split(".")[0])]
        for role, perms in ROLE_PERMISSIONS.items()
    }
    if app_label not in (None, "accounts") and not any(wanted.values()):
        return
    for role, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        found = [
            perm
            for label, codename in perms
            if (
                perm := Permission.objects.filter(
                    content_type__app_label=label, codename=codename
                ).first()
            )
        ]
        given = set(RoleGrant.objects.filter(group=group).values_list("permission_id", flat=True))
        new = [perm for perm in found if perm.pk not in given]
        group.permissions.add(*new)
        RoleGrant.objects.bulk_create(
            [RoleGrant(group=group, permission=perm) for perm in new], ignore_conflicts=True
        )


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str = "",
    role: Role,
    password: str | None = None,
    phone: str = "",
    actor: User | None = None,
) -> User:
    """Create a person with one role. Administrators also get into the Django admin."""
    email = email.strip().lower()
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        phone=phone,
        is_staff=role == Role.ADMINISTRATOR,
    )
    user.groups.add(Group.objects.get(name=role.value))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit_record(actor=actor, action="user.create", target=user, details={"role": role.value})
    return user


@transaction.atomic
def user_mfa_reset(*, user: User, actor: User, request=None) -> int:
    """Remove a person's authenticators (lost phone); staff must enrol again at next sign-in."""
    count, _ = Authenticator.objects.filter(user=user).delete()
    audit_record(
        actor=actor, action="mfa.reset", target=user, request=request, details={"removed": count}
    )
    return count


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
