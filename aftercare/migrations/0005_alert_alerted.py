"""Who each check-in alert went to (``alerted``, as a help-now request keeps), and alerts with
no active person responsible (``recipient`` empty). Every alert so far went to its recipient."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def recipients_were_alerted(apps, schema_editor):
    CheckInAlert = apps.get_model("aftercare", "CheckInAlert")
    through = apps.get_model("aftercare", "CheckInAlert_alerted")
    through.objects.bulk_create(
        [
            through(checkinalert_id=pk, user_id=recipient)
            for pk, recipient in CheckInAlert.objects.values_list("pk", "recipient_id")
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0004_plan_close_reason_record_closed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="checkinalert",
            name="alerted",
            field=models.ManyToManyField(
                blank=True, related_name="alerted_checkin_alerts", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="checkinalert",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="checkin_alerts",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(recipients_were_alerted, migrations.RunPython.noop),
    ]
