"""Access matrix rows for consents, disclosures, support network, invitations and My pages.

Objects belong to ``client_record`` (client_user's, on case_manager's caseload); the other
client gets 404 for them by changing the id."""

from clients.models import InformationKind
from clients.models.disclosure import LegalBasis
from clients.services.disclosure import disclosure_record, disclosure_record_without_consent
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, by_role, clinical, everyone
from tests.factories import ClientFactory

from .helpers import consent_make, contact_make, invitation_make, paper_consent_make


def _client(request) -> dict:
    return {"client_pk": request.getfixturevalue("client_record").pk}


def _consent(request) -> dict:
    client = request.getfixturevalue("client_record")
    consent = consent_make(client, request.getfixturevalue("case_manager"), signed=False)
    return {"client_pk": client.pk, "pk": consent.pk}


def _disclosure(request) -> dict:
    client = request.getfixturevalue("client_record")
    manager = request.getfixturevalue("case_manager")
    sister = contact_make(client, request.getfixturevalue("client_user"))
    consent_make(client, manager, recipient_contact=sister)
    disclosure = disclosure_record(
        client=client,
        recipient=sister,
        information=InformationKind.ATTENDANCE,
        description="Attended group on Monday",
        actor=manager,
    )
    return {"client_pk": client.pk, "pk": disclosure.pk}


def _audit_disclosure(request) -> dict:
    client = request.getfixturevalue("client_record")
    disclosure = disclosure_record_without_consent(
        client=client,
        actor=request.getfixturevalue("case_manager"),
        basis=LegalBasis.AUDIT_EVALUATION,
        recipient_name="State licensing audit",
        basis_reference="Audit agreement 2026-14",
        information=InformationKind.ATTENDANCE,
        description="Attendance records for the audit sample",
    )
    return {"client_pk": client.pk, "pk": disclosure.pk}


def _paper_consent(request) -> dict:
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = request.getfixturevalue("tmp_path")
    client = request.getfixturevalue("client_record")
    consent = paper_consent_make(client, request.getfixturevalue("case_manager"))
    return {"client_pk": client.pk, "pk": consent.pk}


def _only_pk(make):
    def kwargs(request) -> dict:
        return {"pk": make(request)["pk"]}

    return kwargs


def _contact(request) -> dict:
    client = request.getfixturevalue("client_record")
    return {"pk": contact_make(client, request.getfixturevalue("client_user")).pk}


def _token(request) -> dict:
    manager = request.getfixturevalue("case_manager")
    newcomer = ClientFactory(case_manager=manager, actor=manager, email="new@example.test")
    return {"token": invitation_make(newcomer, manager)[1]}


MINE = by_role(staff=FORBIDDEN)  # a client's own page: every client has one
MINE_OBJECT = by_role(staff=FORBIDDEN, other_client_user=NOT_FOUND)  # client_user's object

ROWS = {
    "clients:consent_list": Row(clinical(), _client),
    "clients:consent_create": Row(clinical(), _client),
    "clients:consent_detail": Row(clinical(), _consent),
    "clients:consent_revoke": Row(clinical(), _consent),
    "clients:consent_scan": Row(clinical(), _paper_consent),
    "clients:consent_event": Row(clinical(), _consent),
    "clients:disclosure_list": Row(clinical(), _client),
    "clients:disclosure_cover": Row(clinical(), _disclosure),
    # Supervisors only: their case manager gets 403, everyone else 404.
    "clients:disclosure_suspend": Row({**clinical(), "case_manager": FORBIDDEN}, _audit_disclosure),
    "clients:disclosure_create": Row(clinical(), _client),
    "clients:disclosure_without_consent": Row(clinical(), _client),
    "clients:support_network": Row(clinical(), _client),
    "clients:invitation": Row(clinical(), _client),
    "clients:portal_access_revoke": Row(clinical(), _client),
    # The e-mailed link: whoever holds it (a valid one here) sees the set-password form.
    "clients:invitation_accept": Row(everyone(OK), _token),
    "clients:my_profile": Row(MINE),
    "clients:my_consents": Row(MINE),
    "clients:my_consent": Row(MINE_OBJECT, _only_pk(_consent)),
    "clients:my_consent_revoke": Row(MINE_OBJECT, _only_pk(_consent)),
    "clients:my_consent_scan": Row(MINE_OBJECT, _only_pk(_paper_consent)),
    "clients:my_support_network": Row(MINE),
    "clients:my_contact_add": Row(MINE),
    "clients:my_contact_edit": Row(MINE_OBJECT, _contact),
    "clients:my_contact_remove": Row(MINE_OBJECT, _contact),
    "clients:my_disclosures": Row(MINE),
    "clients:my_record_views": Row(MINE),
    "clients:my_record_download": Row(MINE),
}
