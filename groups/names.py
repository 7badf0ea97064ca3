"""How peer group rosters name people (the session roster, walk-ins, attendance history, a
group's members): first name and last initial, "Jamie R.", as peer groups do; the whole last
name only where the organization's policy asks for it (``GROUP_ROSTER_NAMES = "full"``)."""

from __future__ import annotations

from django.conf import settings


def roster_name(client) -> str:
    if settings.GROUP_ROSTER_NAMES == "full":
        return client.display_name
    return client.short_name
