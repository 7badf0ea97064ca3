import datetime as dt

import pytest
from django.utils import timezone

from groups.models import Session

from .helpers import group_with_member, next_session_of


@pytest.fixture
def peer_group(supervisor, facilitator, client_record):
    """A public weekly group run by ``facilitator`` with ``client_record`` enrolled."""
    return group_with_member(supervisor, facilitator, client_record)


@pytest.fixture
def held_session(peer_group):
    """A session of ``peer_group`` that took place yesterday (attendance can be taken)."""
    starts = timezone.now() - dt.timedelta(days=1)
    return Session.objects.create(
        group=peer_group,
        occurs_on=(timezone.localdate() - dt.timedelta(days=40)),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )


@pytest.fixture
def next_session(peer_group):
    return next_session_of(peer_group)
