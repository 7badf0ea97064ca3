"""Access matrix rows of the groups app (see tests/access.py).

The group belongs to ``facilitator`` and has ``client_record`` (case_manager's client) as a
member. Public pages and the Meeting Guide feed are open to everyone; a private calendar feed
opens with its secret token alone. Rosters: the group's facilitator and supervisors only.
"""

from groups.services.feed import calendar_feed_issue
from tests.access import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Row,
    by_role,
    clinical,
    everyone,
)
from tests.groups.helpers import group_with_member, next_session_of


def _peer_group(request):
    return group_with_member(
        *(request.getfixturevalue(n) for n in ("supervisor", "facilitator", "client_record"))
    )


def _group(request) -> dict:
    return {"pk": _peer_group(request).pk}


def _slug(request) -> dict:
    return {"slug": _peer_group(request).slug}


def _session(request) -> dict:
    return {"pk": next_session_of(_peer_group(request)).pk}


def _enrollment(request) -> dict:
    group = _peer_group(request)
    return {"pk": group.enrollments.get().pk}


def _token(request) -> dict:
    _, token = calendar_feed_issue(owner=request.getfixturevalue("client_user"))
    return {"token": token}


def _record(request) -> dict:
    return {"pk": request.getfixturevalue("client_record").pk}


STAFF_PAGE = by_role(clients=FORBIDDEN)
# Scheduling: case managers and supervisors; a facilitator is refused (the page says who can).
SCHEDULING = by_role(clients=FORBIDDEN, facilitator=FORBIDDEN)
# Enrolling: case managers, supervisors, and the group's own facilitator (issue 18).
ENROLLING = by_role(clients=FORBIDDEN)
# A session's roster and changes: the group's facilitator and supervisors; case managers 404.
ROSTER = by_role(clients=FORBIDDEN, case_manager=NOT_FOUND, other_case_manager=NOT_FOUND)
STAFF_POST = by_role(staff=NOT_ALLOWED, clients=FORBIDDEN)
CLIENT_PAGE = by_role(staff=FORBIDDEN, clients=OK)
CLIENT_POST = by_role(staff=FORBIDDEN, clients=NOT_ALLOWED)

ROWS = {
    # Public: no sign-in, nothing private.
    "groups:finder": Row(everyone(OK)),
    "groups:feed": Row(everyone(OK)),
    "groups:meeting": Row(everyone(OK), _slug),
    "groups:meeting_ics": Row(everyone(OK), _slug),
    "groups:calendar_feed": Row(everyone(OK), _token),
    # Staff.
    "groups:list": Row(STAFF_PAGE),
    "groups:new": Row(SCHEDULING),
    "groups:calendar": Row(STAFF_PAGE),
    "groups:detail": Row(STAFF_PAGE, _group),
    "groups:edit": Row(SCHEDULING, _group),
    "groups:enroll": Row(ENROLLING, _group),
    "groups:history": Row(STAFF_PAGE, _group),
    "groups:enrollment_end": Row(STAFF_POST, _enrollment),
    "groups:session": Row(ROSTER, _session),
    "groups:attendance_mark": Row(STAFF_POST, _session),
    "groups:attendance_all": Row(STAFF_POST, _session),
    "groups:session_cancel": Row(ROSTER, _session),
    "groups:session_move": Row(ROSTER, _session),
    "groups:record_meetings": Row(clinical(), _record),
    # The client's own.
    "groups:mine": Row(CLIENT_PAGE),
    "groups:join": Row(CLIENT_POST, _group),
    "groups:leave": Row(CLIENT_POST, _enrollment),
    "groups:rsvp": Row(CLIENT_POST, _session),
    "groups:outside_log": Row(CLIENT_PAGE),
    # Every client and staff member has a private calendar link.
    "groups:calendar_link": Row(by_role(staff=OK, clients=OK, anonymous=LOGIN)),
}

# Minimum necessary: an administrator (without the Supervisor role) manages staff and settings;
# clinical and group pages are not theirs. 404 where the page is about a client's record
# (not even its existence is disclosed), 403 for the app's own pages.
for _name, _status in {
    "groups:attendance_all": FORBIDDEN,
    "groups:attendance_mark": FORBIDDEN,
    "groups:calendar": FORBIDDEN,
    "groups:detail": FORBIDDEN,
    "groups:edit": FORBIDDEN,
    "groups:enroll": FORBIDDEN,
    "groups:enrollment_end": FORBIDDEN,
    "groups:history": FORBIDDEN,
    "groups:list": FORBIDDEN,
    "groups:new": FORBIDDEN,
    "groups:session": FORBIDDEN,
    "groups:session_cancel": FORBIDDEN,
    "groups:session_move": FORBIDDEN,
}.items():
    ROWS[_name].expected["admin_user"] = _status
