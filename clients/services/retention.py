"""Records retention: the monthly list of closed records past their retention period, and an
administrator's decision on each (``RetentionReview``). Legal holds are in
``clients.services.legal_hold``, the destruction of a record in ``clients.services.destruction``;
both rest on the rules here (who decides, what voids an approval, when a record may go).

1. ``retention_reviews_list()`` (the monthly task) lists each closed record past retention
   once, as a ``RetentionReview``: pending, or on hold while a legal hold lasts; a record
   reopened since drops out. Past retention means past the latest of the closing +
   ``RECORD_RETENTION_YEARS`` and six years from each of the record's consents and
   disclosures (HIPAA counts those from the document's own date; see
   ``clients.selectors.retention``). Administrators are told by e-mail.
2. ``retention_review_keep`` (with a reason) or ``retention_review_approve`` (the record number
   typed again, and an attestation that the paper originals and printouts were shredded, or
   that there are none), by an administrator. ``check_destroyable`` holds every rule a record
   must meet to go, asked at the approval and again under the lock at the destruction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, PaperDisposal, RetentionReview, RetentionStatus
from clients.models.retention import OPEN_REVIEW_STATUSES
from clients.selectors.retention import closed_records_retention, retention_dates_of
from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import ROLE_PERMISSIONS, Role
from recovery_portal.accounts.selectors import holders_of
from recovery_portal.audit.models import AuditEvent
from recovery_portal.audit.services import audit_record

# Stands for "no date in sight" (a consent still in effect) when comparing dates.
_MAX = dt.date.max

logger = logging.getLogger(__name__)

# Who decides in the retention admin: the permission the Administrator role holds.
DECIDE_PERMISSION = "clients.change_retentionreview"
# The fields of a review that make an approval; cleared when the approval no longer stands.
APPROVAL_FIELDS = [
    "decided_by",
    "decided_at",
    "paper_disposal",
    "paper_destroyed_on",
    "paper_destroyed_by",
]
_CLIENT_PERMISSIONS = frozenset(ROLE_PERMISSIONS[Role.CLIENT])


class DestructionRefused(ValidationError):
    """The record may not be destroyed (held, open again, not yet due, not approved, approved
    by the same person, or tied to data that is not the client's). Each has a ``code``, which
    the audit trail keeps."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ── 1. The monthly list ─────────────────────────────────────────────────────────────────────


@transaction.atomic
def retention_reviews_list(*, today: dt.date | None = None) -> dict[str, int]:
    """List every closed record past retention once; refresh the reviews still open.

    A record is past retention on the latest of its closing + ``RECORD_RETENTION_YEARS`` and
    six years from each of its consents and disclosures (``clients.selectors.retention``).

    1. Each record past retention gets its review (one per record and closing: running again
       lists nothing twice), on hold when a legal hold is in force. A record whose closing
       period has ended but whose consents or disclosures keep it longer is not listed yet.
    2. Open reviews follow their record, their due date computed again: "not due yet" when a
       consent or disclosure now keeps it longer (e.g. a disclosure logged after the listing),
       on hold while held, pending when due and not held, "reopened" when the record was
       reopened (it drops out of the list). An approval that moves out of "approved" no
       longer stands: it is voided (``approval_void``), and the record needs a new one.
    3. After commit, administrators get one discreet e-mail when new records were listed.

    Its queries do not grow with the number of records: the dates come from per-client
    aggregates, new reviews are inserted and changed ones updated in bulk.
    """
    today = today or timezone.localdate()
    dates = closed_records_retention(today)
    reviews = list(
        RetentionReview.objects.select_for_update(of=("self",)).filter(
            Q(status__in=OPEN_REVIEW_STATUSES) | Q(client_id__in=list(dates))
        )
    )
    listed = _reviews_add(dates, reviews, today)
    kept_by_documents = sum(
        1 for record in dates.values() if record.closing_due_on <= today < (record.due_on or _MAX)
    )
    moved = _reviews_follow(dates, reviews, today)
    return _listing_told(
        listed=listed,
        reopened=moved[RetentionStatus.REOPENED],
        not_due=moved[RetentionStatus.NOT_DUE],
        kept_by_documents=kept_by_documents,
    )


def _reviews_add(dates: dict, reviews: list[RetentionReview], today: dt.date) -> int:
    """Step 1: a review for each record past retention that has none for this closing yet;
    returns how many were listed."""
    known = {(review.record_number, review.closed_on) for review in reviews}
    new = [
        RetentionReview(
            client=record.client,
            record_number=pk,
            closed_on=record.closed_on,
            due_on=record.due_on,
            due_because=record.because,
            status=RetentionStatus.ON_HOLD if record.client.legal_hold else RetentionStatus.PENDING,
        )
        for pk, record in dates.items()
        if record.is_due(today) and (pk, record.closed_on) not in known
    ]
    # Two runs at once (two beats) may both find a record new: the second insert is skipped.
    RetentionReview.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _reviews_follow(dates: dict, reviews: list[RetentionReview], today: dt.date) -> Counter:
    """Step 2: the open reviews follow their record, an approval moved out of "approved" is
    voided, and the changed ones are saved; returns how many moved to each status."""
    changed, moved = [], Counter()
    for review in reviews:
        if review.status not in OPEN_REVIEW_STATUSES:
            continue
        record = dates.get(review.client_id)
        before = (review.status, review.due_on, review.due_because)
        _review_follow(review, record, today)
        if before[0] == RetentionStatus.APPROVED and review.status != RetentionStatus.APPROVED:
            approval_void(review, because=review.status)
        if (review.status, review.due_on, review.due_because) != before:
            changed.append(review)
            if review.status != before[0]:
                moved[review.status] += 1
    RetentionReview.objects.bulk_update(
        changed, ["status", "due_on", "due_because", *APPROVAL_FIELDS]
    )
    return moved


def _review_follow(review: RetentionReview, record, today: dt.date) -> None:
    """Set the open review's status (and due date) from its record's dates now; ``record`` is
    None when the record is no longer closed."""
    if record is None or record.closed_on != review.closed_on:
        review.status = RetentionStatus.REOPENED
    else:
        review.due_on, review.due_because = record.due_on, record.because
        if not record.is_due(today):
            review.status = RetentionStatus.NOT_DUE
        elif record.client.legal_hold:
            review.status = RetentionStatus.ON_HOLD
        elif review.status != RetentionStatus.APPROVED or not review.paper_disposal:
            # An approval waits to be carried out, unless it was given without the
            # attestation about paper: approve it again.
            review.status = RetentionStatus.PENDING


def _listing_told(
    *, listed: int, reopened: int, not_due: int, kept_by_documents: int
) -> dict[str, int]:
    """What the run did: in the audit trail (when anything moved), in the log, and (step 3,
    after commit) to the administrators when records were newly listed. Returns the counts."""
    waiting = RetentionReview.objects.filter(
        status__in=[RetentionStatus.PENDING, RetentionStatus.APPROVED]
    ).count()
    on_hold = RetentionReview.objects.filter(status=RetentionStatus.ON_HOLD).count()
    if listed or reopened or not_due:
        audit_record(
            action="retention.list",
            details={
                "listed": listed,
                "reopened": reopened,
                "not_due": not_due,
                "waiting": waiting,
            },
        )
    logger.info(
        "Records retention: %d record(s) newly past retention, %d waiting for a decision, "
        "%d on legal hold, %d reopened, %d kept longer by their consents or disclosures",
        listed,
        waiting,
        on_hold,
        reopened,
        kept_by_documents,
    )
    if listed:
        transaction.on_commit(lambda: _tell_administrators(listed=listed, waiting=waiting))
    return {
        "listed": listed,
        "waiting": waiting,
        "on_hold": on_hold,
        "reopened": reopened,
        "kept_by_documents": kept_by_documents,
    }


def _tell_administrators(*, listed: int, waiting: int) -> None:
    """One e-mail to each administrator: how many records wait, never which."""
    recipients = list(
        holders_of(DECIDE_PERMISSION).filter(is_staff=True).values_list("email", flat=True)
    )
    if not recipients:
        logger.warning("Records retention: no administrator to tell about %d record(s)", waiting)
        return
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("admin:clients_retentionreview_changelist")
    body = (
        f"{listed} closed record(s) reached the end of their retention period this month; "
        f"{waiting} in all wait for a decision.\n\n"
        "Nothing is destroyed until an administrator approves it. Please sign in to review "
        f"them:\n{url}\n"
    )
    try:
        mail.send_mail(
            "Retention review: records waiting for a decision",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception:  # the list is made; a mail server down must not undo it
        logger.exception("Records retention: the e-mail to administrators was not sent")


def approval_void(review: RetentionReview, *, because: str, actor=None, request=None) -> None:
    """The approval of ``review`` no longer stands (a legal hold was placed, the record is no
    longer due, or was reopened): it forgets who approved and the statement about paper, and
    must be approved again. The audit trail keeps the approval and this. The caller saves."""
    review.decided_by, review.decided_at = None, None
    review.paper_disposal, review.paper_destroyed_on, review.paper_destroyed_by = "", None, ""
    audit_record(
        actor=actor,
        action="retention.approval_void",
        target=review,
        request=request,
        details={"because": str(because)},
    )


# ── 2. Decisions ──────────────────────────────────────────────────────────────────────────────


def _locked_review(review: RetentionReview) -> RetentionReview:
    return RetentionReview.objects.select_for_update().get(pk=review.pk)


def check_destroyable(client: Client | None, review: RetentionReview, today: dt.date) -> None:
    """Refuse unless the (locked) record may go now. Every rule, each with its reason and
    code; the due date is computed again here, documents included (a disclosure logged since
    the listing keeps the record six more years)."""
    if client is None:
        raise DestructionRefused("This record no longer exists.", code="record_gone")
    if client.legal_hold or client.legal_holds.filter(lifted_at__isnull=True).exists():
        raise DestructionRefused(
            "This record is under a legal hold: it cannot be destroyed.", code="legal_hold"
        )
    dates = retention_dates_of(client)
    if dates is None:
        raise DestructionRefused(
            "This record was reopened: it is not closed any more.", code="reopened"
        )
    if dates.closed_on != review.closed_on:
        raise DestructionRefused(
            "This record was reopened and closed again since it was listed.", code="reopened"
        )
    if dates.closing_due_on > today:
        raise DestructionRefused(
            "This record's retention period has not ended yet: it must be kept until "
            f"{dates.closing_due_on:%Y-%m-%d}.",
            code="not_due",
        )
    if dates.due_on is None:
        raise DestructionRefused(
            f"This record must be kept: it has {dates.because}. HIPAA keeps a signed consent "
            "six years from the last day it is in effect; end or revoke it first, if it should.",
            code="consent_in_effect",
        )
    if dates.due_on > today:
        raise DestructionRefused(
            f"This record must be kept until {dates.due_on:%Y-%m-%d} ({dates.because}): HIPAA "
            "keeps each consent and each disclosure's record six years from its own date.",
            code="kept_by_documents",
        )
    if client.user_id is not None and _account_has_worked_for_the_organization(client.user):
        raise DestructionRefused(
            "This record's portal account is, or was, a staff member's (a staff role, the "
            "admin flag, or actions as staff in the audit trail): other people's data hangs "
            "from it. Unlink the account from the record first; nothing was changed.",
            code="staff_account",
        )


def _account_has_worked_for_the_organization(user: User) -> bool:
    """Whether the account holds, or ever held, anything beyond the client's own pages. Asked
    of the roles and grants themselves, not of ``is_portal_staff`` (which is False for a
    deactivated account: a former staff member), and of the audit trail: the roles the
    account was given (``user.create``, ``user.roles_change``) and the role it acted in."""
    if user.is_staff or user.is_superuser:
        return True
    if user.groups.exclude(name=Role.CLIENT.value).exists():
        return True
    granted = Permission.objects.filter(Q(group__user=user) | Q(user=user)).values_list(
        "content_type__app_label", "codename"
    )
    if {f"{app_label}.{codename}" for app_label, codename in granted} - _CLIENT_PERMISSIONS:
        return True
    if (
        AuditEvent.objects.filter(actor=user)
        .exclude(actor_role__in=["", "No role", Role.CLIENT.value])
        .exists()
    ):
        return True
    given = AuditEvent.objects.filter(
        target_type=User._meta.label_lower,
        target_id=str(user.pk),
        action__in=["user.create", "user.roles_change"],
    ).values_list("details", flat=True)
    for details in given:
        details = details if isinstance(details, dict) else {}
        added = details.get("added") or []
        roles = {details.get("role"), *(added if isinstance(added, list) else [])}
        if roles - {None, "", Role.CLIENT.value}:
            return True
    return False


@transaction.atomic
def retention_review_keep(
    *, review: RetentionReview, actor, reason: str, request=None
) -> RetentionReview:
    """Decide not to destroy the record (for now), with the reason."""
    _require(actor.may(DECIDE_PERMISSION))
    review = _locked_review(review)
    if review.status not in OPEN_REVIEW_STATUSES:
        raise ValidationError("This review is already decided.")
    if not reason.strip():
        raise ValidationError("Please say why the record is kept.")
    review.status = RetentionStatus.KEPT
    review.reason = reason.strip()
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(actor=actor, action="retention.keep", target=review, request=request)
    return review


def _paper_attestation(
    disposal: str, destroyed_on: dt.date | None, destroyed_by: str, today: dt.date
) -> tuple[str, dt.date | None, str]:
    """42 CFR §2.16: paper is sanitized too. The approver says the record's paper originals
    and printouts were shredded (when, by whom), or that there are none."""
    destroyed_by = (destroyed_by or "").strip()
    if disposal == PaperDisposal.NONE:
        return disposal, None, ""
    if disposal != PaperDisposal.SHREDDED:
        raise DestructionRefused(
            "Please say what became of this record's paper originals and printouts: shredded "
            "(when and by whom), or there are none."
        )
    if destroyed_on is None or not destroyed_by:
        raise DestructionRefused("Please give the date the paper was shredded and who shredded it.")
    if destroyed_on > today:
        raise DestructionRefused("The date the paper was shredded cannot be in the future.")
    return disposal, destroyed_on, destroyed_by


@transaction.atomic
def retention_review_approve(
    *,
    review: RetentionReview,
    actor,
    confirmation: str,
    paper_disposal: str,
    paper_destroyed_on: dt.date | None = None,
    paper_destroyed_by: str = "",
    request=None,
) -> RetentionReview:
    """Approve the destruction: the record number typed again as confirmation, and the
    attestation about paper (``PaperDisposal``: shredded on a date by a person, or none)."""
    _require(actor.may(DECIDE_PERMISSION))
    review = _locked_review(review)
    if review.status != RetentionStatus.PENDING:
        raise DestructionRefused("Only a record waiting for a decision can be approved.")
    if confirmation.strip() != str(review.record_number):
        raise DestructionRefused("The record number typed does not match this record.")
    today = timezone.localdate()
    paper = _paper_attestation(paper_disposal, paper_destroyed_on, paper_destroyed_by, today)
    client = Client.objects.select_for_update().filter(pk=review.client_id).first()
    check_destroyable(client, review, today)
    review.status = RetentionStatus.APPROVED
    review.decided_by, review.decided_at = actor, timezone.now()
    review.paper_disposal, review.paper_destroyed_on, review.paper_destroyed_by = paper
    review.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "paper_disposal",
            "paper_destroyed_on",
            "paper_destroyed_by",
        ]
    )
    audit_record(
        actor=actor,
        action="retention.approve",
        target=review,
        request=request,
        details={"paper": review.paper_for_audit},
    )
    return review
