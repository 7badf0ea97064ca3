"""Reads about consents and disclosures.

``covering_consent`` is the check every app makes before information about a client leaves the
portal: it answers "may this information go to this recipient?" with the consent that allows
it, or ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from clients.models import Client, Consent, Disclosure, InformationKind


def recipient_keys(recipient) -> list[str]:
    """The keys a recipient is known by in consents.

    ``recipient`` is a model instance (a support contact, another app's resource…), or a key
    string ("class:referral_providers", "name:dana-rivers"). A model may add class keys through
    a ``disclosure_recipient_keys`` attribute (e.g. a support contact also belongs to
    "class:support_network").
    """
    if isinstance(recipient, str):
        return [recipient]
    keys = getattr(recipient, "disclosure_recipient_keys", None)
    if keys:
        return list(keys)
    return [f"{recipient._meta.label_lower}:{recipient.pk}"]


def _kinds(information: str | Iterable[str]) -> set[str]:
    return {information} if isinstance(information, str) else set(information)


def covering_consent(
    *,
    client: Client,
    recipient,
    information: str | Iterable[str],
    purpose: str | Iterable[str] | None = None,
    at: datetime | None = None,
) -> Consent | None:
    """The signed consent of ``client`` in effect at ``at`` (now by default: neither revoked,
    ended nor expired by then) that lets ``information`` (an ``InformationKind`` or several) go
    to ``recipient`` for ``purpose`` (one ``Purpose`` or several that would each do; any
    purpose when ``None``), or ``None``: then nothing may
    be disclosed. A support contact the client removed is covered by nothing from then on.
    """
    wanted = _kinds(information)
    if not wanted or not wanted <= set(InformationKind.values):
        return None
    at = at or timezone.now()
    removed_at = getattr(recipient, "removed_at", None)
    if removed_at is not None and removed_at <= at:
        return None
    candidates = (
        Consent.objects.filter(
            client=client,
            recipient_key__in=recipient_keys(recipient),
            signed_at__lte=at,
        )
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at))
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate(at)))
    )
    if purpose is not None:
        candidates = candidates.filter(purpose__in=_kinds(purpose))
    for consent in candidates.order_by("-signed_at", "-id"):
        kinds = set(consent.information_kinds)
        if InformationKind.WHOLE_RECORD in kinds or wanted <= kinds:
            return consent
    return None


def consents_of(client: Client) -> QuerySet[Consent]:
    return client.consents.select_related("recipient_contact").order_by("-created_at", "-id")


def consent_of(client: Client, pk) -> Consent:
    """One consent of this client (already scoped by the caller), or 404."""
    try:
        return consents_of(client).get(pk=pk)
    except (Consent.DoesNotExist, ValueError, TypeError):
        raise Http404("No such consent.")


def disclosures_of(client: Client) -> QuerySet[Disclosure]:
    """Every disclosure of the client, under a consent or without one (newest first)."""
    return client.disclosures.select_related("consent", "disclosed_by").order_by(
        "-disclosed_at", "-id"
    )


def disclosures_accounted_to(client: Client) -> QuerySet[Disclosure]:
    """The disclosures the client is told of (their own pages, and every copy of the record):
    all but those whose accounting an oversight agency or law enforcement had suspended, until
    the suspension ends (HIPAA 164.528(a)(2))."""
    return disclosures_of(client).exclude(accounting_suspended_until__gte=timezone.localdate())


def disclosure_of(client: Client, pk) -> Disclosure:
    """One disclosure of ``client`` (already scoped by the caller), or 404."""
    try:
        return disclosures_of(client).get(pk=pk)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise Http404("No such disclosure.")


def signed_consents_of(client: Client) -> QuerySet[Consent]:
    """Every consent the client signed, in effect now or not: a disclosure made while one was
    in effect may be logged after it was revoked or ended."""
    return (
        client.consents.filter(signed_at__isnull=False)
        .select_related("recipient_contact")
        .order_by("recipient_name", "id")
    )


def active_consents_of(client: Client) -> QuerySet[Consent]:
    """Signed consents neither revoked, ended nor expired: the only ones that cover anything."""
    return (
        client.consents.filter(
            signed_at__isnull=False, revoked_at__isnull=True, ended_at__isnull=True
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
        .select_related("recipient_contact")
        .order_by("recipient_name", "id")
    )
