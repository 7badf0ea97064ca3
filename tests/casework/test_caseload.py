"""The caseload page and Today's casework: sorting, the supervisor's view across the team, and
"no contact for 30 days" from every contact source."""

import importlib
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.models import AppointmentStatus, RecoveryPlan, Referral
from casework.panels import today as today_panel
from casework.selectors.caseload import caseload, no_recent_contact
from casework.services.appointment import appointment_set_status
from clients.models import Client
from clients.services.contact import last_contact_refresh
from recovery_portal.plugins import contact_sources
from tests.factories import ClientFactory

from .helpers import appointment_make, note_make, plan_make

pytestmark = pytest.mark.django_db
contact_module = importlib.import_module("clients.selectors.contact")


def _seen(client_record, staff, days_ago: int):
    """An appointment that took place ``days_ago`` days ago, booked and completed through the
    services at the time."""
    with time_machine.travel(timezone.now() - timedelta(days=days_ago, hours=2)):
        appointment = appointment_make(client_record, staff, in_days=0.05)
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        appointment_set_status(
            appointment=appointment, status=AppointmentStatus.COMPLETED, actor=staff
        )
    return appointment


@pytest.fixture
def long_known(case_manager, supervisor):
    """Two clients of case_manager who have been with us for three months."""
    with time_machine.travel(timezone.now() - timedelta(days=90)):
        return [
            ClientFactory(case_manager=case_manager, actor=supervisor, legal_last_name=name)
            for name in ("Ashgrove", "Birchfield")
        ]


def test_clients_out_of_touch_for_30_days_are_listed_and_recent_ones_are_not(
    case_manager, long_known
):
    quiet, seen = long_known
    _seen(quiet, case_manager, 40)
    _seen(seen, case_manager, 3)
    panel = today_panel(case_manager)
    assert [c.pk for c in panel["quiet_clients"]] == [quiet.pk]
    assert panel["quiet_count"] == 1


def test_another_contact_source_can_be_ored_in(case_manager, long_known, monkeypatch):
    """Any app's queryset of contact moments (plugins.contact_sources) counts as contact once
    the stored last contact is refreshed."""
    quiet, seen = long_known
    _seen(quiet, case_manager, 40)
    _seen(seen, case_manager, 40)

    def referral_news(client_ref):
        return Referral.objects.filter(client=client_ref).values("last_update_at")

    from .helpers import referral_make, resource_make

    referral_make(seen, case_manager, resource_make(case_manager))
    sources = contact_sources()
    monkeypatch.setattr(contact_module, "contact_sources", lambda: [*sources, referral_news])
    last_contact_refresh(client_ids=[quiet.pk, seen.pk])
    remaining = Client.objects.filter(pk__in=[quiet.pk, seen.pk]).filter(no_recent_contact())
    assert list(remaining) == [quiet]
    rows = {c.pk: c.last_contact for c in caseload(case_manager)}
    assert rows[seen.pk] > timezone.now() - timedelta(days=1)
    assert rows[quiet.pk] < timezone.now() - timedelta(days=39)


def test_the_caseload_sorts_by_next_appointment_with_the_unbooked_last(
    client, case_manager, long_known
):
    first, second = long_known
    appointment_make(second, case_manager, in_days=1)
    appointment_make(first, case_manager, in_days=5)
    client.force_login(case_manager)
    rows = list(client.get(reverse("casework:caseload") + "?sort=next").context["page"])
    assert [c.pk for c in rows] == [second.pk, first.pk]
    rows = list(client.get(reverse("casework:caseload") + "?sort=-next").context["page"])
    assert [c.pk for c in rows] == [first.pk, second.pk]


def test_a_case_manager_sees_only_their_caseload_and_no_manager_column(
    client, case_manager, client_record, other_client_record
):
    client.force_login(case_manager)
    page = client.get(reverse("casework:caseload")).content.decode()
    assert "Jamie Client" in page
    assert "Robin Other" not in page
    assert "Case manager</a>" not in page


def test_a_supervisor_sees_everyone_with_their_case_manager(
    client, supervisor, client_record, other_client_record
):
    client.force_login(supervisor)
    page = client.get(reverse("casework:caseload") + "?sort=manager").content.decode()
    assert "Jamie Client" in page and "Robin Other" in page
    assert "Cam Manager" in page and "Oli Othermanager" in page


def test_a_supervisor_sees_today_per_case_manager(
    client, supervisor, case_manager, other_case_manager, client_record, other_client_record
):
    ten_am = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), time(10, 0))
    )
    with time_machine.travel(ten_am):
        appointment_make(client_record, case_manager, in_days=0.1)
        appointment_make(other_client_record, other_case_manager, in_days=0.1)
        appointment_make(other_client_record, other_case_manager, in_days=0.2)
        rows = {row["name"]: row for row in today_panel(supervisor)["team"]}
        client.force_login(supervisor)
        page = client.get(reverse("home:today")).content.decode()
    assert rows["Cam Manager"]["appointments"] == 1
    assert rows["Oli Othermanager"]["appointments"] == 2
    assert "The team today" in page


def test_a_facilitator_gets_no_casework_on_today(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("home:today")).content.decode()
    assert "Referrals waiting for news" not in page
    assert today_panel(facilitator) is None


def test_a_progress_note_counts_as_contact(case_manager, long_known):
    """A phone call written up as a note is contact: the client is not "out of touch"."""
    quiet, called = long_known
    _seen(quiet, case_manager, 40)
    _seen(called, case_manager, 40)
    note_make(called, case_manager, contact_type="phone", contact_date=_days_ago(2))
    note_make(quiet, case_manager, contact_type="phone", contact_date=_days_ago(35))
    panel = today_panel(case_manager)
    assert [c.pk for c in panel["quiet_clients"]] == [quiet.pk]
    rows = {c.pk: c.last_contact for c in caseload(case_manager)}
    assert rows[called.pk].date() >= _days_ago(3)


def test_the_caseload_shows_and_sorts_by_the_plan_review_date(client, case_manager, long_known):
    later, sooner = long_known
    plan_make(later, case_manager, share=True)
    plan = plan_make(sooner, case_manager, share=True)
    RecoveryPlan.objects.filter(pk=plan.pk).update(review_due=_days_ago(3))
    client.force_login(case_manager)
    response = client.get(reverse("casework:caseload") + "?sort=review")
    rows = list(response.context["page"])
    assert [c.pk for c in rows] == [sooner.pk, later.pk]
    assert rows[0].plan_review == _days_ago(3)
    assert "overdue" in response.content.decode()


def _days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)
