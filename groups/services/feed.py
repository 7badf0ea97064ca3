"""Private calendar feeds: issue, revoke, and note that one was opened."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from groups.models import CalendarFeed
from groups.models.feed import token_digest
from groups.selectors.feed import details_allowed
from recovery_portal.audit.services import audit_record


@transaction.atomic
def calendar_feed_issue(*, owner, discreet: bool = True, request=None) -> tuple[CalendarFeed, str]:
    """A new secret address (the old one stops working). The token is returned once and only
    its digest is kept. Detailed titles only where ``details_allowed``."""
    discreet = discreet or not details_allowed(owner)
    CalendarFeed.objects.select_for_update().filter(owner=owner, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        owner=owner, token_digest=token_digest(token), discreet=discreet
    )
    audit_record(actor=owner, action="groups.calendar_feed.issue", target=feed, request=request)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, owner, request=None) -> int:
    revoked = CalendarFeed.objects.filter(owner=owner, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_record(
        actor=owner,
        action="groups.calendar_feed.revoke",
        request=request,
        details={"revoked": revoked},
    )
    return revoked


@transaction.atomic
def calendar_feed_set_discreet(*, owner, discreet: bool, request=None) -> int:
    """Discreet or detailed titles; detailed is refused where ``details_allowed`` says no."""
    if not discreet and not details_allowed(owner):
        raise PermissionDenied("Detailed calendar titles are not allowed for staff here.")
    changed = CalendarFeed.objects.filter(owner=owner, revoked_at__isnull=True).update(
        discreet=discreet
    )
    audit_record(
        actor=owner,
        action="groups.calendar_feed.discreet",
        request=request,
        details={"discreet": discreet},
    )
    return changed


def calendar_feed_opened(*, feed: CalendarFeed, request=None) -> bool:
    """Audit the opening of a feed at most once a day: the conditional UPDATE changes the row
    for the first request of the day only, even when several arrive at once."""
    today = timezone.localdate()
    with transaction.atomic():
        first = (
            CalendarFeed.objects.filter(pk=feed.pk)
            .exclude(last_opened_on=today)
            .update(last_opened_on=today)
        )
        if first:
            audit_record(
                actor=None,
                action="groups.calendar_feed.open",
                target=feed,
                request=request,
                details={"owner": feed.owner_id},
            )
    return bool(first)


def calendar_feeds_end(user, *, now) -> int:
    """Access ended (``recovery_portal.accounts.access``): every live link of ``user`` is
    revoked for good; after a re-invitation or reactivation they make a new one."""
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).update(revoked_at=now)
