from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from recovery_portal import params
from recovery_portal.accounts.decorators import client_required, staff_required
from recovery_portal.ops.health import check_health_cached
from recovery_portal.plugins import client_home_items, today_items


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
    with a fixed number of queries; facilitators get only theirs (no clinical data). The
    ``live`` ones (open help-now requests and alerts) come first, inside a region that
    ``static/home/live.js`` refreshes every ``TODAY_REFRESH_SECONDS`` (60) from ``today_live``."""
    items = today_items()
    context = {
        "role": request.user.role_label,
        "live_items": _cards([i for i in items if i.live], request.user),
        "today_items": _cards([i for i in items if not i.live], request.user),
        "refresh_seconds": settings.TODAY_REFRESH_SECONDS,
    }
    return render(request, "home/today.html", context)


@never_cache
@staff_required
def today_live(request):
    """Today's live cards alone: a plain page without JavaScript, and the fragment the script
    on Today reads every minute (it takes the ``#today-live`` region out of this page)."""
    live = [item for item in today_items() if item.live]
    return render(
        request,
        "home/today_live.html",
        {
            "live_items": _cards(live, request.user),
            "refresh_seconds": settings.TODAY_REFRESH_SECONDS,
        },
    )


@client_required
def my_recovery(request):
    """The client's home: the cards every app declares for it (``client_home_items``)."""
    return render(
        request,
        "home/my_recovery.html",
        {"home_items": _cards(client_home_items(), request.user)},
    )


@never_cache
@require_safe
def healthz(request):
    """For uptime monitors: no login, nothing personal, states only. 200 when the database,
    broker, reminders, workers and beat are all well; 503 otherwise
    (``recovery_portal/ops/health.py`` has the rules). ``?scope=web``, for load balancers,
    asks only whether this web process can serve (database and broker). The apps' notes (no
    one on call) go only to administrators and to monitors sending ``HEALTHZ_NOTES_TOKEN`` in
    the ``X-Healthz-Token`` header."""
    health = check_health_cached(watchdog=params.choice(request, "scope", ("web",)) != "web")
    token = settings.HEALTHZ_NOTES_TOKEN
    sent = request.headers.get("X-Healthz-Token", "")
    notes = request.user.is_superuser or bool(token and constant_time_compare(sent, token))
    return JsonResponse(health.public(notes=notes), status=200 if health.healthy else 503)


@require_safe
def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page's ``<link rel=icon>`` says
    (a 404 there filled the logs): the portal's icon, cached for a day."""
    with open(finders.find("favicon.ico"), "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response
