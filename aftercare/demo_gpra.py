"""Aftercare's GPRA cohort in the demo organization: every client whose intake was completed
gets the GPRA 6-month follow-up counted from their intake interview (scheduled when the intake
was completed; moved here to the intake's real, backdated day), in every state the dashboard
tells apart: done in window, done after the window, unable to reach, declined, closed because
the client stopped (still counted), missed, in progress (done or open with outreach), excluded
(the client died before the window closed) and early (outreach before the window opens).

Idempotent: once any GPRA follow-up has been acted on, seeding again does nothing.
Deterministic: the states go round in order of the client's record number.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aftercare.models import FollowUp, FollowUpStatus, NotGiven
from aftercare.models.answer import BARC10
from aftercare.reminders import responsible_of
from aftercare.services.followup import attempt_record, followup_close, followup_complete
from aftercare.services.intake import followups_at_intake, intake_date
from aftercare.windows import window_for
from clients.instruments.catalog import answers_for_score, instrument
from clients.models import Intake, IntakeStatus

CLOSED = [
    "in_window",
    "in_window",
    "in_window",
    "late",
    "unreached",
    "declined",
    "withdrew",
    "missed",
]
IN_PROGRESS = ["done", "outreach", "died"]


def seed(people: dict) -> None:
    today = timezone.localdate()
    if FollowUp.objects.filter(intake__isnull=False).exclude(status=FollowUpStatus.OPEN).exists():
        return  # seeded before
    intakes = Intake.objects.filter(status=IntakeStatus.COMPLETE).select_related("client")
    groups: dict[str, list[FollowUp]] = {"closed": [], "open": [], "early": []}
    for intake in intakes.order_by("client_id", "pk"):
        with transaction.atomic():
            followups_at_intake(intake=intake)
            for followup in _redated(intake):
                if followup.window_closes < today:
                    groups["closed"].append(followup)
                elif followup.window_opens <= today:
                    groups["open"].append(followup)
                else:
                    groups["early"].append(followup)
    for states, found in ((CLOSED, groups["closed"]), (IN_PROGRESS, groups["open"])):
        for i, followup in enumerate(found):
            with transaction.atomic():
                _act(followup, states[i % len(states)], today)
    for followup in groups["early"][:3]:
        with transaction.atomic():
            _act(followup, "early", today)


def _redated(intake: Intake) -> list[FollowUp]:
    """The intake's untouched GPRA follow-ups, moved to count from its (backdated) day."""
    untouched = FollowUp.objects.filter(
        intake=intake, status=FollowUpStatus.OPEN, attempts__isnull=True
    ).select_related("step", "client")
    moved = []
    for followup in untouched:
        window = window_for(intake_date(intake), followup.step)
        followup.due_date, followup.window_opens = window.due, window.opens
        followup.window_closes = window.closes
        followup.save(update_fields=["due_date", "window_opens", "window_closes"])
        moved.append(followup)
    return moved


def _interview(followup: FollowUp, actor, on: dt.date) -> None:
    followup_complete(
        followup=followup,
        actor=actor,
        completed_on=on,
        any_use_since_last_contact=False,
        days_of_use_last_30=0,
        housing="recovery_residence",
        work_or_school="part_time",
        # Some questions go unanswered, and are kept so (never as 0 or "no").
        meetings_last_30=NotGiven.DECLINED if followup.pk % 4 == 0 else 8,
        barc10=answers_for_score(instrument(BARC10), 44) if followup.pk % 3 else NotGiven.NOT_ASKED,
    )


def _act(followup: FollowUp, state: str, today: dt.date) -> None:
    actor = responsible_of(followup)
    if actor is None:
        return
    if state in ("in_window", "done"):
        _interview(followup, actor, min(followup.due_date, today))
    elif state == "late":
        _interview(followup, actor, min(followup.window_closes + dt.timedelta(days=9), today))
    elif state == "unreached":
        for _ in range(3):
            attempt_record(followup=followup, method="call", reached=False, actor=actor)
    elif state == "declined":
        followup_close(followup=followup, status=FollowUpStatus.DECLINED, actor=actor)
    elif state in ("withdrew", "died"):
        followup_close(
            followup=followup,
            status=FollowUpStatus.ADMINISTRATIVE,
            reason="withdrew" if state == "withdrew" else "deceased",
            actor=actor,
        )
    elif state in ("outreach", "early"):
        attempt_record(
            followup=followup,
            method="call",
            reached=state == "early",
            actor=actor,
            note="Reminded them of the 6-month interview",
        )
    # "missed": left open after its window, counted against the rate.
