"""Dates relative to today that exist on every day of the year."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def a_year_from_today() -> dt.date:
    """Today's date next year; on 29 February, 28 February (``date.replace`` would raise)."""
    return timezone.localdate() + relativedelta(years=1)
