"""Minimum necessary: administrators no longer see every client nor reassign caseloads.

Earlier databases gave the Administrator group both permissions (and recorded the grants, so
the post-migrate sync will not give them again). Administrators who must see records are given
the Supervisor role as well."""

from django.db import migrations

ADMINISTRATOR = "Administrator"
CLINICAL_REACH = ["see_all_clients", "reassign_caseloads"]


def _reach(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="accounts", codename__in=CLINICAL_REACH
    )


def take_clinical_reach_from_administrators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATOR):
        group.permissions.remove(*_reach(apps))


def give_it_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATOR):
        group.permissions.add(*_reach(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_role_grants"),
    ]

    operations = [
        migrations.RunPython(take_clinical_reach_from_administrators, give_it_back),
    ]
