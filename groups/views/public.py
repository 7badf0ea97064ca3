"""Pages anyone may open without signing in: the meeting finder, one meeting, its .ics, and
the Meeting Guide feed. They show public groups only, never a member or a facilitator."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from groups.ical import calendar_bytes
from groups.meeting_guide.spec import type_choices
from groups.models.group import WEEKDAYS, Fellowship
from groups.selectors.feed import CalendarItem, meeting_guide_feed
from groups.selectors.public import (
    MODES,
    TIMES_OF_DAY,
    WHEN,
    finder_sessions,
    public_group,
    upcoming_public_sessions,
)
from recovery_portal import params

PUBLIC_MAX_AGE = 300
FEED_MAX_AGE = 3600


def _public(response, max_age: int = PUBLIC_MAX_AGE):
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def finder(request):
    """The public meeting finder: a GET form of filters, each read with ``params`` (a value
    not offered is a 400 in plain words)."""
    chosen = {
        "day": params.integer(request, "day", minimum=0, maximum=6),
        "type_code": params.text(request, "type", max_length=20),
        "mode": params.choice(request, "mode", MODES),
        "fellowship": params.choice(request, "fellowship", Fellowship.values),
        "when": params.choice(request, "when", WHEN),
        "time_of_day": params.choice(request, "time", TIMES_OF_DAY),
    }
    sessions = finder_sessions(**chosen)
    used_types = sorted({code for s in sessions for code in s.group.types})
    return _public(
        render(
            request,
            "groups/public/finder.html",
            {
                **chosen,
                "sessions": sessions,
                "days": WEEKDAYS,
                "types": type_choices(),
                "modes": MODES.items(),
                "used_types": used_types,
                "fellowships": Fellowship.choices,
                "whens": WHEN.items(),
                "times_of_day": [(key, label) for key, (label, _) in TIMES_OF_DAY.items()],
                "filtered": any(v not in (None, "") for v in chosen.values()),
            },
        )
    )


@require_safe
def meeting(request, slug):
    group = public_group(slug)
    return _public(
        render(
            request,
            "groups/public/meeting.html",
            {"group": group, "sessions": upcoming_public_sessions(group)},
        )
    )


@require_safe
def meeting_ics(request, slug):
    group = public_group(slug)
    url = request.build_absolute_uri(reverse("groups:meeting", args=[group.slug]))
    items = [
        CalendarItem(
            uid=f"session-{s.pk}@recovery-portal",
            title=group.name,
            discreet_title=group.name,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            location=", ".join(p for p in (group.place, group.room) if p),
            description=group.online_url if group.shares_joining_details else "",
            url=url,
            cancelled=s.is_cancelled,
            updated_at=s.updated_at,
        )
        for s in upcoming_public_sessions(group, limit=12)
    ]
    response = HttpResponse(
        calendar_bytes(items, name=group.name, discreet=False),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{group.slug}.ics"'
    return _public(response)


@require_safe
def feed(request):
    """The Meeting Guide feed (code4recovery): a JSON array, open to any origin."""
    meetings = meeting_guide_feed()
    response = JsonResponse(meetings, safe=False, json_dumps_params={"ensure_ascii": False})
    if meetings:
        newest = max(m["updated"] for m in meetings)
        stamp = dt.datetime.strptime(newest, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
        response["Last-Modified"] = http_date(stamp.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    return _public(response, FEED_MAX_AGE)
