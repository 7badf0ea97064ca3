"""A person's private calendar feed: the page to get, change or revoke the secret address, and
the address itself (opened by calendar apps, with no sign-in)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clients.views.closed import open_record_required
from groups.ical import calendar_bytes
from groups.selectors.feed import (
    calendar_items_for,
    details_allowed,
    feed_for_token,
    live_feed_for,
    shown_discreet,
)
from groups.services.feed import (
    calendar_feed_issue,
    calendar_feed_opened,
    calendar_feed_revoke,
    calendar_feed_set_discreet,
)
from recovery_portal.accounts.refusal import Refused


def _may_have_feed(user) -> bool:
    # Every client and every staff member may have a secret calendar link.
    return user.is_client or user.is_portal_staff


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@open_record_required
def calendar_link(request):
    if not _may_have_feed(request.user):
        raise Refused(
            "have a calendar link",
            sentence="Only clients and staff accounts can have a private calendar link.",
        )
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            live = live_feed_for(request.user)
            _, token = calendar_feed_issue(
                owner=request.user,
                discreet=live.discreet if live else True,
                request=request,
            )
        elif action == "revoke":
            calendar_feed_revoke(owner=request.user, request=request)
            messages.success(request, "Your calendar link is switched off.")
            return redirect("groups:calendar_link")
        elif action == "detailed" and not details_allowed(request.user):
            messages.error(
                request,
                "Staff calendar links stay discreet here: client names may go to a calendar "
                "provider only under an agreement your organization has made with it.",
            )
            return redirect("groups:calendar_link")
        elif action in ("discreet", "detailed"):
            calendar_feed_set_discreet(
                owner=request.user, discreet=action == "discreet", request=request
            )
            messages.success(request, "Saved.")
            return redirect("groups:calendar_link")
    url = (
        request.build_absolute_uri(reverse("groups:calendar_feed", args=[token])) if token else None
    )
    return render(
        request,
        "groups/calendar_link.html",
        {
            "feed": live_feed_for(request.user),
            "url": url,
            # The same address for calendar apps: webcal: opens the phone's calendar app.
            "webcal_url": url and "webcal:" + url.split(":", 1)[1],
            "details_allowed": details_allowed(request.user),
        },
    )


@require_safe
def calendar_feed(request, token):
    feed = feed_for_token(token)
    calendar_feed_opened(feed=feed, request=request)
    body = calendar_bytes(
        calendar_items_for(feed.owner),
        name=settings.DISCREET_SENDER_NAME,
        discreet=shown_discreet(feed),
        feed=feed,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
