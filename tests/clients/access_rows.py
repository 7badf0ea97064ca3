"""Access matrix rows of the staff pages of client records (see tests/access.py).

Objects belong to ``client_record`` (on case_manager's caseload): the other case manager,
the facilitator and both clients get 404 — the record's existence is not disclosed.
"""

from clients.instruments.catalog import instrument
from clients.services.intake import intake_start
from clients.services.screening import screening_record
from recovery_portal.notifications.models import InboundOutcome, InboundText
from tests.access import (
    FORBIDDEN,
    IN_SCOPE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    by_role,
    clinical,
)


def _text(request) -> dict:
    """A text from ``client_record``'s client waiting in the inbox."""
    record = request.getfixturevalue("client_record")
    text = InboundText.objects.create(
        provider_sid="SMaccessmatrix",
        from_number="+15551234567",
        body="Running late",
        outcome=InboundOutcome.INBOX,
        sender=record.user,
    )
    return {"pk": text.pk}


def _record(request) -> dict:
    return {"pk": request.getfixturevalue("client_record").pk}


def _with_draft(request) -> dict:
    record = request.getfixturevalue("client_record")
    intake_start(client=record, actor=request.getfixturevalue("supervisor"))
    return {"pk": record.pk}


def _step(request) -> dict:
    return {**_with_draft(request), "step": "substance_use"}


def _screening(request) -> dict:
    record = request.getfixturevalue("client_record")
    screening = screening_record(
        client=record,
        instrument=instrument("gad7"),
        answers=dict.fromkeys(["q1", "q2", "q3", "q4", "q5", "q6", "q7"], 1),
        actor=request.getfixturevalue("supervisor"),
    )
    return {"pk": record.pk, "screening_pk": screening.pk}


def _alert(request) -> dict:
    record = request.getfixturevalue("client_record")
    screening = screening_record(
        client=record,
        instrument=instrument("phq9"),
        answers={**{f"q{i}": 0 for i in range(1, 9)}, "q9": 1},
        actor=request.getfixturevalue("supervisor"),
    )
    return {"pk": record.pk, "alert_pk": screening.alerts.get().pk}


# Lists and new intakes: clinical staff only; administrators, facilitators and clients are
# refused (403).
CLINICAL_PAGE = by_role(admin_user=FORBIDDEN, facilitator=FORBIDDEN, clients=FORBIDDEN)
# Supervisor-only pages about one client: the client's own case manager may not (403).
# Supervisors and administrators are first sent to confirm their password (re-authentication;
# tests/security/test_export_reauthentication.py follows them through).
SUPERVISOR_EXPORT = {
    **clinical(),
    "case_manager": FORBIDDEN,
    "admin_user": REDIRECT,
    "supervisor": REDIRECT,
}
# POST-only actions: a GET by whoever may act is 405, anyone else still 404.
POST_ONLY = {
    **clinical(),
    **dict.fromkeys(IN_SCOPE, NOT_ALLOWED),
}

ROWS = {
    "clients:list": Row(CLINICAL_PAGE),
    # The inbox of texts from clients: clinical staff (each sees their scope's texts); one text
    # from client_record's client: in scope only (404 to others, 403 to non-clinical people).
    "clients:text_inbox": Row(CLINICAL_PAGE),
    "clients:text_message": Row(clinical(), _text),
    "clients:list_csv": Row(by_role(staff=FORBIDDEN, clients=FORBIDDEN, supervisor=OK)),
    "clients:intake_new": Row(CLINICAL_PAGE),
    "clients:profile": Row(clinical(), _record),
    # Break the glass: who already sees the record goes to it; anyone else gets 404 unless a
    # search just offered them the record (tests/clients/test_emergency_access.py).
    "clients:emergency_access": Row(
        {
            **clinical(),
            **dict.fromkeys(IN_SCOPE, REDIRECT),
        },
        _record,
    ),
    "clients:emergency_summary": Row(clinical(), _record),
    "clients:profile_edit": Row(clinical(), _record),
    "clients:status": Row(clinical(), _record),
    "clients:assignments": Row(clinical(), _record),
    # A legal hold is placed or lifted by POST, by supervisors only: everyone else is refused
    # whatever the record (403, which says nothing about it).
    "clients:legal_hold": Row(
        by_role(staff=FORBIDDEN, clients=FORBIDDEN, supervisor=NOT_ALLOWED), _record
    ),
    "clients:alert_follow_up": Row(POST_ONLY, _alert),
    "clients:intake": Row(clinical(), _record),
    "clients:intake_start": Row(POST_ONLY, _record),
    "clients:intake_step": Row(clinical(), _step),
    "clients:intake_finish": Row(clinical(), _with_draft),
    "clients:intake_resume": Row(
        {**clinical(), **dict.fromkeys(IN_SCOPE, REDIRECT)},
        _with_draft,
    ),
    "clients:screenings": Row(clinical(), _record),
    "clients:screening_new": Row(clinical(), lambda r: {**_record(r), "code": "phq9"}),
    "clients:screening": Row(clinical(), _screening),
    "clients:export_json": Row(SUPERVISOR_EXPORT, _record),
    "clients:export_print": Row(SUPERVISOR_EXPORT, _record),
    "home:client_overview": Row(clinical(), _record),
}

# Minimum necessary: an administrator (without the Supervisor role) manages staff and settings;
# clinical and group pages are not theirs. 404 where the page is about a client's record
# (not even its existence is disclosed), 403 for the app's own pages.
for _name, _status in {
    "clients:export_json": NOT_FOUND,
    "clients:export_print": NOT_FOUND,
}.items():
    ROWS[_name].expected["admin_user"] = _status
