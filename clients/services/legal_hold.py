"""Legal holds on a record: supervisors place and lift them from the record, administrators
from the retention admin. A held record cannot be destroyed, and placing a hold voids an
approval given before (``clients.services.retention``). A hold placed by someone else is
lifted only by a supervisor or by the person who placed it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client, LegalHold, RetentionReview, RetentionStatus
from clients.services.retention import APPROVAL_FIELDS, DECIDE_PERMISSION, approval_void
from recovery_portal.audit.services import audit_record


def may_place_legal_hold(user) -> bool:
    """Supervisors (from the record) and administrators (from the retention admin)."""
    return user.may_see_all_clients or user.may(DECIDE_PERMISSION)


def _locked_client(client: Client | None) -> Client:
    """The record, locked; a clear refusal when it was destroyed meanwhile (a hold asked for
    just after a destruction committed)."""
    locked = Client.objects.select_for_update().filter(pk=client.pk).first() if client else None
    if locked is None:
        raise ValidationError(
            "This record no longer exists: it was destroyed under the retention policy. "
            "Nothing was changed.",
            code="record_gone",
        )
    return locked


@transaction.atomic
def legal_hold_place(*, client: Client, actor, reason: str, request=None) -> LegalHold:
    """Put the record under a legal hold: it cannot be destroyed until the hold is lifted, and
    an approval of its destruction given before is void (approve again after the hold)."""
    if not may_place_legal_hold(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError("Please say why the record must be kept (e.g. a case number).")
    client = _locked_client(client)
    if client.legal_hold:
        raise ValidationError("This record is already under a legal hold.")
    hold = LegalHold.objects.create(client=client, reason=reason, placed_by=actor)
    client.legal_hold = True
    client.save(update_fields=["legal_hold", "updated_at"])
    audit_record(actor=actor, action="client.legal_hold_place", target=hold, request=request)
    reviews = RetentionReview.objects.select_for_update().filter(
        client=client, status__in=[RetentionStatus.PENDING, RetentionStatus.APPROVED]
    )
    for review in reviews:
        if review.status == RetentionStatus.APPROVED:
            approval_void(review, because="legal_hold", actor=actor, request=request)
        review.status = RetentionStatus.ON_HOLD
        review.save(update_fields=["status", *APPROVAL_FIELDS])
    return hold


def may_lift_legal_hold(user, hold: LegalHold) -> bool:
    """A hold is lifted by a supervisor, or by the person who placed it: an administrator
    alone cannot lift a hold someone else placed (and then approve the destruction)."""
    return user.may_see_all_clients or (hold.placed_by_id == user.pk and may_place_legal_hold(user))


@transaction.atomic
def legal_hold_lift(*, client: Client, actor, reason: str, request=None) -> LegalHold:
    """End the legal hold in force; the record follows the retention policy again."""
    if not may_place_legal_hold(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError("Please say why the hold can end.")
    client = _locked_client(client)
    hold = client.legal_holds.select_for_update().filter(lifted_at__isnull=True).first()
    if hold is None:
        raise ValidationError("This record is not under a legal hold.")
    if not may_lift_legal_hold(actor, hold):
        raise ValidationError(
            "This legal hold was placed by someone else: a supervisor, or the person who "
            "placed it, can lift it.",
            code="hold_placed_by_another",
        )
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    client.legal_hold = False
    client.save(update_fields=["legal_hold", "updated_at"])
    RetentionReview.objects.filter(client=client, status=RetentionStatus.ON_HOLD).update(
        status=RetentionStatus.PENDING
    )
    audit_record(actor=actor, action="client.legal_hold_lift", target=hold, request=request)
    return hold
