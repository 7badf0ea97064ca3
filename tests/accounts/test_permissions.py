"""Role permissions decide what people may do: an administrator who takes a permission away
from a role in the admin takes the power away from everyone holding the role (and it stays
away after the next migrate); a person with two roles may do what either role allows."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role


def _permission(dotted: str) -> Permission:
    label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=label, codename=codename)


def _edit_role_in_the_admin(admin_client, role: Role, *, remove=(), add=()) -> None:
    """What an administrator does on the role's page of the admin: untick or tick permissions
    in the list and save."""
    group = Group.objects.get(name=role.value)
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert admin_client.get(url).status_code == 200
    kept = {p.pk for p in group.permissions.all()} - {_permission(p).pk for p in remove}
    kept |= {_permission(p).pk for p in add}
    response = admin_client.post(url, {"name": group.name, "permissions": sorted(kept)})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _status(client, user, url) -> int:
    client.force_login(User.objects.get(pk=user.pk))
    return client.get(url).status_code


def test_taking_see_all_clients_from_supervisors_takes_away_other_caseloads(
    admin_client, client, supervisor, other_client_record
):
    profile = reverse("clients:profile", args=[other_client_record.pk])
    assert _status(client, supervisor, profile) == 200
    client.force_login(User.objects.get(email="admin@example.test"))
    _edit_role_in_the_admin(client, Role.SUPERVISOR, remove=["accounts.see_all_clients"])
    assert _status(client, supervisor, profile) == 404
    # They keep what the role still gives: a caseload of their own, so the client list.
    assert _status(client, supervisor, reverse("clients:list")) == 200
    assert _status(client, supervisor, reverse("clients:list_csv")) == 403


def test_taking_keep_caseload_from_case_managers_takes_away_the_client_list(
    client, admin_user, case_manager, client_record
):
    assert _status(client, case_manager, reverse("clients:list")) == 200
    client.force_login(admin_user)
    _edit_role_in_the_admin(client, Role.CASE_MANAGER, remove=["accounts.keep_caseload"])
    assert _status(client, case_manager, reverse("clients:list")) == 403
    assert _status(client, case_manager, reverse("clients:profile", args=[client_record.pk])) == (
        404
    )


def test_giving_a_role_a_permission_in_the_admin_gives_the_power(
    client, admin_user, case_manager, other_client_record
):
    profile = reverse("clients:profile", args=[other_client_record.pk])
    assert _status(client, case_manager, profile) == 404
    client.force_login(admin_user)
    _edit_role_in_the_admin(client, Role.CASE_MANAGER, add=["accounts.see_all_clients"])
    assert _status(client, case_manager, profile) == 200


def test_a_permission_taken_away_in_the_admin_stays_away_after_migrate(
    client, admin_user, case_manager
):
    client.force_login(admin_user)
    _edit_role_in_the_admin(client, Role.CASE_MANAGER, remove=["accounts.keep_caseload"])
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name=Role.CASE_MANAGER.value)
    assert not group.permissions.filter(codename="keep_caseload").exists()
    assert _status(client, case_manager, reverse("clients:list")) == 403


def test_a_case_manager_who_also_facilitates_has_both_powers(
    client, case_manager, client_record, other_client_record
):
    case_manager.groups.add(Group.objects.get(name=Role.FACILITATOR.value))
    both = User.objects.get(pk=case_manager.pk)
    assert both.keeps_caseload and both.runs_groups and both.is_clinical_staff
    assert not both.may_see_all_clients
    assert _status(client, both, reverse("clients:profile", args=[client_record.pk])) == 200
    assert _status(client, both, reverse("clients:profile", args=[other_client_record.pk])) == 404


def test_a_facilitator_given_the_supervisor_role_sees_every_client(
    client, facilitator, client_record
):
    profile = reverse("clients:profile", args=[client_record.pk])
    assert _status(client, facilitator, profile) == 404
    facilitator.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    both = User.objects.get(pk=facilitator.pk)
    assert both.runs_groups and both.may_see_all_clients and both.may_reassign_caseloads
    assert _status(client, both, profile) == 200


def test_staff_with_the_client_role_too_stay_staff(client, case_manager):
    case_manager.groups.add(Group.objects.get(name=Role.CLIENT.value))
    both = User.objects.get(pk=case_manager.pk)
    assert both.is_portal_staff and both.keeps_caseload
    assert not both.is_client  # staff never use the client's pages, even holding the permission
    assert _status(client, both, reverse("clients:my_consents")) == 403


def test_a_role_left_with_no_power_opens_no_staff_page(client, admin_user, facilitator):
    client.force_login(admin_user)
    _edit_role_in_the_admin(client, Role.FACILITATOR, remove=["accounts.run_groups"])
    powerless = User.objects.get(pk=facilitator.pk)
    assert not (powerless.runs_groups or powerless.is_clinical_staff or powerless.is_client)
    assert _status(client, powerless, reverse("clients:list")) == 403
