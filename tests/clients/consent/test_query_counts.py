"""List pages make the same number of queries with 5 items or 200."""

import pytest
from django.urls import reverse

from clients.models import InformationKind
from clients.services.disclosure import disclosure_record
from clients.services.record import client_record_viewed

from .helpers import consent_make, contact_make


def _consents(n, client_record, case_manager):
    for i in range(n):
        consent_make(client_record, case_manager, signed=False, recipient_name=f"Person {i}")


def _disclosures(n, client_record, case_manager):
    contact = contact_make(client_record, client_record.user)
    consent_make(client_record, case_manager, recipient_contact=contact)
    for i in range(n):
        disclosure_record(
            client=client_record,
            recipient=contact,
            information=InformationKind.ATTENDANCE,
            description=f"Call {i}",
            actor=case_manager,
        )


def _contacts(n, client_record, case_manager):
    for i in range(n):
        contact = contact_make(client_record, client_record.user, name=f"Friend {i}")
        if i % 2:
            consent_make(client_record, case_manager, recipient_contact=contact)


def _visits(n, client_record, case_manager):
    for _ in range(n):
        client_record_viewed(actor=case_manager, client=client_record, part="profile")


CASES = [
    ("clients:my_consents", False, _consents),
    ("clients:consent_list", True, _consents),
    ("clients:my_disclosures", False, _disclosures),
    ("clients:disclosure_list", True, _disclosures),
    ("clients:my_support_network", False, _contacts),
    ("clients:support_network", True, _contacts),
    ("clients:my_record_views", False, _visits),
    ("clients:my_record_views", False, _disclosures),
    ("clients:disclosure_create", True, _consents),
]


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize(
    ("url_name", "staff", "make"), CASES, ids=[f"{c[0]}-{c[2].__name__}" for c in CASES]
)
def test_list_pages_do_not_grow_with_data(
    url_name,
    staff,
    make,
    size,
    client,
    client_user,
    case_manager,
    client_record,
    django_assert_max_num_queries,
):
    make(size, client_record, case_manager)
    client.force_login(case_manager if staff else client_user)
    kwargs = {"client_pk": client_record.pk} if staff else {}
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
