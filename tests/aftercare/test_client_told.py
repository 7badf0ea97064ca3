"""What the client is told after "Talk to someone now" and a worrying check-in (issue 16,
item 7): plainly when someone will call (a time in office hours, or the on-call person with a
time to stop waiting), and the crisis lines with 988 as links to call and to text, on every
client page that shows them (the closed-record page and the footer too)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from aftercare.models import OnCallShift
from aftercare.services.safety import call_back_words
from recovery_portal.home.context_processors import crisis_links

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
LINKS = ('href="tel:988"', 'href="sms:988"', 'href="tel:+18006624357"', 'href="tel:911"')


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=ZONE)  # March 2 2026 is a Monday


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (_at(4, 10), "today, before 17:00"),  # Wednesday morning
        (_at(4, 7, 30), "today, between 9:00 and 17:00"),  # before opening
        (_at(4, 16, 30), "tomorrow, between 9:00 and 17:00"),  # under an hour left
        (_at(6, 20), "on Monday, between 9:00 and 17:00"),  # Friday evening
        (_at(7, 11), "on Monday, between 9:00 and 17:00"),  # Saturday
    ],
)
def test_when_a_member_of_staff_will_call(now, words):
    assert call_back_words(now) == words


def _press(client, client_user):
    client.force_login(client_user)
    return client.post(reverse("aftercare:help_now"), follow=True).content.decode()


def test_help_now_says_when_the_case_manager_will_call_with_988_to_call_or_text(
    client, client_record, client_user
):
    with time_machine.travel(_at(4, 10), tick=False):
        page = _press(client, client_user)
    assert "We received your message at 10:00." in page
    assert "will call you today, before 17:00 (our office hours)" in page
    assert "If you need someone sooner: call" in page
    told = page.split('class="messages"')[1].split("</div>")[0]
    assert all(link in told for link in LINKS)
    assert "as soon as they can" not in page


def test_help_now_to_the_person_on_call_says_until_when_to_wait(
    client, client_record, client_user, other_case_manager
):
    start = _at(7, 0)
    OnCallShift.objects.create(
        staff=other_case_manager, starts_at=start, ends_at=start + dt.timedelta(days=2)
    )
    with time_machine.travel(_at(7, 23, 15), tick=False):
        page = _press(client, client_user)
    with time_machine.travel(_at(7, 23, 17), tick=False):
        again = client.post(reverse("aftercare:help_now"), follow=True).content.decode()
    assert "The person on call for our team has been told" in page
    assert "If no one has called you by 00:15, or you need someone sooner: call" in page
    assert "We already have your request from 23:15." in again


def test_a_worrying_check_in_with_nobody_responsible_still_says_when_staff_will_see_it(
    client, client_record, client_user, supervisor
):
    from clients.models import CaseAssignment

    CaseAssignment.objects.filter(client=client_record).update(ended_at=timezone.now())
    client.force_login(client_user)
    answers = {"mood": "1", "craving": "2", "any_use": "no", "sleep": "some"}
    page = client.post(reverse("aftercare:my_checkins"), answers, follow=True).content.decode()
    assert "our team has been told: they will see them during office hours" in page
    assert 'href="sms:988"' in page


def test_the_footer_and_the_closed_record_page_link_988(
    client, client_user, client_record, case_manager
):
    assert crisis_links("In crisis? Call or text 988, any time. In an emergency, call 911.") == (
        'In crisis? Call <a href="tel:988">988</a> or text <a href="sms:988">988</a>, any '
        'time. In an emergency, call <a href="tel:911">911</a>.'
    )
    assert (
        crisis_links("<b>988</b> & 9880")
        == '&lt;b&gt;<a href="tel:988">988</a>&lt;/b&gt; &amp; 9880'
    )
    client.force_login(client_user)
    home = client.get(reverse("home:my_recovery")).content.decode()
    assert 'class="mb-1 crisis-line"><strong>In crisis? Call <a href="tel:988">' in home
    from clients.services.record import client_status_change

    client_status_change(
        client=client_record, to_status="closed", reason="Moved", actor=case_manager
    )
    client_user.refresh_from_db()  # closing ended the old sessions: they sign in again
    client.force_login(client_user)
    closed = client.post(reverse("aftercare:help_now")).content.decode()
    assert "Your record is closed" in closed
    body = closed.split("<main")[1].split("</main>")[0]
    assert 'href="tel:988"' in body and 'href="sms:988"' in body


def test_a_second_press_the_next_morning_counts_the_time_to_call_from_now(
    client, client_record, client_user
):
    with time_machine.travel(_at(3, 20), tick=False):  # Tuesday evening
        first = _press(client, client_user)
    assert "will call you tomorrow, between 9:00 and 17:00" in first
    with time_machine.travel(_at(4, 10), tick=False):  # Wednesday morning, still unanswered
        again = _press(client, client_user)  # signed in again: the evening's session timed out
    assert "We already have your request from 20:00." in again
    assert "will call you today, before 17:00" in again
