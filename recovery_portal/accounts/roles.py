"""The five roles (docs/architecture.md §3). Each is a Django group (created by a data
migration, edited in the admin); object scope (caseload, own groups, own record) is enforced in
selectors."""

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
        # Aftercare: the follow-up schedule templates and the on-call rota.
        "aftercare.view_followuptemplate",
        "aftercare.add_followuptemplate",
        "aftercare.change_followuptemplate",
        "aftercare.view_followupstep",
        "aftercare.add_followupstep",
        "aftercare.change_followupstep",
        "aftercare.delete_followupstep",
        "aftercare.view_oncallshift",
        "aftercare.add_oncallshift",
        "aftercare.change_oncallshift",
        "aftercare.delete_oncallshift",
        "casework.manage_directory",
        # The watchdog: see which workers and beats check in, delete the row of a retired one.
        "ops.view_workercheckin",
        "ops.delete_workercheckin",
        # Records retention: the monthly list of records past retention (record numbers and
        # dates only), legal holds, and approving a destruction.
        "clients.view_retentionreview",
        "clients.change_retentionreview",
        # Minimum necessary (HIPAA): administrators manage staff and settings and see no
        # clinical record; one who also holds the Supervisor role has the union of both.
    ],
    Role.SUPERVISOR: [
        "accounts.see_all_clients",
        "accounts.reassign_caseloads",
        "accounts.keep_caseload",  # supervisors may keep a caseload of their own
        "casework.manage_directory",  # bulk import of the resource directory
    ],
    Role.CASE_MANAGER: ["accounts.keep_caseload"],
    Role.FACILITATOR: ["accounts.run_groups"],
    Role.CLIENT: ["accounts.use_client_portal"],
}
