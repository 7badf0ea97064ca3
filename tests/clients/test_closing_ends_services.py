"""Closing a record ends the services, not only the access (issue 21, item 3): in the same
transaction the apps' ``record_closers`` end the client's group places (facilitators get a plain
note), close their aftercare plan, stop their appointments' reminders, and every reminder still
pending to the client is cancelled; the periodic scans pass over closed records; My recovery
keeps the crisis lines but no "Check in" or "Talk to someone now"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercarePlan, ClientSettings, FollowUpStatus, PlanStatus
from aftercare.services.checkin import checkin_prompts_schedule, missed_checkins_scan
from aftercare.services.plan import plan_start
from clients.models import Client, ClientStatus
from clients.services.record import client_status_change
from groups.models import EnrollmentStatus
from groups.services.enrollment import enrollment_add, group_capacity_set
from recovery_portal.notifications.models import CustomReminder, Reminder, ReminderState
from recovery_portal.notifications.services import custom_reminder_create
from tests.casework.helpers import appointment_make
from tests.factories import ClientFactory
from tests.groups.helpers import group_with_member


def _close(record, actor):
    client_status_change(client=record, to_status=ClientStatus.CLOSED, actor=actor, reason="Moved")


def _pending_to(user):
    return Reminder.objects.filter(recipient=user, state=ReminderState.SCHEDULED)


def _plan(record, case_manager, supervisor):
    return plan_start(
        client=record,
        discharge_date=timezone.localdate() - dt.timedelta(days=10),
        responsible=case_manager,
        actor=supervisor,
    )


def test_group_places_end_and_facilitators_get_a_plain_note(
    client_record, supervisor, facilitator, case_manager
):
    group = group_with_member(supervisor, facilitator, client_record)
    group_capacity_set(group=group, capacity=1, actor=supervisor)
    waiting = ClientFactory(case_manager=case_manager, status=ClientStatus.ACTIVE)
    enrollment_add(group=group, client=waiting, actor=supervisor)
    _close(client_record, case_manager)
    assert group.enrollments.get(client=client_record).status == EnrollmentStatus.LEFT
    assert group.enrollments.get(client=waiting).status == EnrollmentStatus.ENROLLED
    note = CustomReminder.objects.get(recipient=facilitator)
    first = client_record.preferred_name or client_record.legal_first_name
    initial = client_record.legal_last_name[0]
    assert note.note == f"A member has left {group.name}: {first} {initial}."
    assert client_record.legal_last_name not in note.note
    assert _pending_to(facilitator).filter(source_id=str(note.pk)).exists()


def test_the_aftercare_plan_closes_and_its_followups_end(client_record, case_manager, supervisor):
    plan = _plan(client_record, case_manager, supervisor)
    assert plan.followups.filter(status=FollowUpStatus.OPEN).exists()
    _close(client_record, case_manager)
    plan.refresh_from_db()
    assert (plan.status, plan.close_reason) == (PlanStatus.CLOSED, "record_closed")
    assert not plan.followups.filter(status=FollowUpStatus.OPEN).exists()
    assert not _pending_to(case_manager).exists(), "follow-up reminders to staff stopped"


def test_appointment_reminders_stop_and_the_appointment_stays(
    client_record, client_user, case_manager
):
    appointment = appointment_make(client_record, case_manager, in_days=3)
    assert _pending_to(client_user).exists() and _pending_to(case_manager).exists()
    _close(client_record, case_manager)
    appointment.refresh_from_db()
    assert appointment.is_scheduled, "a closing is not the appointment's outcome"
    assert not _pending_to(client_user).exists()
    assert not _pending_to(case_manager).exists()


def test_every_reminder_still_pending_to_the_client_is_cancelled(
    client_record, client_user, case_manager
):
    soon = timezone.now() + dt.timedelta(days=2)
    custom_reminder_create(
        author=case_manager, recipient=client_user, at=soon, remind_at=soon, note="Bring ID"
    )
    assert _pending_to(client_user).exists()
    _close(client_record, case_manager)
    assert not _pending_to(client_user).exists()
    assert Reminder.objects.filter(recipient=client_user, state=ReminderState.CANCELLED).exists()


def test_the_periodic_scans_pass_over_a_closed_record(client_record, case_manager, supervisor):
    """A record closed before closing closed its plan (or any plan left active) is skipped."""
    plan = _plan(client_record, case_manager, supervisor)
    ClientSettings.objects.update_or_create(
        client=client_record, defaults={"checkin_frequency": "daily"}
    )
    Client.objects.filter(pk=client_record.pk).update(status=ClientStatus.CLOSED)
    assert AftercarePlan.objects.get(pk=plan.pk).status == PlanStatus.ACTIVE
    later = timezone.localdate() + dt.timedelta(days=30)
    assert missed_checkins_scan(today=later) == 0
    assert checkin_prompts_schedule() == 0
    Client.objects.filter(pk=client_record.pk).update(status=ClientStatus.DISCHARGED)
    assert missed_checkins_scan(today=later) == 1, "the scan itself works"
    assert checkin_prompts_schedule() == 1


@pytest.fixture
def closed_home(client, client_user, client_record, case_manager, supervisor):
    _plan(client_record, case_manager, supervisor)
    _close(client_record, case_manager)
    client_user.refresh_from_db()
    client.force_login(client_user)
    return client.get(reverse("home:my_recovery")).content.decode()


def test_my_recovery_shows_crisis_lines_instead_of_the_buttons(closed_home):
    assert "Talk to someone now</button>" not in closed_home
    assert ">Check in<" not in closed_home
    assert "tel:988" in closed_home and "My past check-ins" in closed_home


def test_my_recovery_keeps_the_buttons_while_open(
    client, client_user, client_record, case_manager, supervisor
):
    _plan(client_record, case_manager, supervisor)
    client.force_login(client_user)
    page = client.get(reverse("home:my_recovery")).content.decode()
    assert "Talk to someone now</button>" in page and ">Check in<" in page
