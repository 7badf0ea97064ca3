"""Store each client's last contact (``Client.last_contact_at``, indexed) and fill it in.

The backfill computes, for every client, what ``clients.selectors.contact.computed_last_contact``
computes at the time of this migration, from the same four sources the apps declare
(``contact_sources``): completed appointments that have started, progress notes (their contact
date, from the start of that day), follow-up tries that reached the client, and group sessions
they attended (present or late). It uses the historical models, so it keeps meaning that
whatever the sources become later. One UPDATE.
"""

from datetime import UTC, datetime

from django.db import migrations, models
from django.db.models import DateTimeField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf
from django.utils import timezone

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _latest(queryset, column):
    return Subquery(queryset.order_by(f"-{column}").values(column)[:1])


def backfill(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Appointment = apps.get_model("casework", "Appointment")
    ProgressNote = apps.get_model("casework", "ProgressNote")
    Attendance = apps.get_model("peer_groups", "Attendance")
    ContactAttempt = apps.get_model("aftercare", "ContactAttempt")
    client = OuterRef("pk")
    sources = [
        _latest(
            Appointment.objects.filter(
                client=client, status="completed", starts_at__lte=timezone.now()
            ),
            "starts_at",
        ),
        _latest(
            ProgressNote.objects.filter(client=client).annotate(
                contact_at=Cast("contact_date", DateTimeField())
            ),
            "contact_at",
        ),
        _latest(
            Attendance.objects.filter(client=client, status__in=("present", "late")),
            "session__starts_at",
        ),
        _latest(ContactAttempt.objects.filter(followup__client=client, reached=True), "at"),
    ]
    epoch = Value(EPOCH, output_field=DateTimeField())
    Client.objects.update(
        last_contact_at=NullIf(Greatest(*(Coalesce(each, epoch) for each in sources)), epoch)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0009_retention_document_dates_paper_files"),
        ("casework", "0011_category_id_default_language_codes"),
        ("peer_groups", "0002_listed_in_meeting_apps_clients_only_private"),
        ("aftercare", "0005_alert_alerted"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="last_contact_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["last_contact_at"], name="client_last_contact"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
