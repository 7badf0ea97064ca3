from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clients.frame import record_frame
from recovery_portal.accounts.decorators import (
    client_required,
    clinical_record_required,
    staff_required,
)
from recovery_portal.celery import app as celery_app
from recovery_portal.notifications.selectors import (
    reminder_settings_summary,
    reminders_for_recipient,
)
from recovery_portal.plugins import client_home_items, today_items

from .overview import overview_panels


def _cards(items, *args) -> list[dict]:
    """Load each declared card for this page; a loader returning None hides its card."""
    cards = []
    for item in items:
        data = item.loader()(*args)
        if data is not None:
            cards.append({"key": item.key, "template": item.template, "data": data})
    return cards


@login_required
def index(request):
    """After sign-in: staff land on Today, clients on My recovery."""
    if request.user.is_portal_staff:
        return redirect("home:today")
    if request.user.is_client:
        return redirect("home:my_recovery")
    return render(request, "home/no_role.html", status=403)


@staff_required
def today(request):
    """The cards every app declares for Today (``today_items``), each loaded for this person
    with a fixed number of queries; facilitators get only theirs (no clinical data)."""
    context = {
        "role": request.user.role_label,
        "today_items": _cards(today_items(), request.user),
    }
    return render(request, "home/today.html", context)


@clinical_record_required
def client_overview(request, pk):
    """One client's record at a glance: panels from every app (see overview.py)."""
    context = record_frame(request, pk, "overview")  # header, tabs, and the audited view
    context["panels"] = overview_panels(request.user, context["client"])
    return render(request, "home/client_overview.html", context)


@client_required
def my_recovery(request):
    """The client's home: the cards every app declares for it (``client_home_items``)."""
    return render(
        request,
        "home/my_recovery.html",
        {"home_items": _cards(client_home_items(), request.user)},
    )


@clinical_record_required
def client_reminders(request, pk):
    """The reminders sent to a client on the viewer's caseload: what, when, how, outcome."""
    context = record_frame(request, pk, "reminders")
    client = context["client"]
    context["reminders"] = list(reminders_for_recipient(client.user))
    context["settings"] = reminder_settings_summary(client.user)
    return render(request, "home/client_reminders.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001  (any failure means "not answering")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: no login, nothing personal."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if ok else "down" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
