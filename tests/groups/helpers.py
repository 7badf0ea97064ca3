"""Groups made as staff make them: through the services."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from groups.models import Audience, Fellowship, Frequency
from groups.services.group import group_create

_names = count(1)


def schedule(**overrides) -> dict:
    return {
        "frequency": Frequency.WEEKLY,
        "weekdays": [timezone.localdate().weekday()],
        "nth": None,
        "start_time": dt.time(19, 0),
        "duration_minutes": 60,
        "time_zone": "America/New_York",
        "starts_on": timezone.localdate() - dt.timedelta(weeks=3),
        "ends_on": None,
        **overrides,
    }


def make_group(actor, *, facilitators=(), schedule_overrides=None, **fields):
    n = next(_names)
    values = {
        "name": f"Tuesday Hope {n}",
        "kind": Fellowship.AA,
        "audience": Audience.PUBLIC,
        "types": ["O", "D"],
        "location_name": "Community Center",
        "address": "120 Main St",
        "city": "Springfield",
        "state": "NY",
        "postal_code": "12345",
        # Public unless the group is for clients only, which can never be public.
        "is_public": fields.get("audience", Audience.PUBLIC) != Audience.CLIENTS,
        **fields,
    }
    return group_create(
        actor=actor,
        facilitators=list(facilitators),
        schedule=schedule(**(schedule_overrides or {})),
        **values,
    )


def group_with_member(supervisor, facilitator, client_record):
    """A public weekly group run by ``facilitator`` with ``client_record`` enrolled."""
    from groups.services.enrollment import enrollment_add

    group = make_group(supervisor, facilitators=[facilitator], name="Circle of Hope")
    enrollment_add(group=group, client=client_record, actor=supervisor)
    return group


def next_session_of(group):
    from groups.models import Session

    return Session.objects.filter(group=group, starts_at__gt=timezone.now()).first()
