"""On the demo: no staff member's week shows an accidental overlap, and every form on its
appointment pages and rosters, in every state they are in, answers no 4xx when submitted
(issue 18 items 5 and 6)."""

from django.urls import reverse
from django.utils import timezone

from casework.models import Appointment
from casework.selectors.appointment import LIVE
from groups.models import Session
from recovery_portal.home.demo import seed_all
from tests.page_forms import statuses_of_every_submission


def test_the_demo_books_no_overlap_and_offers_only_what_succeeds(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    seed_all()
    live = list(Appointment.objects.filter(status__in=LIVE).order_by("staff_id", "starts_at"))
    for earlier, later in zip(live, live[1:]):
        if earlier.staff_id == later.staff_id:
            assert earlier.ends_at <= later.starts_at, (earlier.pk, later.pk)

    now = timezone.now()
    samples = {}
    for appointment in Appointment.objects.select_related("staff").order_by("starts_at"):
        ahead = appointment.starts_at > now
        samples.setdefault((appointment.status, ahead), appointment)
    assert len(samples) >= 5
    for appointment in samples.values():
        url = reverse("casework:appointment", args=[appointment.client_id, appointment.pk])
        results = statuses_of_every_submission(client, appointment.staff, url)
        assert [r for r in results if r[1] >= 400] == [], url

    sessions = {}
    run = Session.objects.filter(group__facilitators__isnull=False).distinct()
    for session in run.select_related("group").order_by("starts_at"):
        sessions.setdefault((session.status, session.starts_at > now), session)
    assert len(sessions) >= 2
    for session in sessions.values():
        runner = session.group.facilitators.first()
        url = reverse("groups:session", args=[session.pk])
        results = statuses_of_every_submission(client, runner, url)
        assert [r for r in results if r[1] >= 400] == [], url
