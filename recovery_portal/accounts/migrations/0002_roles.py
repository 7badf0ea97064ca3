"""Create the five roles as groups with their permissions (docs/architecture.md §3)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Administrator": [
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
        ("accounts", "reset_user_mfa"),
        ("auth", "view_group"),
        ("auth", "change_group"),
    ],
    "Supervisor": [("accounts", "see_all_clients"), ("accounts", "reassign_caseloads")],
    "Case manager": [("accounts", "keep_caseload")],
    "Peer facilitator": [("accounts", "run_groups")],
    "Client": [("accounts", "use_client_portal")],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm:
                group.permissions.add(perm)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
