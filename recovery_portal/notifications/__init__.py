"""Reminders: the outbox of docs/architecture.md §5. Other apps use ``services.reminders_schedule``,
``reminders_reschedule`` and ``reminders_cancel`` (see the docstring of ``services.py``) and
give their source model a ``reminder_message(reminder)`` method (``messages.ReminderContent``)."""
