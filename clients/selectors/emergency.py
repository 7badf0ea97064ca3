"""Reads of emergency access: what a search may offer to open, and what supervisors are shown.

A search offers a record outside the user's caseload only on an exact match of what the user
already knows (full legal name, e-mail or phone), never on part of a name, and shows no detail
of it: opening it takes a stated reason, and that is what is audited and shown."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from clients.models import Client, EmergencyAccess
from clients.selectors.record import _digits, _digits_only, clients_for

# Supervisors see accesses that are open, and those of the past days (one may end before
# anyone looks at Today).
SUPERVISION_DAYS = 7


def may_break_the_glass(user) -> bool:
    """Only people who keep a caseload; who sees every client has no need."""
    return user.is_active and user.keeps_caseload and not user.may_see_all_clients


def emergency_candidates(user, q: str) -> list[int]:
    """Ids of records outside ``user``'s scope that exactly match ``q`` (at most 3)."""
    q = (q or "").strip()
    if not q or not may_break_the_glass(user):
        return []
    words = q.split()
    digits = _digits(q)
    if "@" in q:
        match = Q(email__iexact=q)
    elif len(digits) >= 7 and len(digits) >= len(q.replace(" ", "")) - 4:
        match = Q(phone_digits=digits)
    elif len(words) >= 2:
        match = Q(legal_first_name__iexact=words[0], legal_last_name__iexact=" ".join(words[1:]))
    else:
        return []
    found = (
        Client.objects.annotate(phone_digits=_digits_only(F("phone")))
        .filter(match)
        .exclude(pk__in=clients_for(user).values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    return list(found)


def emergency_accesses_to_review(user) -> QuerySet[EmergencyAccess] | None:
    """For supervisors: emergency accesses open now or started in the last days, newest
    first (None for anyone else)."""
    if not user.may_see_all_clients:
        return None
    now = timezone.now()
    since = now - dt.timedelta(days=SUPERVISION_DAYS)
    return (
        EmergencyAccess.objects.filter(Q(expires_at__gt=now) | Q(started_at__gte=since))
        .select_related("user", "client")
        .order_by("-started_at")
    )


def emergency_target(user, pk) -> Client:
    """The record ``user`` asks to open in an emergency: 404 for anyone who may not break the
    glass, or for no such record. Nothing of it is shown before the reason is given."""
    if not may_break_the_glass(user):
        raise Http404("No such client.")
    try:
        return Client.objects.get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")
