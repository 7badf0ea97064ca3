"""Group attendance keeps the client's stored last contact (``Client.last_contact_at``): a
session attended (present or late) is a contact at its start; a mark corrected to absent, or
excused, is not."""

import pytest

from clients.models import Client
from groups.services.attendance import attendance_mark, attendance_mark_all_present

pytestmark = pytest.mark.django_db


def _stored(client_record):
    return Client.objects.get(pk=client_record.pk).last_contact_at


def test_attending_a_session_is_a_contact_and_a_correction_undoes_it(
    facilitator, held_session, client_record
):
    assert _stored(client_record) is None
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="present", actor=facilitator
    )
    assert _stored(client_record) == held_session.starts_at
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="absent", actor=facilitator
    )
    assert _stored(client_record) is None
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="late", actor=facilitator
    )
    assert _stored(client_record) == held_session.starts_at


def test_mark_all_present_is_a_contact_for_each_one_marked(
    facilitator, held_session, client_record
):
    attendance_mark_all_present(session=held_session, actor=facilitator)
    assert _stored(client_record) == held_session.starts_at
