"""Records retention: the monthly list of closed records past their retention period, legal
holds, an administrator's decision, and the destruction of a record for good.

1. ``retention_reviews_list()`` (the monthly task) lists each closed record past retention
   once, as a ``RetentionReview``: pending, or on hold while a legal hold lasts; a record
   reopened since drops out. Past retention means past the latest of the closing +
   ``RECORD_RETENTION_YEARS`` and six years from each of the record's consents and
   disclosures (HIPAA counts those from the document's own date; see
   ``clients.selectors.retention``). Administrators are told by e-mail.
2. ``legal_hold_place`` / ``legal_hold_lift``: supervisors from the record, administrators from
   the retention admin. A held record cannot be destroyed, and placing a hold voids an
   approval given before. A hold placed by someone else is lifted only by a supervisor or by
   the person who placed it.
3. ``retention_review_keep`` (with a reason) or ``retention_review_approve`` (the record number
   typed again, and an attestation that the paper originals and printouts were shredded, or
   that there are none), by an administrator.
4. ``record_destroy`` carries out an approved review, by **a second administrator** (never the
   one who approved it), under a lock of the client's row, and refuses a record under a legal
   hold, open again, not yet past retention (its due date computed again, documents
   included), or whose portal account has ever been a staff member's. It removes the
   client and every row hanging from it in every app (found by walking the foreign keys, not
   by a list of models), the reminders and admin log entries pointing at any of them, their
   django-simple-history rows, the rows the client's portal account owns (``ACCOUNT_OWNED``;
   any other row pointing at the account stops it), and (after commit)
   the uploaded files; a file that fails to go stays listed on the review until
   ``retention_files_retry`` (the monthly task) deletes it. The account itself stays,
   deactivated and scrubbed: audit events point at it and are kept. What is left: the audit
   trail and the review row (record number, dates, counts per kind of row, who approved, the
   attestation about paper). A refusal is audited (``retention.destroy_refused``, its code).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.deletion import (
    DO_NOTHING,
    SET_DEFAULT,
    SET_NULL,
    Collector,
    get_candidate_relations_to_delete,
)
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, LegalHold, PaperDisposal, RetentionReview, RetentionStatus
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
# Rows a destruction never touches: the audit trail (append-only, kept at least
# AUDIT_RETENTION_YEARS) and the reviews, which say what was destroyed and on whose approval.
KEPT_MODELS = {"audit.auditevent", "audit.auditchainhead", "clients.retentionreview"}
# The rows the database locks (casework migrations 0001, 0003, 0004): only a destruction
# deletes them. On PostgreSQL through ``portal_destroy_locked_rows``, which runs with the
# owner's rights (the portal's role has no DELETE on most of these tables) and checks that
# the record is closed, not held and approved; on SQLite the triggers let them through while
# the record is flagged in ``portal_destroying_client`` (a row removed before commit) and the
# same rule holds.
LOCKED_MODELS = (
    "casework.progressnote",
    "casework.notegoal",
    "casework.noteaddendum",
    "casework.planversion",
    "casework.planacknowledgement",
)
_SQLITE_PERMIT = "INSERT INTO portal_destroying_client (client_id) VALUES (%s)"
_SQLITE_UNPERMIT = "DELETE FROM portal_destroying_client WHERE client_id = %s"
# What the client's portal account owns, (model, field pointing at the account): these go with
# the record. Any other row pointing at the account that the record's own walk did not reach
# (an on-call shift, a note written, a reminder authored for someone else, the admin's log)
# belongs to the organization or to another person, and stops the destruction.
ACCOUNT_OWNED = {
    ("account.emailaddress", "user"),
    ("mfa.authenticator", "user"),
    ("accounts.user_groups", "user"),
    ("accounts.user_user_permissions", "user"),
    ("notifications.preference", "user"),
    ("notifications.reminder", "recipient"),
    ("notifications.customreminder", "recipient"),
    ("peer_groups.calendarfeed", "owner"),
}
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


def may_place_legal_hold(user) -> bool:
    """Supervisors (from the record) and administrators (from the retention admin)."""
    return user.may_see_all_clients or user.may(DECIDE_PERMISSION)


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
       longer stands: it is voided (``_approval_void``), and the record needs a new one.
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
    listed = len(new)
    kept_by_documents = sum(
        1 for record in dates.values() if record.closing_due_on <= today < (record.due_on or _MAX)
    )

    changed, moved = [], Counter()
    for review in reviews:
        if review.status not in OPEN_REVIEW_STATUSES:
            continue
        record = dates.get(review.client_id)
        before = (review.status, review.due_on, review.due_because)
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
        if before[0] == RetentionStatus.APPROVED and review.status != RetentionStatus.APPROVED:
            _approval_void(review, because=review.status)
        if (review.status, review.due_on, review.due_because) != before:
            changed.append(review)
            if review.status != before[0]:
                moved[review.status] += 1
    RetentionReview.objects.bulk_update(
        changed, ["status", "due_on", "due_because", *APPROVAL_FIELDS]
    )
    reopened, not_due = moved[RetentionStatus.REOPENED], moved[RetentionStatus.NOT_DUE]

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


# ── 2. Legal holds ──────────────────────────────────────────────────────────────────────────


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


def _approval_void(review: RetentionReview, *, because: str, actor=None, request=None) -> None:
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


@transaction.atomic
def legal_hold_place(*, client: Client, actor, reason: str, request=None) -> LegalHold:
    """Put the record under a legal hold: it cannot be destroyed until the hold is lifted, and
    an approval of its destruction given before is void (approve again after the hold)."""
    _require(may_place_legal_hold(actor))
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
            _approval_void(review, because="legal_hold", actor=actor, request=request)
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
    _require(may_place_legal_hold(actor))
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


# ── 3. Decisions ────────────────────────────────────────────────────────────────────────────


def _locked_review(review: RetentionReview) -> RetentionReview:
    return RetentionReview.objects.select_for_update().get(pk=review.pk)


def _check_destroyable(client: Client | None, review: RetentionReview, today: dt.date) -> None:
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
    _check_destroyable(client, review, today)
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


# ── 4. Destruction ──────────────────────────────────────────────────────────────────────────


def record_destroy(*, review: RetentionReview, actor, request=None) -> dict[str, int]:
    """Destroy the record of an approved review for good; returns rows removed per kind.

    Carried out by a second administrator: never by the one who approved it. A refusal
    (``DestructionRefused``) is recorded in the audit trail as ``retention.destroy_refused``
    with its code, in a transaction of its own: the destruction's is rolled back, so this
    function is not itself atomic (``_record_destroy`` is).
    """
    _require(actor.may(DECIDE_PERMISSION))
    try:
        return _record_destroy(review=review, actor=actor, request=request)
    except DestructionRefused as refusal:
        _destruction_refused(review=review, actor=actor, refusal=refusal, request=request)
        raise


@transaction.atomic
def _destruction_refused(*, review, actor, refusal: DestructionRefused, request=None) -> None:
    details = {"reason": refusal.code or "refused"}
    if refusal.params and refusal.params.get("model"):
        details["model"] = refusal.params["model"]  # a kind of row, never what it holds
    audit_record(
        actor=actor,
        action="retention.destroy_refused",
        target=review,
        request=request,
        details=details,
    )


@transaction.atomic
def _record_destroy(*, review: RetentionReview, actor, request=None) -> dict[str, int]:
    """1. Lock the review and the client's row, and check every rule again under the lock (a
       hold placed since the approval wins; the approver may not carry it out).
    2. Find everything that hangs from the client and what the client's portal account owns
       (``_Doomed``), then what points at any of it generically (reminders, admin log).
    3. Delete it: the rows the database locks first (``_locked_rows_go``), then the rest in
       dependency order (Django's ``Collector``); then their history rows. Only then are the
       reviews unlinked: the locks ask for this record's approved review.
    4. Deactivate and scrub the account; end its sessions.
    5. Record the destruction on the review and in the audit trail (numbers, and the
       attestation about paper), and delete the uploaded files once the transaction has
       committed; any that fail stay on the review's ``files_left`` for the monthly retry.
    """
    review = _locked_review(review)
    if review.status != RetentionStatus.APPROVED:
        raise DestructionRefused("Only an approved review can be carried out.", code="not_approved")
    client = Client.objects.select_for_update().filter(pk=review.client_id).first()
    _check_destroyable(client, review, timezone.localdate())
    if not review.paper_disposal:  # an approval given before the attestation was asked for
        raise DestructionRefused(
            "This approval says nothing about paper originals and printouts: the next monthly "
            'run puts it back to "Waiting for a decision", to be approved again with it.',
            code="no_paper_statement",
        )
    if review.decided_by_id is None or review.decided_at is None:
        raise DestructionRefused(
            "This approval names no approver: it must be approved again.", code="not_approved"
        )
    if review.decided_by_id == actor.pk:
        raise DestructionRefused(
            "You approved this destruction: a second administrator must carry it out.",
            code="same_person",
        )
    user = User.objects.select_for_update().get(pk=client.user_id) if client.user_id else None
    record_number = client.pk

    doomed = _Doomed(client)
    doomed.take([client])
    if user is not None:
        doomed.take_account(user)
    doomed.take_generic_pointers()
    files = doomed.files()
    counts = doomed.counts()

    with _locked_rows_go(record_number, doomed.collector):
        doomed.collector.delete()
    # The reviews keep the record number only (their link is checked at commit).
    RetentionReview.objects.filter(client_id=record_number).update(client=None)
    for label, n in _history_purge(doomed.seen).items():
        counts[label] = counts.get(label, 0) + n
    if user is not None:
        if history := _account_history_left(user):
            raise DestructionRefused(
                "The destruction would reach data that is not this client's (%(model)s): "
                "the portal account changed other records. Nothing was changed.",
                code="other_data",
                params={"model": history},
            )
        _account_scrub(user)

    review.refresh_from_db()
    review.status = RetentionStatus.DESTROYED
    review.destroyed_at = timezone.now()
    review.destroyed_counts = dict(sorted(counts.items()))
    review.files_left = files
    review.save(update_fields=["status", "destroyed_at", "destroyed_counts", "files_left"])
    audit_record(
        actor=actor,
        action="retention.destroy",
        target=review,
        client_id=record_number,
        request=request,
        details={
            "record_number": record_number,
            "closed_on": review.closed_on.isoformat(),
            "approved_by": review.decided_by.email if review.decided_by else "",
            "approved_at": review.decided_at.isoformat() if review.decided_at else "",
            "rows": review.destroyed_counts,
            "files": len(files),
            "account_scrubbed": user is not None,
            "paper": review.paper_for_audit,
        },
    )
    # Files cannot be rolled back: they go once the rows are gone for good. What fails to go
    # stays listed on the review ("files still to delete") and each monthly run tries again.
    # ``robust``: the destruction is committed; a failure here is logged, never shown as one.
    review_pk = review.pk
    transaction.on_commit(lambda: _files_delete(review_pk), robust=True)
    logger.info(
        "Records retention: record %s destroyed (%d rows)", record_number, sum(counts.values())
    )
    return review.destroyed_counts


class _Doomed:
    """Everything that goes with one client, found by walking the foreign keys that point at
    the client (and the client's account), then at each row found, and so on.

    Relations that cascade, protect or restrict belong to what they point at and go with it;
    ``SET_NULL`` ones are only unlinked (they belong to someone else); ``DO_NOTHING`` ones are
    the history tables, purged afterwards. The kept models are never entered. A row found
    that names another client stops everything: the walk must never reach another record.
    From the account, only what it owns is entered (``take_account``).
    """

    def __init__(self, client: Client):
        self.client = client
        self.collector = Collector(using=connection.alias, origin=client)
        self.seen: dict[type[models.Model], set] = defaultdict(set)

    def take(self, objs: list[models.Model], source: type[models.Model] | None = None) -> None:
        if not objs:
            return
        model = type(objs[0])
        new = [obj for obj in objs if obj.pk not in self.seen[model]]
        if not new:
            return
        self.seen[model].update(obj.pk for obj in new)
        self._check_owner(model, new)
        if model is not User:  # the account stays (audit events point at it), scrubbed
            # The dependency makes the Collector delete these before their ``source``; a
            # self-reference (an appointment moved to another) needs none.
            self.collector.add(new, source=source if source not in (model, User) else None)
        for related in get_candidate_relations_to_delete(model._meta):
            field = related.field
            related_model = related.related_model
            if related_model._meta.label_lower in KEPT_MODELS:
                continue
            on_delete = field.remote_field.on_delete
            if on_delete is DO_NOTHING:
                continue
            rows = related_model._base_manager.filter(**{f"{field.name}__in": new})
            if on_delete in (SET_NULL, SET_DEFAULT):
                if rows.exists():
                    value = None if on_delete is SET_NULL else field.get_default()
                    self.collector.add_field_update(field, value, rows)
                continue
            self.take(list(rows), source=model)

    def take_account(self, user: User) -> None:
        """The client's portal account (kept, scrubbed): the rows it owns (``ACCOUNT_OWNED``)
        go with the record. Any other row pointing at it must be part of the record already
        (a plan acknowledgement, a support contact the client added); one that is not (an
        on-call shift, a note, a reminder written for someone else, the admin's log) stops
        the destruction, naming its kind. History rows naming the account are checked once
        the record's history is purged (``_account_history_left``). Walk the record first."""
        self.seen[User].add(user.pk)
        for related in get_candidate_relations_to_delete(User._meta):
            field, model = related.field, related.related_model
            if model._meta.label_lower in KEPT_MODELS:
                continue
            rows = model._base_manager.filter(**{field.name: user})
            if (model._meta.label_lower, field.name) in ACCOUNT_OWNED:
                self.take(list(rows), source=User)
                continue
            if field.remote_field.on_delete in (DO_NOTHING, SET_NULL, SET_DEFAULT):
                continue  # history rows; the account is not deleted, nothing to unlink
            if set(rows.values_list("pk", flat=True)) - self.seen[model]:
                raise DestructionRefused(
                    "The destruction would reach data that is not this client's "
                    "(%(model)s, linked to the portal account); nothing was changed.",
                    code="other_data",
                    params={"model": model._meta.label},
                )

    def _check_owner(self, model, objs) -> None:
        """Every client a row names (``client_id``, or any foreign key to a client) must be
        this one."""
        if model is Client:
            others = [obj.pk for obj in objs if obj.pk != self.client.pk]
        else:
            names = [
                field.attname
                for field in model._meta.concrete_fields
                if field.attname == "client_id"
                or (field.is_relation and field.related_model is Client)
            ]
            others = [
                obj.pk
                for obj in objs
                for name in names
                if getattr(obj, name) not in (None, self.client.pk)
            ]
        if others:
            raise DestructionRefused(
                "The destruction would reach another client's data (%(model)s); "
                "nothing was changed.",
                code="other_data",
                params={"model": model._meta.label},
            )

    def take_generic_pointers(self) -> None:
        """Rows that point at a destroyed row by content type and id: reminders whose source
        it was, entries of the admin's log (which keep the object's name)."""
        pointers = [
            (model, gfk.ct_field, gfk.fk_field)
            for model in apps.get_models()
            for gfk in model._meta.private_fields
            if isinstance(gfk, GenericForeignKey) and model._meta.label_lower not in KEPT_MODELS
        ]
        pointers.append((LogEntry, "content_type", "object_id"))
        done: set[tuple[type, object]] = set()
        while pending := [
            (model, pk) for model, pks in self.seen.items() for pk in pks if (model, pk) not in done
        ]:
            by_model = defaultdict(list)
            for model, pk in pending:
                done.add((model, pk))
                by_model[model].append(str(pk))
            for model, pks in by_model.items():
                content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
                for pointer, ct_field, fk_field in pointers:
                    rows = pointer._base_manager.filter(
                        **{ct_field: content_type, f"{fk_field}__in": pks}
                    )
                    self.take(list(rows))

    def files(self) -> list[dict[str, str]]:
        """Each uploaded file: its field ("clients.consent.scan", which knows its storage) and
        its name in that storage (random, never the uploaded name)."""
        found = []
        for model, instances in self.collector.data.items():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    label = f"{model._meta.label_lower}.{field.name}"
                    found += [
                        {"field": label, "name": stored.name}
                        for obj in instances
                        if (stored := getattr(obj, field.name)) and stored.name
                    ]
        return found

    def counts(self) -> dict[str, int]:
        return {
            model._meta.label_lower: len(instances)
            for model, instances in self.collector.data.items()
            if instances
        }


@contextmanager
def _locked_rows_go(client_id: int, collector: Collector):
    """Delete the record's rows the database locks (``LOCKED_MODELS``), for this transaction
    only (casework migration 0004).

    PostgreSQL: ``portal_destroy_locked_rows`` deletes them with the owner's rights, having
    checked that the record is closed, not held and approved (the reviews are still linked);
    the Collector then leaves those tables alone (the portal's role may not DELETE there).
    SQLite: the record is flagged while the Collector deletes; the triggers check the same
    rule. Nothing to undo on failure: the transaction rolls back and the permission with it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT portal_destroy_locked_rows(%s)", [client_id])
        _collector_without(collector, LOCKED_MODELS)
        yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_PERMIT, [client_id])
        yield
        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_UNPERMIT, [client_id])
    else:
        yield


def _collector_without(collector: Collector, labels) -> None:
    """Leave these models out of the Collector's deletes (already deleted), and out of its
    order of deletion."""
    gone = {model for model in collector.data if model._meta.label_lower in labels}
    for model in gone:
        del collector.data[model]
        collector.dependencies.pop(model, None)
    for depends_on in collector.dependencies.values():
        depends_on -= gone


def _account_history_left(user: User) -> str:
    """After the purge: the kind of history row (if any) still naming the account, i.e. a
    change it made to something that is not this record's; empty when there is none."""
    for history in apps.get_models():
        if getattr(history, "instance_type", None) is None:
            continue
        for field in history._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is User
                and history._base_manager.filter(**{field.attname: user.pk}).exists()
            ):
                return history._meta.label
    return ""


def _history_purge(seen: dict[type[models.Model], set]) -> Counter:
    """Delete the django-simple-history rows of what was destroyed.

    History tables have no foreign keys, so nothing cascades into them: a row goes when its
    object's id is among the destroyed ones, or when it points at a destroyed row (e.g. the
    history of a goal removed long ago, whose plan is destroyed now). Repeated until nothing
    new is found. Run after the delete, which itself writes a last history row per object.
    """
    historical = [m for m in apps.get_models() if getattr(m, "instance_type", None) is not None]
    ids = {model: set(pks) for model, pks in seen.items() if model is not User}
    purged: Counter = Counter()
    changed = True
    while changed:
        changed = False
        for history in historical:
            base = history.instance_type
            pk_name = base._meta.pk.attname
            where = Q()
            if ids.get(base):
                where |= Q(**{f"{pk_name}__in": ids[base]})
            for field in history._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is not None and target is not User and ids.get(target):
                    where |= Q(**{f"{field.attname}__in": ids[target]})
            if not where:
                continue
            rows = list(history._base_manager.filter(where).values_list("history_id", pk_name))
            if not rows:
                continue
            found = {object_id for _, object_id in rows} - ids.setdefault(base, set())
            if found:
                ids[base] |= found
                changed = True
            deleted, _ = history._base_manager.filter(
                history_id__in=[history_id for history_id, _ in rows]
            ).delete()
            purged[history._meta.label_lower] += deleted
    return purged


def _account_scrub(user: User) -> None:
    """The client's account cannot be deleted (audit events point at it): it is closed and
    emptied of anything that says who it was. Its e-mail addresses and authenticators went
    with the record; its sessions end here."""
    user.email = f"destroyed-{user.pk}@invalid"
    user.full_name = ""
    user.phone = ""
    user.time_zone = settings.TIME_ZONE
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def _storage_of(entry: dict[str, str]):
    label, _, field_name = entry["field"].rpartition(".")
    try:
        return apps.get_model(label)._meta.get_field(field_name).storage
    except (LookupError, FieldDoesNotExist):  # the field is gone from the code since
        return default_storage


@transaction.atomic
def _files_delete(review_pk: int, *, retry: bool = False) -> int:
    """Delete the files the review still lists; keep listed those that fail. Returns how many
    are left. A file already gone counts as deleted, so trying again is always safe."""
    review = RetentionReview.objects.select_for_update().get(pk=review_pk)
    left = []
    for entry in review.files_left:
        try:
            _storage_of(entry).delete(entry["name"])
        except Exception:  # OSError on disk; other storages raise their own errors
            logger.exception(
                "Records retention: an uploaded file of record %s could not be deleted; "
                "the monthly run will try again",
                review.record_number,
            )
            left.append(entry)
    deleted = len(review.files_left) - len(left)
    if deleted:
        review.files_left = left
        review.save(update_fields=["files_left"])
    if left and not retry:
        audit_record(action="retention.files_left", target=review, details={"left": len(left)})
    if deleted and retry:
        audit_record(
            action="retention.files_delete",
            target=review,
            details={"deleted": deleted, "left": len(left)},
        )
    return len(left)


def retention_files_retry() -> int:
    """Try again to delete the files of destroyed records that failed to go (run by the
    monthly task); returns how many are still left."""
    waiting = RetentionReview.objects.filter(status=RetentionStatus.DESTROYED).exclude(
        files_left=[]
    )
    return sum(_files_delete(pk, retry=True) for pk in waiting.values_list("pk", flat=True))
