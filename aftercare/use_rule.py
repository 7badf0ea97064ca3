"""When "no use since the last contact" and days of use in the last 30 days contradict.

"No use since the last contact" with some days of use in the last 30 days is a true answer
whenever the last contact was less than 30 days before this follow-up: the use can have come
before that contact and still be within the 30 days (at the 7-day and 30-day follow-ups, and
whenever someone reached the client lately). Only when the previous contact was 30 or more days
before this follow-up is every one of the last 30 days after it, and the two answers cannot
both be right.

The last contact is the latest of, strictly before the day of this follow-up: another completed
follow-up of the client, a try that reached them, the discharge date of their aftercare plan, or
their intake interview (``aftercare.selectors.followup.last_contact_before``). With none known
the answers are taken as given.
"""

from __future__ import annotations

import datetime as dt

WHOLE_PERIOD = 30


def _day(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def use_conflict(
    *, any_use, days_of_use, completed_on: dt.date, last_contact: dt.date | None
) -> str | None:
    """The message to show when the answers contradict each other, else None. ``any_use``:
    True, False, or None (not given); ``days_of_use``: a number or None (not given)."""
    if any_use is not False or not days_of_use or last_contact is None or completed_on is None:
        return None
    gap = (completed_on - last_contact).days
    if gap < WHOLE_PERIOD:
        return None
    return (
        f"The last contact with the client was on {_day(last_contact)}, {gap} days before this "
        "follow-up, so all of the last 30 days are after it: “no use since the last contact” "
        "and days of use in the last 30 days cannot both be right. Please check both answers."
    )


def use_help(last_contact: dt.date | None, today: dt.date) -> str:
    """The help text of the question, naming the last contact we know of."""
    rule = (
        "“No” together with days of use in the last 30 days is fine when the last contact was "
        "less than 30 days before this follow-up (the use may have come before it); it is "
        "refused when the last contact was 30 or more days before."
    )
    if last_contact is None:
        return rule
    gap = (today - last_contact).days
    return f"The last contact we know of: {_day(last_contact)} ({gap} days ago). {rule}"
