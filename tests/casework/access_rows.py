"""Access matrix rows for recovery plans, progress notes and the client's own plan.

Objects belong to ``client_record`` (client_user's, on case_manager's caseload). Staff pages
of the record: case managers only their caseload, supervisors every client, facilitators and
clients 404 (no notes, no plans). The client's own pages: clients only, each their own."""

from tests.access import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    REDIRECT,
    Row,
    by_role,
    clinical,
    everyone,
)

from .helpers import note_make, plan_make


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
