"""Access matrix rows of casework: appointments, referrals, the resource directory, the
caseload (see tests/access.py).

Record pages follow ``clinical()``: staff who may see ``client_record`` get 200, every other
persona 404. The directory is for staff (facilitators read it, clients get 403); changing it
is for clinical staff; importing for those holding ``casework.manage_directory``.
"""

from tests.access import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Row, by_role, clinical

from .helpers import appointment_make, referral_make, resource_make


def _record(request) -> dict:
    return {"pk": request.getfixturevalue("client_record").pk}


def _appointment(request) -> dict:
    record = request.getfixturevalue("client_record")
    appointment = appointment_make(record, request.getfixturevalue("case_manager"))
    return {"pk": record.pk, "appointment_pk": appointment.pk}


def _referral(request) -> dict:
    record = request.getfixturevalue("client_record")
    manager = request.getfixturevalue("case_manager")
    referral = referral_make(record, manager, resource_make(manager))
    return {"pk": record.pk, "referral_pk": referral.pk}


def _my_appointment(request) -> dict:
    return {"pk": _appointment(request)["appointment_pk"]}


def _resource(request) -> dict:
    return {"pk": resource_make(request.getfixturevalue("case_manager")).pk}


CLINICAL_PAGE = by_role(facilitator=FORBIDDEN, clients=FORBIDDEN)
STAFF_PAGE = by_role(clients=FORBIDDEN)
POST_ONLY_RECORD = {
    **clinical(),
    **dict.fromkeys(("admin_user", "supervisor", "case_manager"), NOT_ALLOWED),
}

ROWS = {
    "casework:caseload": Row(CLINICAL_PAGE),
    "casework:week": Row(CLINICAL_PAGE),
    # The client's own pages; another client asking for this appointment gets 404.
    "casework:my_appointments": Row(by_role(staff=FORBIDDEN)),
    "casework:my_reschedule": Row(
        by_role(staff=FORBIDDEN, other_client_user=NOT_FOUND), _my_appointment
    ),
    "casework:client_appointments": Row(clinical(), _record),
    "casework:appointment_new": Row(clinical(), _record),
    "casework:appointment": Row(clinical(), _appointment),
    "casework:appointment_status": Row(POST_ONLY_RECORD, _appointment),
    "casework:appointment_move": Row(clinical(), _appointment),
    "casework:reschedule_request_answer": Row(POST_ONLY_RECORD, _appointment),
    "casework:open_referrals": Row(CLINICAL_PAGE),
    "casework:client_referrals": Row(clinical(), _record),
    "casework:referral_new": Row(clinical(), _record),
    "casework:referral": Row(clinical(), _referral),
    "casework:resources": Row(STAFF_PAGE),
    "casework:resource": Row(STAFF_PAGE, _resource),
    "casework:resource_new": Row(CLINICAL_PAGE),
    "casework:resource_edit": Row(CLINICAL_PAGE, _resource),
    "casework:resource_verify": Row(
        {
            **CLINICAL_PAGE,
            **dict.fromkeys(
                ("admin_user", "supervisor", "case_manager", "other_case_manager"), NOT_ALLOWED
            ),
        },
        _resource,
    ),
    "casework:resources_export": Row(CLINICAL_PAGE),
    "casework:resources_import": Row(
        by_role(staff=FORBIDDEN, clients=FORBIDDEN, admin_user=OK, supervisor=OK)
    ),
}
