# The accounting of disclosures (HIPAA 164.528): the recipient's address, and the suspensions a
# health oversight agency or law enforcement official may ask for.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0006_consent_events_ledger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="accounting_suspended_until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="recipient_address",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=300, verbose_name="their address"
            ),
        ),
        migrations.CreateModel(
            name="AccountingSuspension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "authority",
                    models.CharField(
                        choices=[
                            ("health_oversight", "A health oversight agency (45 CFR 164.501)"),
                            ("law_enforcement", "A law enforcement official"),
                        ],
                        max_length=20,
                        verbose_name="who they are",
                    ),
                ),
                (
                    "requested_by",
                    models.CharField(
                        max_length=200, verbose_name="agency or official, and who spoke or wrote"
                    ),
                ),
                ("in_writing", models.BooleanField()),
                ("stated_on", models.DateField(verbose_name="date of their statement")),
                ("statement", models.TextField(verbose_name="their statement")),
                ("until", models.DateField(verbose_name="left out until")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "disclosure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="suspensions",
                        to="clients.disclosure",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-recorded_at", "-id"],
            },
        ),
    ]
