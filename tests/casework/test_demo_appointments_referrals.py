"""The demo shows casework: a directory, appointments and referrals in every state, and
client@example.org with upcoming appointments and referrals. Running it twice changes nothing."""

from django.utils import timezone

from casework.models import (
    Appointment,
    AppointmentStatus,
    Referral,
    ReferralStatus,
    RescheduleRequest,
    Resource,
)
from recovery_portal.home.demo import seed_all
from recovery_portal.notifications.models import Reminder


def test_the_demo_shows_every_state_and_is_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = seed_all()

    def counts():
        return (
            Resource.objects.count(),
            Appointment.objects.count(),
            Referral.objects.count(),
            RescheduleRequest.objects.count(),
            Reminder.objects.count(),
        )

    before = counts()
    seed_all()
    assert counts() == before
    assert 28 <= Resource.objects.count() <= 35
    assert set(Appointment.objects.values_list("status", flat=True)) == set(
        AppointmentStatus.values
    )
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    stale = [r for r in Resource.objects.all() if r.is_stale]
    assert 0 < len(stale) < Resource.objects.count()
    jordan = people["client@example.org"].client_record
    assert (
        jordan.appointments.filter(
            status=AppointmentStatus.SCHEDULED, starts_at__gt=timezone.now()
        ).count()
        >= 2
    )
    assert jordan.referrals.count() >= 3
    assert jordan.referrals.filter(disclosure__isnull=False).exists()
    # Some referrals wait for news, and some clients have had no contact for 30 days.
    from casework.panels import today as today_panel

    panel = today_panel(people["casemanager@example.org"])
    assert panel["stale_referrals"]
    assert panel["quiet_clients"]
    assert panel["requests"]
