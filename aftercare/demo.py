"""Aftercare's part of the demo organization: plans for the clients who finished treatment
(one discharged client without one, on Today, and one who declined it),
follow-ups in every state (in window, late, unable to reach, declined, administrative, open and
missed), weeks of check-ins with a few alerts, a help-now request and the on-call rota.

Idempotent: a client who already has a plan (or check-ins) is left alone, the rota is made
once. Deterministic: the same choices, with dates relative to today, on every machine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from aftercare.models import (
    AftercareNotStarted,
    AftercarePlan,
    CheckIn,
    CheckInAlert,
    FollowUp,
    FollowUpStatus,
    HelpRequest,
    NotGiven,
    NotStartedReason,
    OnCallShift,
    Outcome,
    PlanCloseReason,
)
from aftercare.models.answer import BARC10
from aftercare.selectors.followup import baseline_barc10_of
from aftercare.services.checkin import (
    checkin_record,
    help_now_request,
    help_request_handle,
    settings_update,
)
from aftercare.services.discharge import aftercare_not_started_record
from aftercare.services.followup import attempt_record, followup_close, followup_complete
from aftercare.services.milestone import milestones_record
from aftercare.services.plan import default_template, plan_close, plan_start
from clients.instruments.catalog import answers_for_score, instrument
from clients.models import Client, ClientStatus, IntakeStatus
from clients.services.record import client_status_change

HOUSING = ["own_or_rent", "family_friends", "recovery_residence", "shelter"]
WORK = ["full_time", "part_time", "student", "unemployed_looking"]


def seed(people: dict) -> None:
    default_template()
    _rota(people)
    _jordan(people)
    _caseload(people)
    _checkins_of_others(people)
    milestones_record()


def _rota(people) -> None:
    """Morgan (casemanager2) is on call this week, Casey (casemanager) next week."""
    if OnCallShift.objects.exists():
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    for week, email in enumerate(["casemanager2@example.org", "casemanager@example.org"] * 2):
        start = dt.datetime.combine(monday + dt.timedelta(weeks=week), dt.time(), zone)
        OnCallShift.objects.create(
            staff=people[email],
            starts_at=start,
            ends_at=start + dt.timedelta(weeks=1),
            note="Weekly on-call",
        )


@transaction.atomic
def _jordan(people) -> None:
    """client@example.org: discharged about three months ago; the first two follow-ups done in
    window, the 90-day one due this week; three weeks of daily check-ins, one with strong
    cravings (an open alert for Casey)."""
    client = Client.objects.filter(user=people["client@example.org"]).first()
    if client is None or AftercarePlan.objects.filter(client=client).exists():
        return
    cm = people["casemanager@example.org"]
    today = timezone.localdate()
    plan = plan_start(
        client=client,
        discharge_date=today - dt.timedelta(days=88),
        responsible=cm,
        actor=cm,
        outpatient_therapy="Weekly group therapy, Tuesdays",
        meetings_per_week=3,
        recovery_coaching=True,
        medication="Buprenorphine, monthly prescriber visit",
        housing_plan="Staying with an aunt; on the list for a recovery residence",
    )
    _in_aftercare(client, cm)
    for followup in plan.followups.order_by("sequence")[:2]:
        _complete(followup, cm, followup.due_date, random.Random(followup.pk))
    settings_update(
        client=client,
        actor=client.user,
        checkin_frequency="daily",
        milestone_messages=True,
        count_from=today - dt.timedelta(days=95),
        quiet=True,
    )
    rng = random.Random(7)
    for days_ago in range(21, 0, -1):
        if days_ago in (9, 10):
            continue  # two days without a check-in: life happens
        craving = 8 if days_ago == 2 else rng.randint(1, 5)
        checkin = checkin_record(
            client=client,
            actor=client.user,
            mood=3 if days_ago == 2 else rng.choice([3, 4, 4, 5]),
            craving=craving,
            any_use=False,
            sleep=rng.choice(["some", "well", "well"]),
            note="Rough day at work, called my sponsor." if days_ago == 2 else "",
        )
        _backdate_checkin(checkin, days_ago)


def _backdate_checkin(checkin: CheckIn, days_ago: int) -> None:
    at = timezone.now() - dt.timedelta(days=days_ago, hours=3)
    CheckIn.objects.filter(pk=checkin.pk).update(at=at)
    CheckInAlert.objects.filter(checkin=checkin).update(raised_at=at)


def _complete(followup: FollowUp, actor, on: dt.date, rng: random.Random) -> None:
    """An interview as people answer them: now and then a question declined or not asked, and
    the BARC-10 item by item (sometimes with an item declined: kept without a total)."""
    used = rng.random() < 0.2
    days = rng.randint(1, 6) if used else 0
    housing = rng.choice(HOUSING[:3]) if rng.random() < 0.8 else "shelter"
    work, meetings = rng.choice(WORK), rng.randint(2, 16)
    barc = min(60, (baseline_barc10_of(followup) or 30) + rng.randint(0, 12))
    needs = ["Help finding a dentist"] if rng.random() < 0.15 else []
    # The demo's declines, one of each kind among the first ten interviews and then one in
    # four: however few interviews the demo makes, every way of not answering is on show.
    done = Outcome.objects.count()
    kind = done % 20 if done >= 10 else done
    barc10 = answers_for_score(instrument(BARC10), barc)
    if kind == 1:
        used = days = NotGiven.DECLINED
    elif kind == 3:
        housing = NotGiven.NOT_ASKED
    elif kind == 5:
        barc10 = {**barc10, "q5": NotGiven.DECLINED}
    elif kind == 7:
        barc10 = NotGiven.NOT_ASKED
    followup_complete(
        followup=followup,
        actor=actor,
        completed_on=on,
        any_use_since_last_contact=used,
        days_of_use_last_30=days,
        housing=housing,
        work_or_school=work,
        meetings_last_30=NotGiven.DECLINED if kind == 9 else meetings,
        barc10=barc10,
        needs=needs,
    )


def _in_aftercare(client: Client, actor) -> None:
    """A client discharged from treatment with an aftercare plan is in aftercare, not still
    "active": the record's status agrees with the plan's discharge date."""
    if client.status == ClientStatus.ACTIVE:
        client_status_change(
            client=client,
            to_status=ClientStatus.AFTERCARE,
            actor=actor,
            reason="Discharged from treatment; aftercare follow-ups under way",
        )


def _caseload(people) -> None:
    """Everyone else who finished an intake and is in aftercare or discharged gets a plan
    discharged between a week and fourteen months ago; their follow-ups end in a realistic mix
    of ways. Active clients are still in treatment: no plan yet, so their status form offers
    one with the discharge. Of the discharged, the first has no plan and no reason (Today's
    "Discharged without aftercare"), the second none because they declined (the reason on
    the record)."""
    finished = (
        Client.objects.filter(
            status__in=[ClientStatus.AFTERCARE, ClientStatus.DISCHARGED],
            intakes__status=IntakeStatus.COMPLETE,
            user__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    without = [c.pk for c in finished if c.status == ClientStatus.DISCHARGED][:2]
    candidates = finished.exclude(aftercare_plans__isnull=False).exclude(pk__in=without)
    for i, client in enumerate(candidates):
        _one_plan(client, i, people)
    if len(without) == 2 and not AftercareNotStarted.objects.filter(client_id=without[1]).exists():
        declined = Client.objects.get(pk=without[1])
        aftercare_not_started_record(
            client=declined,
            reason=NotStartedReason.DECLINED,
            note="Wants a break from services; may call us in the spring",
            actor=declined.assignments.filter(ended_at__isnull=True).first().case_manager,
        )


@transaction.atomic
def _one_plan(client: Client, i: int, people) -> None:
    rng = random.Random(500 + i)
    cm = client.assignments.filter(ended_at__isnull=True).first().case_manager
    today = timezone.localdate()
    plan = plan_start(
        client=client,
        discharge_date=today - dt.timedelta(days=8 + (i * 53) % 420),
        responsible=cm,
        actor=cm,
        meetings_per_week=rng.randint(1, 5),
        recovery_coaching=rng.random() < 0.5,
        outpatient_therapy=rng.choice(["", "Weekly individual counseling", "IOP, 3 evenings"]),
    )
    _in_aftercare(client, cm)
    for followup in plan.followups.order_by("sequence"):
        if followup.window_opens > today:
            break
        roll = rng.random()
        past = followup.window_closes < today
        if roll < 0.72:
            on = min(followup.due_date + dt.timedelta(days=rng.randint(-3, 10)), today)
            _complete(followup, cm, max(on, followup.window_opens), rng)
        elif roll < 0.8 and past and followup.window_closes + dt.timedelta(days=6) <= today:
            _complete(followup, cm, followup.window_closes + dt.timedelta(days=6), rng)
        elif roll < 0.88 and past:
            for _ in range(3):
                attempt_record(followup=followup, method="call", reached=False, actor=cm)
        elif roll < 0.93:
            followup_close(
                followup=followup, status=FollowUpStatus.DECLINED, actor=cm, note="Said no thanks"
            )
        elif not past:
            attempt_record(
                followup=followup, method="text", reached=False, actor=cm, note="Left a message"
            )
        # else: left open after its window: a missed follow-up, counted against the rate.
    if i == 3:
        plan_close(plan=plan, reason=PlanCloseReason.TRANSFERRED, actor=cm, note="Moved away")
    elif i == 7:
        plan_close(plan=plan, reason=PlanCloseReason.DECEASED, actor=cm)


def _checkins_of_others(people) -> None:
    """A few other people in aftercare check in weekly (one reported use: an alert for
    Morgan); Riley (client2) pressed 'Talk to someone now' last week, answered."""
    client2 = Client.objects.filter(user=people["client2@example.org"]).first()
    if client2 is not None and not HelpRequest.objects.filter(client=client2).exists():
        with transaction.atomic():
            request = help_now_request(client=client2, actor=client2.user)
            help_request_handle(help_request=request, actor=people["casemanager2@example.org"])
            past = timezone.now() - dt.timedelta(days=6)
            HelpRequest.objects.filter(pk=request.pk).update(at=past, handled_at=past)
    if CheckIn.objects.filter(client__user__isnull=True).exists():
        return  # seeded before
    others = Client.objects.filter(
        aftercare_plans__status="active", user__isnull=True, checkins__isnull=True
    ).order_by("pk")[:6]
    for n, client in enumerate(list(others)):
        with transaction.atomic():
            rng = random.Random(900 + n)
            for weeks_ago in range(6, 0, -1):
                use = n == 1 and weeks_ago == 1
                checkin = checkin_record(
                    client=client,
                    actor=None,
                    mood=rng.choice([2, 3, 4]),
                    craving=rng.randint(0, 6),
                    any_use=use,
                    sleep=rng.choice(["poor", "some", "well"]),
                )
                _backdate_checkin(checkin, weeks_ago * 7)
            # Older alerts were looked at long ago; only the latest stays open.
            CheckInAlert.objects.filter(
                client=client, raised_at__lt=timezone.now() - dt.timedelta(days=8)
            ).update(handled_at=timezone.now() - dt.timedelta(days=8))
