"""Writes to client records: create, status, case assignment, identity and contact details,
and the log of who looked at which part. Each writes its audit event in the same transaction
(details name the part or the fields, never the values)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import CaseAssignment, Client, ClientStatus, ClientStatusChange, Program
from clients.models.client import SELF_SERVICE_FIELDS, STATUS_TRANSITIONS
from clients.services.consent import consents_end_on_leaving
from recovery_portal.accounts.access import access_end
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.services import reminders_cancel_to
from recovery_portal.plugins import record_closers


@transaction.atomic
def client_create(
    *,
    actor,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: date | None = None,
    preferred_name: str = "",
    pronouns: str = "",
    email: str = "",
    phone: str = "",
    program: Program | None = None,
    referral_source: str = "",
    status: str = ClientStatus.REFERRED,
    request=None,
    **fields,
) -> Client:
    client = Client.objects.create(
        legal_first_name=legal_first_name.strip(),
        legal_last_name=legal_last_name.strip(),
        date_of_birth=date_of_birth,
        preferred_name=preferred_name.strip(),
        pronouns=pronouns.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        program=program,
        referral_source=referral_source,
        status=status,
        created_by=actor,
        **fields,
    )
    ClientStatusChange.objects.create(
        client=client, from_status="", to_status=status, changed_by=actor, reason="Record created"
    )
    audit_record(actor=actor, action="client.create", target=client, request=request)
    return client


@transaction.atomic
def client_status_change(
    *, client: Client, to_status: str, actor, reason: str = "", request=None
) -> ClientStatusChange:
    """Move a client along referred → intake → active → aftercare → discharged / closed."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if to_status not in STATUS_TRANSITIONS.get(client.status, set()):
        raise ValidationError(
            f"A client who is {client.get_status_display().lower()} cannot be moved to "
            f"{ClientStatus(to_status).label.lower()}."
        )
    if to_status in (ClientStatus.DISCHARGED, ClientStatus.CLOSED) and not reason.strip():
        raise ValidationError("Please give the reason for this discharge or closure.")
    change = ClientStatusChange.objects.create(
        client=client,
        from_status=client.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    client.status = to_status
    client.save(update_fields=["status", "updated_at"])
    # Consents that end "when I leave the program" end now, in the same transaction.
    consents_end_on_leaving(client=client, actor=actor, to_status=to_status, request=request)
    if to_status == ClientStatus.CLOSED:
        _services_end(client=client, actor=actor, request=request)
    audit_record(
        actor=actor,
        action="client.status",
        target=client,
        request=request,
        details={"from": change.from_status, "to": to_status},
    )
    return change


def _services_end(*, client: Client, actor, request) -> None:
    """Closed: every app ends what it still does for the client (``record_closers``: group
    places, the aftercare plan, appointment reminders), nothing more is sent to them, and their
    sessions and links end; they sign in again to what the right of access leaves them (README,
    "What a closed record leaves the client")."""
    for closer in record_closers():
        closer(client=client, actor=actor, request=request)
    if client.user_id:
        reminders_cancel_to(recipient=client.user, note="Cancelled: the record was closed.")
        access_end(user=client.user, actor=actor, reason="record_closed", request=request)


@transaction.atomic
def case_assign(
    *, client: Client, case_manager, actor, primary: bool = True, reason: str = "", request=None
) -> CaseAssignment:
    """Make ``case_manager`` responsible for ``client``. A new primary ends the old primary."""
    if not case_manager.keeps_caseload:
        raise ValidationError(f"{case_manager} is not a case manager.")
    now = timezone.now()
    open_assignments = CaseAssignment.objects.select_for_update().filter(
        client=client, ended_at__isnull=True
    )
    existing = open_assignments.filter(case_manager=case_manager).first()
    if existing and existing.is_primary == primary:
        return existing
    if existing:
        existing.ended_at, existing.ended_by = now, actor
        existing.save(update_fields=["ended_at", "ended_by"])
    if primary:
        for old in open_assignments.filter(is_primary=True):
            old.ended_at, old.ended_by = now, actor
            old.reason = old.reason or reason
            old.save(update_fields=["ended_at", "ended_by", "reason"])
    assignment = CaseAssignment.objects.create(
        client=client,
        case_manager=case_manager,
        is_primary=primary,
        started_at=now,
        started_by=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="client.assign",
        target=client,
        request=request,
        details={"case_manager": case_manager.email, "primary": primary},
    )
    return assignment


@transaction.atomic
def client_update(*, client: Client, actor, fields: dict, request=None) -> list[str]:
    """Change identity and contact details, by staff or by the client; returns the names of
    the fields that changed.

    One rule whoever edits: values are trimmed (e-mail lower-cased), the record is validated
    as a whole, and only a real change is saved and audited, naming the fields (never their
    values) and whether the client or staff changed them. A client changes only how they are
    called and reached (``SELF_SERVICE_FIELDS``); legal names and the rest stay with staff.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    by_client = client.user_id is not None and actor.pk == client.user_id
    if by_client and not set(fields) <= set(SELF_SERVICE_FIELDS):
        raise ValidationError(
            "You can change how you are called and reached here. Please ask your case manager "
            "to change anything else."
        )
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip().lower() if name == "email" else value.strip()
        if getattr(client, name) != value:
            setattr(client, name, value)
            changed.append(name)
    if not changed:
        return []
    client.full_clean(exclude=["user", "created_by"])
    client.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="client.update",
        target=client,
        request=request,
        details={"fields": sorted(changed), "by": "client" if by_client else "staff"},
    )
    return changed


def client_record_viewed(*, actor, client: Client, part: str, request=None) -> None:
    """Log that ``actor`` looked at ``part`` of the record ("profile", "intake", "consents"…).

    The client sees these under "Who has seen my record"; a client looking at their own record
    is logged too (it is still an access), but not shown back to them as a visit.
    """
    audit_record(
        actor=actor,
        action="client.view",
        target=client,
        request=request,
        details={"part": part},
    )


def client_admin_listed(*, actor, model_label: str, client_ids: list[int], request=None) -> None:
    """Log a page of a client-data list in the Django admin: which clients were on it."""
    audit_record(
        actor=actor,
        action="client.admin_list",
        request=request,
        details={"model": model_label, "client_ids": client_ids},
    )


def client_admin_viewed(*, actor, obj, part: str, request=None) -> None:
    """Log that ``actor`` opened ``obj`` (a client, or a consent, disclosure… of one) in the
    Django admin: a look at the record like any other, shown to the client."""
    audit_record(
        actor=actor,
        action="client.view",
        target=obj,
        request=request,
        details={"part": f"{part} (administration)", "via": "admin"},
    )
