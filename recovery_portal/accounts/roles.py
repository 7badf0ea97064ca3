"""The five roles of DESIGN.md §1. Each is a Django group (created by a data migration, edited
in the admin); object scope (caseload, own groups, own record) is enforced in selectors."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    SUPERVISOR = "Supervisor"
    CASE_MANAGER = "Case manager"
    FACILITATOR = "Peer facilitator"
    CLIENT = "Client"


# What each role may do: the permissions its group holds ("app_label.codename").
# Later apps add theirs.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.reset_user_mfa",
        "audit.view_auditevent",
        "notifications.view_reminder",
        "notifications.change_reminder",
        "notifications.view_preference",
        "notifications.view_customreminder",
        "notifications.add_customreminder",
        "notifications.change_customreminder",
        "auth.view_group",
        "auth.change_group",
        # Minimum necessary (HIPAA): administrators manage staff and settings and see no
        # clinical record; one who also holds the Supervisor role has the union of both.
    ],
    Role.SUPERVISOR: [
        "accounts.see_all_clients",
        "accounts.reassign_caseloads",
        "accounts.keep_caseload",  # supervisors may keep a caseload of their own
    ],
    Role.CASE_MANAGER: ["accounts.keep_caseload"],
    Role.FACILITATOR: ["accounts.run_groups"],
    Role.CLIENT: ["accounts.use_client_portal"],
}
