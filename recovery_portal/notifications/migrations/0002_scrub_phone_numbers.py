"""Remove phone numbers from provider errors stored before they were scrubbed on the way in
(channels.scrub_phone_numbers): staff and the person see ``last_error``."""

import re

from django.db import migrations

# A copy of channels._PHONE_NUMBER as it was when this migration was written.
PHONE_NUMBER = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


def scrub(apps, schema_editor):
    Reminder = apps.get_model("notifications", "Reminder")
    rows = Reminder.objects.exclude(last_error="").values_list("pk", "last_error")
    for pk, error in rows.iterator(chunk_size=1000):
        scrubbed = PHONE_NUMBER.sub("[number]", error)
        if scrubbed != error:
            Reminder.objects.filter(pk=pk).update(last_error=scrubbed)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_reminder_outbox")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
