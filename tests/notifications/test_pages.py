"""The pages: each person's reminder settings, their reminders, and a client's delivery log
for the staff who support them."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import Preference, Reminder, ReminderKind, ReminderState
from recovery_portal.notifications.services import reminders_schedule
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:preferences")
GOOD = {
    "email_enabled": "on",
    "sms_enabled": "on",
    "phone": "+1 (555) 123-4567",
    "time_zone": "America/Chicago",
    "quiet_start": "21:30",
    "quiet_end": "07:00",
    "wanted_kinds": ["meeting", "appointment"],
    "discreet": "on",
}


@pytest.mark.parametrize("persona", ["client_user", "case_manager"])
def test_a_person_saves_their_own_reminder_settings(persona, request, client):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert b"Discreet wording" in page.content
    response = client.post(SETTINGS, GOOD)
    assert response.status_code == 302
    preference = Preference.objects.get(user=user)
    assert preference.phone == "+15551234567"
    assert (preference.quiet_start, preference.quiet_end) == (time(21, 30), time(7, 0))
    assert "follow_up" in preference.opted_out_kinds
    assert "meeting" not in preference.opted_out_kinds
    user.refresh_from_db()
    assert user.time_zone == "America/Chicago"
    assert AuditEvent.objects.filter(actor=user, action="notifications.preferences.update").exists()


def test_discreet_wording_is_on_for_someone_who_never_changed_anything(client_user, client):
    client.force_login(client_user)
    form = client.get(SETTINGS).context["form"]
    assert form.initial["discreet"] is True
    assert form.initial["email_enabled"] is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "555-1234"}, "with + and the country code"),
        ({"phone": ""}, "Please enter a mobile number to get text messages."),
        ({"quiet_end": ""}, "Please give both a start and an end for quiet hours"),
        ({"quiet_start": "25:99"}, "Enter a valid time."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
    ],
)
def test_bad_settings_are_named_on_the_form_and_nothing_changes(
    client_user, client, change, message
):
    client.force_login(client_user)
    response = client.post(SETTINGS, {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Preference.objects.filter(user=client_user).exists()


def test_my_reminders_shows_my_notes_and_my_delivery_log_only(
    client_user, other_client_user, remind, client
):
    remind(
        client_user, note="Bring your photo ID.", remind_at=timezone.now() - timedelta(minutes=1)
    )
    remind(other_client_user, note="Someone else's note.")
    dispatch_due_reminders()
    client.force_login(client_user)
    page = client.get(reverse("notifications:mine")).content.decode()
    assert "Bring your photo ID." in page
    assert "Someone else" not in page
    assert "Sent" in page


def test_a_case_manager_sees_what_was_sent_to_a_client_on_their_caseload(
    client_record, client_user, case_manager, remind, client
):
    remind(client_user, note="A private note about the housing form.")
    dispatch_due_reminders()
    client.force_login(case_manager)
    response = client.get(reverse("home:client_reminders", args=[client_record.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Other reminders" in page and "E-mail" in page and "Sent" in page
    assert "housing form" not in page  # what, when, how, outcome — never the message
    # Logged as a look at the record, so the client sees it under "Who has seen my record".
    assert AuditEvent.objects.filter(
        actor=case_manager,
        action="client.view",
        client_id=client_record.pk,
        details={"part": "reminders"},
    ).exists()


def test_failures_show_their_error_to_the_case_manager(
    client_record, client_user, case_manager, remind, client
):
    remind(client_user)
    Reminder.objects.update(state=ReminderState.FAILED, last_error="SendError: HTTP 503")
    client.force_login(case_manager)
    page = client.get(reverse("home:client_reminders", args=[client_record.pk])).content.decode()
    assert "SendError: HTTP 503" in page


@pytest.mark.parametrize("count", [5, 150])
def test_the_delivery_log_page_costs_the_same_queries_at_any_size(
    count, client_record, client_user, case_manager, remind, client, django_assert_max_num_queries
):
    custom = remind(client_user)
    for n in range(count):
        reminders_schedule(
            recipient=client_user,
            kind=ReminderKind.APPOINTMENT,
            source=custom,
            send_at=timezone.now() + timedelta(hours=n),
            key=str(n),
        )
    client.force_login(case_manager)
    url = reverse("home:client_reminders", args=[client_record.pk])
    with django_assert_max_num_queries(15):  # the view's audit event locks the chain: +1
        assert client.get(url).status_code == 200
    client.force_login(client_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:mine")).status_code == 200


def test_a_client_without_an_account_has_an_empty_log(case_manager, supervisor, client):
    record = ClientFactory(case_manager=case_manager, actor=supervisor, user=None)
    client.force_login(case_manager)
    page = client.get(reverse("home:client_reminders", args=[record.pk])).content.decode()
    assert "no portal account yet" in page


def test_the_admin_retries_failed_reminders(admin_user, client_user, remind, client):
    remind(client_user)
    Reminder.objects.update(state=ReminderState.FAILED, attempts=5, last_error="boom")
    client.force_login(admin_user)
    changelist = reverse("admin:notifications_reminder_changelist")
    assert (
        client.get(
            changelist + "?state__exact=failed&kind__exact=other&channel__exact=email"
        ).status_code
        == 200
    )
    row = Reminder.objects.get()
    client.post(changelist, {"action": "retry_failed", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.SCHEDULED, 0)
    assert AuditEvent.objects.filter(action="notifications.reminder.retry").exists()
    dispatch_due_reminders()
    row.refresh_from_db()
    assert row.state == ReminderState.SENT


def test_the_admin_sets_a_custom_reminder_through_the_service(admin_user, client_user, client):
    client.force_login(admin_user)
    at = timezone.localtime() + timedelta(days=1)
    response = client.post(
        reverse("admin:notifications_customreminder_add"),
        {
            "recipient": client_user.pk,
            "at_0": at.strftime("%Y-%m-%d"),
            "at_1": at.strftime("%H:%M:%S"),
            "remind_at_0": at.strftime("%Y-%m-%d"),
            "remind_at_1": "08:00:00",
            "note": "Bring your photo ID.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Reminder.objects.filter(recipient=client_user).count() == 1


def test_navigation_links_the_settings_for_staff_and_clients(client_user, facilitator, client):
    for person in (client_user, facilitator):
        client.force_login(person)
        page = client.get(reverse("notifications:mine")).content.decode()
        assert SETTINGS in page


def test_a_deactivated_account_gets_nothing(client_user, remind):
    remind(client_user)
    client_user.is_active = False
    client_user.save()
    dispatch_due_reminders()
    assert Reminder.objects.get().note == "Account deactivated."
