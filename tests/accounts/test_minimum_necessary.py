"""Minimum necessary: administrators manage staff and settings and see no clinical record,
unless they also hold the Supervisor role. Being a superuser opens the admin, not records."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from clients.selectors.record import clients_for
from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import ROLE_PERMISSIONS, Role
from recovery_portal.plugins import nav_for

CLINICAL_REACH = ("accounts.see_all_clients", "accounts.reassign_caseloads")


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # predicates are cached on the instance


def test_an_administrator_sees_no_client_record(client, admin_user, client_record):
    assert admin_user.is_superuser
    assert not admin_user.is_clinical_staff and not admin_user.may_see_all_clients
    assert not clients_for(admin_user).exists()
    client.force_login(admin_user)
    assert client.get(reverse("clients:profile", args=[client_record.pk])).status_code == 404
    assert client.get(reverse("home:client_overview", args=[client_record.pk])).status_code == 404
    assert client.get(reverse("clients:list")).status_code == 403
    assert client.get(reverse("clients:list_csv")).status_code == 403


def test_an_administrator_who_is_also_a_supervisor_sees_every_record(
    client, admin_user, client_record, other_client_record
):
    admin_user.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    both = _fresh(admin_user)
    assert set(clients_for(both)) == {client_record, other_client_record}
    client.force_login(both)
    assert client.get(reverse("clients:profile", args=[client_record.pk])).status_code == 200


def test_the_administrator_role_gives_no_clinical_reach(db):
    assert not set(CLINICAL_REACH) & set(ROLE_PERMISSIONS[Role.ADMINISTRATOR])
    group = Group.objects.get(name=Role.ADMINISTRATOR.value)
    assert not group.permissions.filter(codename__in=["see_all_clients", "reassign_caseloads"])


def test_an_administrator_still_lands_on_today_with_the_administration_link(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("home:today")).content.decode()
    assert "Open administration" in html
    assert "caseload-heading" not in html and "Safety alerts" not in html
    assert client.get(reverse("admin:index")).status_code == 200
    labels = [link["label"] for link in nav_for(admin_user, "home:today")]
    assert "Today" in labels and "Clients" not in labels


def test_the_migration_takes_the_clinical_reach_from_administrators_on_an_existing_database(
    admin_user, client_record
):
    """An older database: the Administrator group was given both permissions (and the grants
    recorded). The data migration takes them away, and the next migrate does not give them
    back."""
    group = Group.objects.get(name=Role.ADMINISTRATOR.value)
    old = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["see_all_clients", "reassign_caseloads"]
    )
    group.permissions.add(*old)
    assert _fresh(admin_user).may_see_all_clients
    migration = importlib.import_module(
        "recovery_portal.accounts.migrations.0004_administrators_see_no_clinical_record"
    )
    migration.take_clinical_reach_from_administrators(apps, None)
    call_command("migrate", verbosity=0)
    admin = _fresh(admin_user)
    assert not admin.may_see_all_clients and not admin.may_reassign_caseloads
    assert not clients_for(admin).exists()
