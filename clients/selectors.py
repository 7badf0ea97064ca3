"""Reads of client records, always scoped to the person asking.

Every other app derives "whose record may this person see?" from here:
- Administrators and Supervisors: every client;
- Case managers: clients with an open assignment to them (primary or not);
- Clients: their own record only;
- Peer facilitators and anyone else: no client record (rosters come from the groups app).
An object outside the scope is a 404, never a 403: its existence is not disclosed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from recovery_portal.accounts.roles import Role

from .models import CaseAssignment, Client


def clients_for(user) -> QuerySet[Client]:
    """The clients whose record ``user`` may open, as a queryset to filter further."""
    if not user.is_authenticated or not user.is_active:
        return Client.objects.none()
    if user.has_role(Role.ADMINISTRATOR) or user.has_role(Role.SUPERVISOR):
        return Client.objects.all()
    if user.has_role(Role.CASE_MANAGER):
        return Client.objects.filter(
            pk__in=CaseAssignment.objects.filter(case_manager=user, ended_at__isnull=True).values(
                "client_id"
            )
        )
    if user.has_role(Role.CLIENT):
        return Client.objects.filter(user=user)
    return Client.objects.none()


def client_for(user, pk) -> Client:
    """One client ``user`` may see, or 404."""
    try:
        return clients_for(user).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")


def own_client_record(user) -> Client:
    """The signed-in client's own record, or 404 (e.g. an invitation not yet linked)."""
    if not user.is_authenticated or not user.has_role(Role.CLIENT):
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
