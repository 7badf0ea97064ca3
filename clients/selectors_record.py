"""Reads for the staff pages of a client record: the list, duplicates, the record's parts, the
Today summary and the export. Scope always comes from ``selectors.clients_for``/``client_for``;
functions that take a ``client`` expect one obtained through them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Replace
from django.http import Http404

from .instruments import instruments
from .intake_steps import SECTION_STEPS, section_display
from .models import (
    CaseAssignment,
    Client,
    ClientStatus,
    ClientStatusChange,
    Intake,
    IntakeNeed,
    IntakeStatus,
    SafetyAlert,
    Screening,
)
from .selectors import client_for, clients_for

_PHONE_PUNCTUATION = ("-", " ", "(", ")", ".", "+", "/")


def _digits_only(expression):
    for char in _PHONE_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _primary_manager_name():
    return Subquery(
        CaseAssignment.objects.filter(
            client=OuterRef("pk"), is_primary=True, ended_at__isnull=True
        ).values("case_manager__full_name")[:1]
    )


def client_list(
    user, *, q: str = "", status: str = "", case_manager=None, program=None
) -> QuerySet[Client]:
    """The clients ``user`` may see, searched and filtered, with their primary case manager's
    name (``primary_manager_name``) and program, in one query."""
    clients = clients_for(user).select_related("program")
    q = (q or "").strip()
    if q:
        match = Q()
        for word in q.split():
            match &= (
                Q(legal_first_name__icontains=word)
                | Q(legal_last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        if "@" in q:
            match |= Q(email__icontains=q)
        if born := _parse_date(q):
            match |= Q(date_of_birth=born)
        digits = _digits(q)
        if len(digits) >= 4:
            clients = clients.annotate(phone_digits=_digits_only(F("phone")))
            match |= Q(phone_digits__contains=digits)
        clients = clients.filter(match)
    if status:
        clients = clients.filter(status=status)
    if case_manager is not None:
        clients = clients.filter(
            pk__in=CaseAssignment.objects.filter(
                case_manager=case_manager, ended_at__isnull=True
            ).values("client_id")
        )
    if program is not None:
        clients = clients.filter(program=program)
    return clients.annotate(primary_manager_name=_primary_manager_name())


@dataclass(frozen=True)
class PossibleMatch:
    """A record that may be the same person. ``client`` is set only when the user may open it;
    otherwise only whom to ask is said, never who the client is."""

    reasons: tuple[str, ...]
    client: Client | None
    ask: str


def possible_duplicates(
    user,
    *,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: dt.date | None,
    phone: str = "",
    email: str = "",
    exclude_pk: int | None = None,
) -> list[PossibleMatch]:
    """Existing clients with the same legal name and date of birth, or the same phone or
    e-mail. Looks through every record (a duplicate on another caseload is still a duplicate)
    but discloses only what ``user`` may know."""
    same_person = Q(pk__in=[])
    if date_of_birth and legal_first_name and legal_last_name:
        same_person |= Q(
            legal_first_name__iexact=legal_first_name.strip(),
            legal_last_name__iexact=legal_last_name.strip(),
            date_of_birth=date_of_birth,
        )
    if email.strip():
        same_person |= Q(email__iexact=email.strip())
    digits = _digits(phone)
    candidates = Client.objects.annotate(phone_digits=_digits_only(F("phone")))
    if len(digits) >= 7:
        same_person |= Q(phone_digits=digits)
    found = list(
        candidates.filter(same_person)
        .exclude(pk=exclude_pk)
        .annotate(primary_manager_name=_primary_manager_name())[:10]
    )
    if not found:
        return []
    visible = set(
        clients_for(user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True)
    )
    matches = []
    for candidate in found:
        reasons = []
        if (
            date_of_birth
            and candidate.date_of_birth == date_of_birth
            and candidate.legal_first_name.lower() == legal_first_name.strip().lower()
            and candidate.legal_last_name.lower() == legal_last_name.strip().lower()
        ):
            reasons.append("same name and date of birth")
        if email.strip() and candidate.email.lower() == email.strip().lower():
            reasons.append("same e-mail")
        if len(digits) >= 7 and candidate.phone_digits == digits:
            reasons.append("same phone")
        if candidate.pk in visible:
            ask = candidate.primary_manager_name or "a supervisor"
            matches.append(PossibleMatch(tuple(reasons), candidate, ask))
        else:
            ask = (
                f"{candidate.primary_manager_name} (their case manager) or a supervisor"
                if candidate.primary_manager_name
                else "a supervisor"
            )
            matches.append(PossibleMatch(tuple(reasons), None, ask))
    return matches


def client_record(user, pk) -> Client:
    """A record's header: the client, their program and primary case manager's name."""
    try:
        return (
            clients_for(user)
            .select_related("program")
            .annotate(primary_manager_name=_primary_manager_name())
            .get(pk=pk)
        )
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")


def open_alerts_for(client: Client) -> list[SafetyAlert]:
    return list(client.safety_alerts.filter(resolved_at__isnull=True).select_related("screening"))


def alert_for(user, client_pk, pk) -> SafetyAlert:
    client = client_for(user, client_pk)
    try:
        return client.safety_alerts.select_related("client").get(pk=pk)
    except (SafetyAlert.DoesNotExist, ValueError, TypeError):
        raise Http404("No such alert.")


def screenings_for(client: Client) -> list[Screening]:
    return list(client.screenings.select_related("administered_by"))


def screenings_over_time(client: Client) -> list[dict]:
    """Per instrument: its results oldest first, for the "screenings over time" page."""
    by_code: dict[str, list[Screening]] = {}
    for screening in reversed(screenings_for(client)):
        by_code.setdefault(screening.instrument_code, []).append(screening)
    known = instruments()
    return [
        {
            "code": code,
            "name": results[-1].instrument_name,
            "instrument": known.get(code),
            "results": results,
            "latest": results[-1],
        }
        for code, results in by_code.items()
    ]


def latest_screenings(client: Client) -> list[Screening]:
    """The most recent result of each instrument."""
    latest = {}
    for screening in screenings_for(client):
        latest.setdefault(screening.instrument_code, screening)
    return list(latest.values())


def screening_for(user, client_pk, pk) -> Screening:
    client = client_for(user, client_pk)
    try:
        return client.screenings.select_related("administered_by", "client").get(pk=pk)
    except (Screening.DoesNotExist, ValueError, TypeError):
        raise Http404("No such screening.")


def draft_intake_for(client: Client) -> Intake | None:
    return client.intakes.filter(status=IntakeStatus.DRAFT).first()


def intakes_for(client: Client) -> list[Intake]:
    return list(client.intakes.select_related("started_by", "completed_by"))


def intake_sections(intake: Intake) -> list[dict]:
    """The saved domain steps of ``intake`` as readable rows."""
    return [
        {"step": step, "rows": section_display(step, intake.sections.get(step.key, {}))}
        for step in SECTION_STEPS
    ]


def intake_needs_for(client: Client, *, open_only: bool = False) -> list[IntakeNeed]:
    """Needs named at the client's intakes, newest intake first: what a recovery plan takes
    over (``open_only``: those no plan has taken up yet)."""
    needs = client.intake_needs.select_related("intake").order_by("-intake__started_at", "id")
    if open_only:
        needs = needs.filter(taken_up_at__isnull=True)
    return list(needs)


def status_history(client: Client) -> list[ClientStatusChange]:
    return list(client.status_changes.select_related("changed_by"))


def assignment_history(client: Client) -> list[CaseAssignment]:
    return list(client.assignments.select_related("case_manager", "started_by", "ended_by"))


def today_summary(user) -> dict:
    """What a clinical staff member sees first: their clients by status (a case manager's
    caseload; everyone for supervisors), open safety alerts and their unfinished intakes.
    A fixed number of queries whatever the caseload."""
    scope = clients_for(user)
    counts = dict(scope.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    by_status = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ClientStatus.choices
    ]
    alerts = list(
        SafetyAlert.objects.filter(resolved_at__isnull=True, client__in=scope)
        .select_related("client")
        .order_by("-raised_at")[:25]
    )
    drafts = list(
        Intake.objects.filter(status=IntakeStatus.DRAFT, client__in=scope, started_by=user)
        .select_related("client")
        .order_by("-updated_at")[:10]
    )
    return {
        "by_status": by_status,
        "total": sum(counts.values()),
        "alerts": alerts,
        "drafts": drafts,
    }


def record_export(client: Client) -> dict:
    """The whole record of ``client`` (from this app) as plain data, for a records request."""
    return {
        "client": {
            "id": client.pk,
            "legal_first_name": client.legal_first_name,
            "legal_last_name": client.legal_last_name,
            "preferred_name": client.preferred_name,
            "pronouns": client.pronouns,
            "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else None,
            "email": client.email,
            "phone": client.phone,
            "address": client.address,
            "city": client.city,
            "state": client.state,
            "postal_code": client.postal_code,
            "preferred_language": client.preferred_language,
            "status": client.status,
            "recovery_start_date": client.recovery_start_date.isoformat()
            if client.recovery_start_date
            else None,
            "program": client.program.name if client.program else None,
            "referral_source": client.referral_source,
            "housing_status": client.housing_status,
            "employment_status": client.employment_status,
            "risk_flags": client.risk_flags,
            "created_at": client.created_at.isoformat(),
        },
        "status_history": [
            {
                "at": c.at.isoformat(),
                "from": c.from_status,
                "to": c.to_status,
                "reason": c.reason,
                "by": str(c.changed_by) if c.changed_by else None,
            }
            for c in status_history(client)
        ],
        "case_assignments": [
            {
                "case_manager": str(a.case_manager),
                "primary": a.is_primary,
                "started_at": a.started_at.isoformat(),
                "ended_at": a.ended_at.isoformat() if a.ended_at else None,
                "reason": a.reason,
            }
            for a in assignment_history(client)
        ],
        "intakes": [
            {
                "status": i.status,
                "started_at": i.started_at.isoformat(),
                "completed_at": i.completed_at.isoformat() if i.completed_at else None,
                "sections": i.sections,
            }
            for i in intakes_for(client)
        ],
        "needs": [
            {
                "domain": n.domain,
                "description": n.description,
                "priority": n.priority,
                "identified_at": n.created_at.isoformat(),
            }
            for n in intake_needs_for(client)
        ],
        "screenings": [
            {
                "instrument": s.instrument_code,
                "name": s.instrument_name,
                "administered_at": s.administered_at.isoformat(),
                "answers": s.answers,
                "score": s.score,
                "interpretation": s.band_label,
            }
            for s in screenings_for(client)
        ],
        "safety_alerts": [
            {
                "kind": a.kind,
                "raised_at": a.raised_at.isoformat(),
                "resolved_at": a.resolved_at.isoformat() if a.resolved_at else None,
                "follow_up_note": a.follow_up_note,
            }
            for a in client.safety_alerts.all()
        ],
    }
