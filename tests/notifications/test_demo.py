import pytest

from recovery_portal.home.demo import seed_all
from recovery_portal.notifications.models import Reminder, ReminderState

pytestmark = pytest.mark.django_db


def test_the_demo_has_reminders_in_several_states_and_seeding_again_changes_nothing():
    seed_all()
    states = set(Reminder.objects.values_list("state", flat=True))
    assert {
        ReminderState.SCHEDULED,
        ReminderState.SENT,
        ReminderState.FAILED,
        ReminderState.CANCELLED,
    } <= states
    count = Reminder.objects.count()
    seed_all()
    assert Reminder.objects.count() == count
