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


def test_the_demo_case_managers_inbox_has_a_few_texts_from_clients():
    from clients.selectors.texts import text_inbox_for
    from recovery_portal.accounts.models import User
    from recovery_portal.notifications.models import InboundText

    seed_all()
    manager = User.objects.get(email="casemanager@example.org")
    inbox = text_inbox_for(manager)
    assert len(inbox) >= 2
    assert all(text.client is not None for text in inbox)
    assert InboundText.objects.filter(sender__isnull=True).count() == 1
    count = InboundText.objects.count()
    seed_all()
    assert InboundText.objects.count() == count
