"""A refusal says who can (issue 18, item 2): a 403 names, in one line, the roles whose
permissions allow what was refused, read from the roles as they are now (an administrator may
change them in the admin), never from a list written here."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from recovery_portal.accounts.roles import Role


def roles_with(*permissions: str) -> list[str]:
    """The names of the roles holding any of ``permissions`` ("app_label.codename"), in the
    order of ``Role`` (other groups after them, by name)."""
    match = Q()
    for permission in permissions:
        app_label, codename = permission.split(".", 1)
        match |= Q(permissions__content_type__app_label=app_label, permissions__codename=codename)
    names = set(Group.objects.filter(match).values_list("name", flat=True)) if match else set()
    order = [role.value for role in Role]
    return sorted(names, key=lambda name: (order.index(name) if name in order else 99, name))


def who_can(action: str, *permissions: str) -> str:
    """One plain sentence: "Only people with the Supervisor role can export a whole record."."""
    names = roles_with(*permissions)
    if not names:
        return f"No role can {action} at present; an administrator can change what roles may do."
    if len(names) == 1:
        listed = f"the {names[0]} role"
    else:
        listed = "the " + ", ".join(names[:-1]) + f" or {names[-1]} roles"
    return f"Only people with {listed} can {action}."


class Refused(PermissionDenied):
    """A 403 whose page says who can: ``Refused("create or change groups", "accounts.…")``.
    The roles are looked up when the page is shown."""

    def __init__(self, action: str, *permissions: str, sentence: str = ""):
        self.action = action
        self.permissions = permissions
        self.sentence = sentence
        super().__init__(action)

    def who(self) -> str:
        return self.sentence or who_can(self.action, *self.permissions)


# The permissions behind the user's predicates (recovery_portal/accounts/models.py).
CLINICAL = ("accounts.see_all_clients", "accounts.keep_caseload")
SUPERVISION = ("accounts.see_all_clients",)
GROUPS = ("accounts.run_groups", *CLINICAL)


def client_pages_refused() -> Refused:
    return Refused(
        "open this page",
        sentence="This is a client's own page: only clients signed in to their own account "
        "can open it.",
    )
