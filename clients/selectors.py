"""Reads of client records, always scoped to the person asking.

Every other app derives "whose record may this person see?" from here:
- who may see every client (``accounts.see_all_clients``: supervisors): every client;
- who keeps a caseload (``accounts.keep_caseload``: case managers): clients with an open
  assignment to them (primary or not);
- who uses the client portal (``accounts.use_client_portal``): their own record only;
- anyone else (peer facilitators): no client record (rosters come from the groups app).
Each rule asks the user's permission predicates, never a role name.
An object outside the scope is a 404, never a 403: its existence is not disclosed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import CaseAssignment, Client


def clients_for(user) -> QuerySet[Client]:
    """The clients whose record ``user`` may open, as a queryset to filter further. Asked of
    permissions, so a person with two roles sees the union of their reaches."""
    if not user.is_authenticated or not user.is_active:
        return Client.objects.none()
    if user.may_see_all_clients:
        return Client.objects.all()
    reach = Q(pk__in=[])
    if user.keeps_caseload:
        reach |= Q(
            pk__in=CaseAssignment.objects.filter(case_manager=user, ended_at__isnull=True).values(
                "client_id"
            )
        )
    if user.uses_client_portal:
        reach |= Q(user=user)
    return Client.objects.filter(reach)


def client_for(user, pk) -> Client:
    """One client ``user`` may see, or 404."""
    try:
        return clients_for(user).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")


def own_client_record(user) -> Client:
    """The signed-in client's own record, or 404 (e.g. an invitation not yet linked)."""
    if not user.is_authenticated or not user.uses_client_portal:
        raise Http404("No client record.")
    try:
        return Client.objects.get(user=user)
    except Client.DoesNotExist:
        raise Http404("No client record.")


def primary_case_manager(client: Client):
    assignment = (
        CaseAssignment.objects.filter(client=client, is_primary=True, ended_at__isnull=True)
        .select_related("case_manager")
        .first()
    )
    return assignment.case_manager if assignment else None
