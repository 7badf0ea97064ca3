"""Follow-up dates: month arithmetic that is right at month ends and in leap years.

``relativedelta`` adds months first, then days, and clamps to the last day of a shorter month
(31 January + 1 month = 28 or 29 February; 29 February 2024 + 12 months = 28 February 2025),
which is what "the 6-month follow-up" means to the people who count it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta


def after(start: dt.date, *, months: int = 0, days: int = 0) -> dt.date:
    return start + relativedelta(months=months, days=days)


@dataclass(frozen=True)
class Window:
    due: dt.date
    opens: dt.date
    closes: dt.date  # the last day that still counts as "in window"

    def contains(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


def window_for(discharge: dt.date, step) -> Window:
    """The due date and window of one template ``step`` for a plan discharged on ``discharge``."""
    return Window(
        due=after(discharge, months=step.due_months, days=step.due_days),
        opens=after(discharge, months=step.opens_months, days=step.opens_days),
        closes=after(discharge, months=step.closes_months, days=step.closes_days),
    )
