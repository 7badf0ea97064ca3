"""Existing free-text opening hours and language names become HSDS schedules and ISO 639-1
codes where they can be read; what cannot be read stays as it was (the text, the name)."""

from django.db import migrations

from casework.hsds_fields import language_code, parse_hours


def structure(apps, schema_editor):
    Resource = apps.get_model("casework", "Resource")
    for resource in Resource.objects.all().iterator():
        schedules, rest = parse_hours(resource.hours)
        languages = [language_code(name) or name for name in resource.languages]
        if schedules or languages != resource.languages:
            resource.schedules = resource.schedules + schedules
            resource.hours = rest if schedules else resource.hours
            resource.languages = list(dict.fromkeys(languages))
            resource.save(update_fields=["schedules", "hours", "languages"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_resource_schedules")]

    operations = [migrations.RunPython(structure, migrations.RunPython.noop)]
