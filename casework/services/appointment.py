"""Writes about appointments. Each keeps the reminders of the appointment in step with it, in
the same transaction, and writes its audit event (docs/architecture.md §2)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import APPOINTMENT_OUTCOMES, Appointment, AppointmentStatus, RescheduleRequest
from casework.selectors.clash import appointment_clashes
from clients.models import Client
from clients.services.contact import last_contact_refresh
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.content import ReplyHandled
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import reminders_cancel, reminders_schedule

REMINDER_AHEAD = timedelta(hours=24)


class AppointmentClash(ValidationError):
    """The time overlaps something else of the staff member or the client; nothing was saved.
    ``clashes`` says what, one line each; booking again with ``clash_ok=True`` saves it."""

    def __init__(self, clashes: list[str]):
        super().__init__(clashes)
        self.clashes = clashes


def _refuse_clash(appointment: Appointment, *, ignore: int | None = None) -> None:
    clashes = appointment_clashes(
        client=appointment.client,
        staff=appointment.staff,
        starts_at=appointment.starts_at,
        duration_minutes=appointment.duration_minutes,
        ignore=ignore,
    )
    if clashes:
        raise AppointmentClash(clashes)


def _reminder_recipients(appointment: Appointment) -> list:
    people = [appointment.staff]
    user = appointment.client.user
    # A client without a usable portal account (not invited yet, access revoked) is not sent
    # anything: the outbox would have no one to address; nor is a client whose record is closed.
    if (
        user is not None
        and user.is_active
        and user.has_usable_password()
        and not appointment.client.services_ended
    ):
        people.append(user)
    return people


def _schedule_reminders(appointment: Appointment) -> None:
    """One reminder a day ahead to each person; booked later than that, one right away."""
    now = timezone.now()
    if appointment.starts_at <= now:
        return
    send_at = max(appointment.starts_at - REMINDER_AHEAD, now)
    for person in _reminder_recipients(appointment):
        reminders_schedule(
            recipient=person,
            kind=ReminderKind.APPOINTMENT,
            source=appointment,
            send_at=send_at,
            key="24h",
        )


def _validate(*, starts_at: datetime, duration_minutes: int, place: str, video_url: str) -> None:
    errors = {}
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware")
    if starts_at < timezone.now() - timedelta(days=1):
        errors["starts_at"] = "Please choose a time that has not passed."
    if not 5 <= duration_minutes <= 480:
        errors["duration_minutes"] = "Please give a length between 5 and 480 minutes."
    if not (place or "").strip() and not (video_url or "").strip():
        errors["place"] = "Please give a place, or a video link."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appointment_book(
    *,
    client: Client,
    staff,
    kind: str,
    starts_at: datetime,
    duration_minutes: int,
    place: str = "",
    video_url: str = "",
    actor,
    clash_ok: bool = True,
    request=None,
) -> Appointment:
    """Book an appointment and schedule its reminders to the client and the staff member.
    With ``clash_ok=False`` an overlap raises ``AppointmentClash`` and nothing is saved (the
    booking page asks first; demo builders and imports book as they are told)."""
    _validate(
        starts_at=starts_at, duration_minutes=duration_minutes, place=place, video_url=video_url
    )
    if not staff.is_portal_staff:
        raise ValidationError({"staff": "Please choose a staff member."})
    appointment = Appointment(
        client=client,
        staff=staff,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=(place or "").strip(),
        video_url=(video_url or "").strip(),
        created_by=actor,
    )
    appointment.full_clean()
    if not clash_ok:
        _refuse_clash(appointment)
    appointment.save()
    _schedule_reminders(appointment)
    audit_record(actor=actor, action="appointment.book", target=appointment, request=request)
    return appointment


def _lock(appointment: Appointment) -> Appointment:
    locked = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("client__user", "staff")
        .get(pk=appointment.pk)
    )
    if not locked.is_scheduled:
        raise ValidationError(
            f"This appointment is already {locked.get_status_display().lower()}; "
            "it cannot be changed."
        )
    return locked


@transaction.atomic
def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: datetime,
    duration_minutes: int | None = None,
    place: str | None = None,
    video_url: str | None = None,
    actor,
    clash_ok: bool = True,
    request=None,
) -> Appointment:
    """Move an appointment: this one is marked moved, a new one is booked at the new time, the
    old reminders are cancelled and the new ones scheduled; open requests to move it close.
    ``clash_ok=False``: as for ``appointment_book`` (the appointment moved does not count)."""
    old = _lock(appointment)
    new = Appointment(
        client=old.client,
        staff=old.staff,
        kind=old.kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes or old.duration_minutes,
        place=old.place if place is None else place.strip(),
        video_url=old.video_url if video_url is None else video_url.strip(),
        created_by=actor,
    )
    _validate(
        starts_at=new.starts_at,
        duration_minutes=new.duration_minutes,
        place=new.place,
        video_url=new.video_url,
    )
    new.full_clean()
    if not clash_ok:
        _refuse_clash(new, ignore=old.pk)
    new.save()
    now = timezone.now()
    old.status = AppointmentStatus.RESCHEDULED
    old.status_changed_at = now
    old.rescheduled_to = new
    old.save(update_fields=["status", "status_changed_at", "rescheduled_to"])
    reminders_cancel(source=old)
    _schedule_reminders(new)
    RescheduleRequest.objects.filter(appointment=old, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor
    )
    audit_record(
        actor=actor,
        action="appointment.reschedule",
        target=new,
        request=request,
        details={"from": old.pk},
    )
    return new


@transaction.atomic
def appointment_set_status(
    *, appointment: Appointment, status: str, actor, request=None
) -> Appointment:
    """Record what became of a scheduled appointment: completed, missed or cancelled. Pending
    reminders are cancelled unless it is still to happen."""
    if status not in APPOINTMENT_OUTCOMES:
        raise ValidationError({"status": "Please choose completed, did not attend or cancelled."})
    appointment = _lock(appointment)
    if status != AppointmentStatus.CANCELLED and appointment.starts_at > timezone.now():
        raise ValidationError(
            {"status": "An appointment still to come can only be cancelled or moved."}
        )
    appointment.status = status
    appointment.status_changed_at = timezone.now()
    appointment.save(update_fields=["status", "status_changed_at"])
    reminders_cancel(source=appointment)
    RescheduleRequest.objects.filter(appointment=appointment, resolved_at__isnull=True).update(
        resolved_at=appointment.status_changed_at, resolved_by=actor
    )
    last_contact_refresh(client_ids=[appointment.client_id])
    audit_record(
        actor=actor,
        action=f"appointment.{status}",
        target=appointment,
        request=request,
    )
    return appointment


@transaction.atomic
def reschedule_request_create(
    *, appointment: Appointment, user, message: str, request=None
) -> RescheduleRequest:
    """The client asks to move one of their upcoming appointments."""
    if appointment.client.user_id != user.pk:
        raise ValidationError("Only the client can ask to move their appointment.")
    if not appointment.is_upcoming:
        raise ValidationError("This appointment can no longer be moved.")
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": "Please say which days or times suit you better."})
    if RescheduleRequest.objects.filter(appointment=appointment, resolved_at__isnull=True).exists():
        raise ValidationError("You have already asked to move this appointment.")
    asked = RescheduleRequest.objects.create(
        appointment=appointment, client=appointment.client, message=message[:1000]
    )
    audit_record(actor=user, action="appointment.reschedule_request", target=asked, request=request)
    return asked


MOVE_BY_TEXT = "Asked by text message for another time."


@transaction.atomic
def appointment_confirm(*, appointment: Appointment, user, request=None) -> Appointment:
    """The client says they will come (a "C" or "yes" to the text reminder)."""
    if appointment.client.user_id != user.pk:
        raise ValidationError("Only the client can confirm their appointment.")
    if not appointment.is_upcoming:
        raise ValidationError("This appointment is no longer ahead.")
    if appointment.confirmed_at is None:
        appointment.confirmed_at = timezone.now()
        appointment.save(update_fields=["confirmed_at"])
    audit_record(actor=user, action="appointment.confirm", target=appointment, request=request)
    return appointment


def appointment_confirm_by_text(*, appointment: Appointment, user, action: str):
    """A text reply to the appointment's reminder: confirm it, or ask to move it (the same
    request as the button on "My appointments"). The answers say only "appointment"."""
    try:
        if action == "confirm":
            appointment_confirm(appointment=appointment, user=user)
            return ReplyHandled("confirmed", "Thank you: your appointment is confirmed.")
        if action == "move":
            reschedule_request_create(appointment=appointment, user=user, message=MOVE_BY_TEXT)
            return ReplyHandled(
                "move_asked", "Thank you: we will be in touch to find another time."
            )
    except ValidationError:
        # Already asked to move it: the case manager sees the text instead.
        return None
    return None


@transaction.atomic
def reschedule_request_close(*, asked: RescheduleRequest, actor, request=None) -> None:
    """Staff answered the request some other way (a call, keeping the time)."""
    if asked.resolved_at is None:
        asked.resolved_at = timezone.now()
        asked.resolved_by = actor
        asked.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action="appointment.reschedule_request_close",
            target=asked,
            request=request,
        )


@transaction.atomic
def appointment_reminders_end_on_record_closed(*, client, actor, request=None) -> int:
    """The client's record is closed (``record_closers``): the reminders of their appointments
    still ahead stop, to them and to staff. The appointments themselves stay as they are, on
    the record and on staff calendars, for the case manager to mark or cancel: a closing is not
    an appointment's outcome, and cancelling would send the client a change notice."""
    ahead = Appointment.objects.filter(
        client=client, starts_at__gt=timezone.now(), status=AppointmentStatus.SCHEDULED
    )
    return sum(reminders_cancel(source=appointment) for appointment in ahead)
