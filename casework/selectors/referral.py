"""Reads about referrals, scoped through the client (the caller scopes the client)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.models import OPEN_REFERRAL_STATUSES, Referral
from clients.models import Client
from clients.models.client import OPEN_STATUSES
from clients.selectors.record import clients_for, own_client_record


def stale_cutoff():
    return timezone.now() - timedelta(days=settings.REFERRAL_STALE_DAYS)


def needs_follow_up() -> Q:
    """An open referral no one has had news of for REFERRAL_STALE_DAYS."""
    return Q(status__in=OPEN_REFERRAL_STATUSES, last_update_at__lt=stale_cutoff())


def referrals_of(client: Client) -> QuerySet[Referral]:
    return client.referrals.select_related(
        "resource__organization", "made_by", "disclosure"
    ).order_by("-sent_at", "-id")


def referral_of(client: Client, pk) -> Referral:
    try:
        return referrals_of(client).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral.")


def my_referrals(user) -> list[Referral]:
    """The signed-in client's referrals (their own record only): where to go, and how far."""
    client = own_client_record(user)
    return list(
        client.referrals.select_related("resource__organization").order_by("-sent_at", "-id")[:20]
    )


def open_referrals_for(user, *, waiting_only: bool = False) -> QuerySet[Referral]:
    """Open referrals of the clients ``user`` may see, the longest without news first."""
    found = Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES, client__in=clients_for(user))
    if waiting_only:
        found = found.filter(needs_follow_up())
    return found.select_related("client", "resource__organization", "made_by").order_by(
        "last_update_at", "id"
    )


MAX_REFERABLE_CLIENTS = 500


def referable_clients_for(user) -> list[Client]:
    """The clients ``user`` may refer from a resource's page: the open records in their scope
    (``clients_for``: a case manager's caseload, a supervisor's whole organization), by name.
    One query."""
    return list(
        clients_for(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by("legal_last_name", "legal_first_name", "id")[:MAX_REFERABLE_CLIENTS]
    )
