"""Access matrix rows of the aftercare pages (see tests/access.py).

Record pages are about ``client_record`` (on case_manager's caseload): everyone else gets 404.
Reports are for supervisors (and administrators, who keep the supervisor's reach for now).
"""

import datetime as dt

from django.utils import timezone

from aftercare.services.checkin import checkin_record, help_now_request
from aftercare.services.followup import followup_complete
from aftercare.services.plan import plan_start
from tests.access import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Row, by_role, clinical


def _record(request) -> dict:
    return {"pk": request.getfixturevalue("client_record").pk}


def _plan(request):
    record = request.getfixturevalue("client_record")
    return plan_start(
        client=record,
        discharge_date=timezone.localdate() - dt.timedelta(days=10),
        responsible=request.getfixturevalue("case_manager"),
        actor=request.getfixturevalue("supervisor"),
    )


def _followup(request) -> dict:
    plan = _plan(request)
    return {"pk": plan.client_id, "followup_pk": plan.followups.order_by("sequence")[1].pk}


def _followup_in_window(request) -> dict:
    """The 7-day check of a plan discharged 10 days ago: its window is open, so its outcome
    page opens (before the window it sends staff back to the follow-up)."""
    plan = _plan(request)
    return {"pk": plan.client_id, "followup_pk": plan.followups.order_by("sequence")[0].pk}


def _need(request) -> dict:
    plan = _plan(request)
    followup = plan.followups.order_by("sequence").first()
    followup_complete(
        followup=followup,
        actor=request.getfixturevalue("case_manager"),
        completed_on=timezone.localdate(),
        any_use_since_last_contact=False,
        days_of_use_last_30=0,
        housing="own_or_rent",
        work_or_school="part_time",
        meetings_last_30=8,
        barc10="not_asked",
        needs=["A bus pass"],
    )
    return {"pk": plan.client_id, "need_pk": followup.needs.get().pk}


def _alert(request) -> dict:
    record = request.getfixturevalue("client_record")
    checkin = checkin_record(
        client=record,
        actor=request.getfixturevalue("client_user"),
        mood=3,
        craving=9,
        any_use=False,
        sleep="some",
    )
    return {"pk": record.pk, "alert_pk": checkin.alerts.get().pk}


def _alert_today(request) -> dict:
    return {"pk": _alert(request)["alert_pk"]}


def _help(request) -> dict:
    record = request.getfixturevalue("client_record")
    # Nobody is on call in the fixtures: the request goes to the client's own case manager.
    found = help_now_request(client=record, actor=request.getfixturevalue("client_user"))
    return {"pk": found.pk}


IN_SCOPE = ("admin_user", "supervisor", "case_manager")
POST_ONLY = {**clinical(), **dict.fromkeys(IN_SCOPE, NOT_ALLOWED)}
SUPERVISION = by_role(staff=FORBIDDEN, clients=FORBIDDEN, admin_user=OK, supervisor=OK)
CLIENT_PAGE = by_role(staff=FORBIDDEN)

ROWS = {
    "aftercare:followups": Row(clinical(), _record),
    "aftercare:plan_edit": Row(clinical(), _record),
    "aftercare:plan_close": Row(POST_ONLY, _record),
    # Why aftercare is not starting: a page of the record (it says so when the client is not
    # discharged, as client_record is not).
    "aftercare:not_started": Row(clinical(), _record),
    "aftercare:followup": Row(clinical(), _followup),
    "aftercare:attempt_add": Row(POST_ONLY, _followup),
    "aftercare:outcome": Row(clinical(), _followup_in_window),
    "aftercare:followup_close": Row(POST_ONLY, _followup),
    "aftercare:followup_call": Row(POST_ONLY, _followup),
    "aftercare:need_done": Row(POST_ONLY, _need),
    "aftercare:need_refer": Row(clinical(), _need),
    "aftercare:checkins": Row(clinical(), _record),
    "aftercare:alert_handle": Row(POST_ONLY, _alert),
    # The on-call staff alerted (here the client's case manager) and those who may see the
    # client; other staff 404, clients 403 (a staff page).
    "aftercare:help_handle": Row(
        by_role(
            staff=NOT_FOUND,
            clients=FORBIDDEN,
            **dict.fromkeys(IN_SCOPE, NOT_ALLOWED),
        ),
        _help,
    ),
    # The same from Today: the people alerted (here the case manager) and those who may see
    # the client.
    "aftercare:alert_handle_today": Row(
        by_role(
            staff=NOT_FOUND,
            clients=FORBIDDEN,
            **dict.fromkeys(IN_SCOPE, NOT_ALLOWED),
        ),
        _alert_today,
    ),
    "aftercare:compliance": Row(SUPERVISION),
    "aftercare:compliance_csv": Row(SUPERVISION),
    "aftercare:outcomes": Row(SUPERVISION),
    "aftercare:outcomes_csv": Row(SUPERVISION),
    "aftercare:my_checkins": Row(CLIENT_PAGE),
    "aftercare:my_settings": Row(CLIENT_PAGE),
    "aftercare:my_followups": Row(CLIENT_PAGE),
    "aftercare:help_now": Row(by_role(staff=FORBIDDEN, clients=NOT_ALLOWED)),
}

# Minimum necessary: an administrator (without the Supervisor role) manages staff and settings;
# clinical and group pages are not theirs. 404 where the page is about a client's record
# (not even its existence is disclosed), 403 for the app's own pages.
for _name, _status in {
    "aftercare:alert_handle": NOT_FOUND,
    "aftercare:alert_handle_today": NOT_FOUND,
    "aftercare:attempt_add": NOT_FOUND,
    "aftercare:compliance": FORBIDDEN,
    "aftercare:compliance_csv": FORBIDDEN,
    "aftercare:followup_call": NOT_FOUND,
    "aftercare:followup_close": NOT_FOUND,
    "aftercare:help_handle": NOT_FOUND,
    "aftercare:need_done": NOT_FOUND,
    "aftercare:outcomes": FORBIDDEN,
    "aftercare:outcomes_csv": FORBIDDEN,
    "aftercare:plan_close": NOT_FOUND,
}.items():
    ROWS[_name].expected["admin_user"] = _status
