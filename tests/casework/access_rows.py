"""Access matrix rows for recovery plans, progress notes and the client's own plan.

Objects belong to ``client_record`` (client_user's, on case_manager's caseload). Staff pages
of the record: case managers only their caseload, supervisors every client, facilitators and
clients 404 (no notes, no plans). The client's own pages: clients only, each their own."""

from tests.access import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    by_role,
    clinical,
    everyone,
)

from .helpers import appointment_make, note_make, plan_make, referral_make, resource_make


def _client(request) -> dict:
    return {"client_pk": request.getfixturevalue("client_record").pk}


def _plan(request, *, share: bool = False):
    return plan_make(
        request.getfixturevalue("client_record"),
        request.getfixturevalue("case_manager"),
        share=share,
    )


def _with_plan(request) -> dict:
    _plan(request)
    return _client(request)


def _goal(request) -> dict:
    return {**_client(request), "pk": _plan(request).goals.get().pk}


def _goal_pk(request) -> dict:
    return {**_client(request), "goal_pk": _plan(request).goals.get().pk}


def _step(request) -> dict:
    step = _plan(request).goals.get().steps.first()
    return {**_client(request), "pk": step.pk}


def _barrier(request) -> dict:
    barrier = _plan(request).goals.get().barriers.get()
    return {**_client(request), "barrier_pk": barrier.pk}


def _version(request) -> dict:
    _plan(request, share=True)
    return {**_client(request), "number": 1}


def _shared_plan(request) -> dict:
    _plan(request, share=True)
    return _client(request)


def _note(request) -> dict:
    note = note_make(
        request.getfixturevalue("client_record"), request.getfixturevalue("case_manager")
    )
    return {**_client(request), "pk": note.pk}


def _my_step(request) -> dict:
    step = _plan(request, share=True).goals.get().steps.get(owner="client")
    return {"pk": step.pk}


MINE = by_role(staff=FORBIDDEN)  # a client's own page: every client has one
MINE_OBJECT = by_role(staff=FORBIDDEN, other_client_user=NOT_FOUND)  # client_user's object
POST_ONLY = everyone(NOT_ALLOWED)
# Only a draft's author edits it; other staff who may read it are sent back to the note.
AUTHOR_ONLY = {**clinical(), "admin_user": REDIRECT, "supervisor": REDIRECT}

ROWS = {
    "casework:plan": Row(clinical(), _with_plan),
    "casework:plan_start": Row(clinical(), _client),
    "casework:goal_new": Row(clinical(), _with_plan),
    "casework:goal_edit": Row(clinical(), _goal),
    "casework:step_new": Row(clinical(), _goal_pk),
    "casework:step_edit": Row(clinical(), _step),
    "casework:barrier_new": Row(clinical(), _goal_pk),
    "casework:strategy_new": Row(clinical(), _barrier),
    "casework:plan_share": Row(POST_ONLY, _with_plan),
    "casework:plan_review": Row(clinical(), _shared_plan),
    "casework:plan_versions": Row(clinical(), _shared_plan),
    "casework:plan_version": Row(clinical(), _version),
    "casework:plan_history": Row(clinical(), _with_plan),
    "casework:plan_print": Row(clinical(), _shared_plan),
    "casework:plan_fhir": Row(clinical(), _shared_plan),
    "casework:notes": Row(clinical(), _client),
    "casework:note_new": Row(clinical(), _client),
    "casework:note": Row(clinical(), _note),
    "casework:note_edit": Row(AUTHOR_ONLY, _note),
    "casework:note_sign": Row(POST_ONLY, _note),
    "casework:note_cosign": Row(POST_ONLY, _note),
    "casework:note_addendum": Row(POST_ONLY, _note),
    "casework:my_plan": Row(MINE),
    "casework:my_plan_acknowledge": Row(POST_ONLY),
    "casework:my_step": Row(MINE_OBJECT, _my_step),
    "casework:my_notes": Row(MINE),
}

# Appointments, referrals, the resource directory and the caseload.
# Access matrix rows of casework: appointments, referrals, the resource directory, the
# caseload (see tests/access.py).
#
# Record pages follow ``clinical()``: staff who may see ``client_record`` get 200, every other
# persona 404. The directory is for staff (facilitators read it, clients get 403); changing it
# is for clinical staff; importing for those holding ``casework.manage_directory``.


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


def _directory_import(request) -> dict:
    from django.core.files.base import ContentFile

    from casework.models import DirectoryImport

    job = DirectoryImport(created_by=request.getfixturevalue("supervisor"), file_name="a.json")
    job.file.save("a.json", ContentFile(b"[]"), save=False)
    job.save()
    return {"pk": job.pk}


CLINICAL_PAGE = by_role(facilitator=FORBIDDEN, clients=FORBIDDEN)
STAFF_PAGE = by_role(clients=FORBIDDEN)
POST_ONLY_RECORD = {
    **clinical(),
    **dict.fromkeys(("admin_user", "supervisor", "case_manager"), NOT_ALLOWED),
}

_APPOINTMENT_REFERRAL_ROWS = {
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
    # Without a client chosen: back to the resource's page (test_directory_search.py).
    "casework:resource_refer": Row(
        by_role(staff=REDIRECT, admin_user=FORBIDDEN, facilitator=FORBIDDEN, clients=FORBIDDEN),
        _resource,
    ),
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
    "casework:resources_import_status": Row(
        by_role(staff=FORBIDDEN, clients=FORBIDDEN, supervisor=OK), _directory_import
    ),
}

ROWS.update(_APPOINTMENT_REFERRAL_ROWS)

# Minimum necessary: an administrator (without the Supervisor role) manages staff and settings;
# clinical and group pages are not theirs. 404 where the page is about a client's record
# (not even its existence is disclosed), 403 for the app's own pages.
for _name, _status in {
    "casework:appointment_status": NOT_FOUND,
    "casework:caseload": FORBIDDEN,
    "casework:note_edit": NOT_FOUND,
    "casework:open_referrals": FORBIDDEN,
    "casework:reschedule_request_answer": NOT_FOUND,
    "casework:resource_edit": FORBIDDEN,
    "casework:resource_new": FORBIDDEN,
    "casework:resource_verify": FORBIDDEN,
    "casework:resources_export": FORBIDDEN,
    "casework:resources_import": FORBIDDEN,
    "casework:week": FORBIDDEN,
}.items():
    ROWS[_name].expected["admin_user"] = _status
