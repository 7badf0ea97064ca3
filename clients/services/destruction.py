"""Destroying a record for good, once a review is approved (``clients.services.retention``).

``record_destroy`` carries out an approved review, by **a second administrator** (never the
one who approved it), under a lock of the client's row, and refuses a record under a legal
hold, open again, not yet past retention (its due date computed again, documents included),
or whose portal account has ever been a staff member's. It removes the client and every row
hanging from it in every app (found by walking the foreign keys, not by a list of models:
``clients.services.destruction_walk``), the reminders and admin log entries pointing at any of
them, their django-simple-history rows, the rows the client's portal account owns
(``ACCOUNT_OWNED``; any other row pointing at the account stops it), and (after commit) the
uploaded files; a file that fails to go stays listed on the review until
``retention_files_retry`` (the monthly task) deletes it. The account itself stays, deactivated
and scrubbed: audit events point at it and are kept. What is left: the audit trail and the
review row (record number, dates, counts per kind of row, who approved, the attestation about
paper). A refusal is audited (``retention.destroy_refused``, its code).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from clients.models import Client, RetentionReview, RetentionStatus
from clients.services.destruction_walk import Doomed, account_history_left, history_purge
from clients.services.retention import DECIDE_PERMISSION, DestructionRefused, check_destroyable
from recovery_portal.accounts.models import User
from recovery_portal.audit.services import audit_record

# The log keeps the name it had before destruction had a module of its own.
logger = logging.getLogger("clients.services.retention")

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


def record_destroy(*, review: RetentionReview, actor, request=None) -> dict[str, int]:
    """Destroy the record of an approved review for good; returns rows removed per kind.

    Carried out by a second administrator: never by the one who approved it. A refusal
    (``DestructionRefused``) is recorded in the audit trail as ``retention.destroy_refused``
    with its code, in a transaction of its own: the destruction's is rolled back, so this
    function is not itself atomic (``_record_destroy`` is).
    """
    if not actor.may(DECIDE_PERMISSION):
        raise PermissionDenied
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
       (``Doomed``), then what points at any of it generically (reminders, admin log).
    3. Delete it: the rows the database locks first (``_locked_rows_go``), then the rest in
       dependency order (Django's ``Collector``); then their history rows. Only then are the
       reviews unlinked: the locks ask for this record's approved review.
    4. Deactivate and scrub the account; end its sessions.
    5. Record the destruction on the review and in the audit trail (numbers, and the
       attestation about paper), and delete the uploaded files once the transaction has
       committed; any that fail stay on the review's ``files_left`` for the monthly retry.
    """
    review, client = _approved_record(review, actor)
    user = User.objects.select_for_update().get(pk=client.user_id) if client.user_id else None
    record_number = client.pk
    files, counts = _rows_delete(client, user)
    return _destruction_recorded(
        review,
        actor=actor,
        record_number=record_number,
        counts=counts,
        files=files,
        account_scrubbed=user is not None,
        request=request,
    )


def _approved_record(review: RetentionReview, actor) -> tuple[RetentionReview, Client]:
    """Step 1: the review and the client's row, locked, once every rule holds again under the
    lock (a hold placed since the approval wins; the approver may not carry it out)."""
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.status != RetentionStatus.APPROVED:
        raise DestructionRefused("Only an approved review can be carried out.", code="not_approved")
    client = Client.objects.select_for_update().filter(pk=review.client_id).first()
    check_destroyable(client, review, timezone.localdate())
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
    return review, client


def _rows_delete(client: Client, user: User | None) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Steps 2 to 4: find, delete and purge the record's rows, unlink its reviews, and scrub
    the account (``user``, when the record has one). Returns the uploaded files to delete and
    the rows removed per kind."""
    record_number = client.pk
    doomed = Doomed(client)
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
    for label, n in history_purge(doomed.seen).items():
        counts[label] = counts.get(label, 0) + n
    if user is not None:
        if history := account_history_left(user):
            raise DestructionRefused(
                "The destruction would reach data that is not this client's (%(model)s): "
                "the portal account changed other records. Nothing was changed.",
                code="other_data",
                params={"model": history},
            )
        _account_scrub(user)
    return files, counts


def _destruction_recorded(
    review: RetentionReview,
    *,
    actor,
    record_number: int,
    counts: dict[str, int],
    files: list[dict[str, str]],
    account_scrubbed: bool,
    request=None,
) -> dict[str, int]:
    """Step 5: the destruction on the review and in the audit trail, and the uploaded files
    deleted once the transaction has committed. Returns the rows removed per kind."""
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
            "account_scrubbed": account_scrubbed,
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
