from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clients.selectors import client_for
from clients.selectors_record import today_summary
from clients.services import client_record_viewed
from clients.views.common import record_page
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

from .overview import overview_panels


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
    """Clinical staff see their clients by status, open safety alerts and unfinished intakes
    (a fixed number of queries); facilitators see their own panels (no clinical data)."""
    context = {"role": request.user.role_label}
    if request.user.is_clinical_staff:
        context["summary"] = today_summary(request.user)
    return render(request, "home/today.html", context)


@clinical_record_required
def client_overview(request, pk):
    """One client's record at a glance: panels from every app (see overview.py)."""
    context = record_page(request, pk, "overview")  # header, tabs, and the audited view
    context["panels"] = overview_panels(request.user, context["client"])
    return render(request, "home/client_overview.html", context)


@client_required
def my_recovery(request):
    return render(request, "home/my_recovery.html")


@clinical_record_required
def client_reminders(request, pk):
    """The reminders sent to a client on the viewer's caseload: what, when, how, outcome."""
    client = client_for(request.user, pk)
    reminders = list(reminders_for_recipient(client.user))
    client_record_viewed(actor=request.user, client=client, part="reminders", request=request)
    return render(
        request,
        "home/client_reminders.html",
        {
            "client": client,
            "reminders": reminders,
            "settings": reminder_settings_summary(client.user),
        },
    )


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
