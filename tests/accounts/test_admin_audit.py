"""What an administrator changes in the admin is in the audit trail: roles given or taken (by
name), two-step sign-in reset, and the permissions of a role."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent


def _user_form(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone or "",
        "time_zone": user.time_zone or "",
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_giving_and_taking_a_role_is_audited_with_the_role_names(client, admin_user, facilitator):
    client.force_login(admin_user)
    case_manager_role = Group.objects.get(name=Role.CASE_MANAGER)
    url = reverse("admin:accounts_user_change", args=[facilitator.pk])
    response = client.post(url, _user_form(facilitator, groups=[case_manager_role.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="user.roles_change")
    assert event.actor == admin_user
    assert event.target_id == str(facilitator.pk)
    assert event.details == {"added": [Role.CASE_MANAGER], "removed": [Role.FACILITATOR]}


def test_saving_a_user_without_changing_roles_records_no_role_change(
    client, admin_user, facilitator
):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[facilitator.pk])
    client.post(url, _user_form(facilitator, full_name="Fran F. Facilitator"))
    assert not AuditEvent.objects.filter(action="user.roles_change").exists()


def test_an_administrator_has_no_page_to_type_someones_password(client, admin_user, case_manager):
    """People choose their own password from an invitation; the admin's password page is gone
    and the change form shows no password."""
    client.force_login(admin_user)
    response = client.get(f"/admin/accounts/user/{case_manager.pk}/password/")
    assert response.status_code in (302, 404)  # the admin sends unknown pages to the change form
    page = client.get(reverse("admin:accounts_user_change", args=[case_manager.pk]))
    assert page.status_code == 200
    assert b'name="password' not in page.content and b"Reset password" not in page.content


def test_resetting_two_step_sign_in_is_audited(client, admin_user, case_manager):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_mfa", "_selected_action": [case_manager.pk]},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="mfa.reset")
    assert (event.actor, event.target_id) == (admin_user, str(case_manager.pk))
    assert not Authenticator.objects.filter(user=case_manager).exists()


def test_changing_a_roles_permissions_is_audited(client, admin_user):
    client.force_login(admin_user)
    role = Group.objects.get(name=Role.FACILITATOR)
    before = set(role.permissions.values_list("pk", flat=True))
    extra = Permission.objects.exclude(pk__in=before).get(codename="view_auditevent")
    url = reverse("admin:auth_group_change", args=[role.pk])
    response = client.post(url, {"name": role.name, "permissions": [*before, extra.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="role.permissions_change")
    assert event.actor == admin_user
    assert event.details == {
        "role": Role.FACILITATOR,
        "added": ["audit.view_auditevent"],
        "removed": [],
    }
