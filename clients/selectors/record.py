"""Reads of the record itself: scope, the client list and duplicates, the record's header and
histories, the Today summary and who has seen the record. Always scoped to the person asking.

Every other app derives "whose record may this person see?" from here:
- who may see every client (``accounts.see_all_clients``: supervisors): every client;
- who keeps a caseload (``accounts.keep_caseload``: case managers): clients with an open
  assignment to them (primary or not). A client they opened in an emergency
  (``EmergencyAccess``, time-limited, audited) is in reach only where a caller asks with
  ``emergency=True``: the emergency summary and a safety alert's follow-up (minimum
  necessary: plans, notes, consents and the rest stay closed);
- who uses the client portal (``accounts.use_client_portal``): their own record only;
- anyone else (peer facilitators): no client record (rosters come from the groups app).
Each rule asks the user's permission predicates, never a role name.
An object outside the scope is a 404, never a 403: its existence is not disclosed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Replace
from django.http import Http404

from clients.models import (
    CaseAssignment,
    Client,
    ClientStatus,
    ClientStatusChange,
    EmergencyAccess,
    Intake,
    IntakeStatus,
    SafetyAlert,
)
from recovery_portal.accounts.refusal import SUPERVISION, Refused
from recovery_portal.accounts.selectors import holders_of
from recovery_portal.audit.models import AuditEvent


def clients_for(user, *, emergency: bool = False) -> QuerySet[Client]:
    """The clients whose record ``user`` may open, as a queryset to filter further. Asked of
    permissions, so a person with two roles sees the union of their reaches. ``emergency``
    adds the records ``user`` opened in an emergency, while that lasts (only for the pages an
    emergency needs)."""
    if not user.is_authenticated or not user.is_active:
        return Client.objects.none()
    if user.may_see_all_clients:
        return Client.objects.all()
    reach = Q(pk__in=[])
    if user.keeps_caseload:
        reach |= Q(
            pk__in=CaseAssignment.objects.filter(case_manager=user, ended_at__isnull=True).values(
                "client_id"
            )
        )
        if emergency:
            reach |= Q(pk__in=EmergencyAccess.objects.live().filter(user=user).values("client_id"))
    if user.uses_client_portal:
        reach |= Q(user=user)
    return Client.objects.filter(reach)


def in_scope(user, client_id) -> bool:
    """Whether ``user`` may open the record: what every copy that names a client (a calendar
    event, a reminder to staff) asks before it names them, as the pages do."""
    return clients_for(user).filter(pk=client_id).exists()


def client_for(user, pk, *, emergency: bool = False) -> Client:
    """One client ``user`` may see, or 404."""
    try:
        return clients_for(user, emergency=emergency).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")


def supervised_client(user, pk) -> Client:
    """A client for the acts only supervisors may do (whole-record exports, suspending an
    accounting): 404 outside ``user``'s scope, 403 within it for anyone who does not supervise."""
    client = client_for(user, pk)
    if not user.may_see_all_clients:
        raise Refused("do this with a client's record", *SUPERVISION)
    return client


def own_client_record(user) -> Client:
    """The signed-in client's own record, or 404 (e.g. an invitation not yet linked)."""
    if not user.is_authenticated or not user.uses_client_portal:
        raise Http404("No client record.")
    try:
        return Client.objects.get(user=user)
    except Client.DoesNotExist:
        raise Http404("No client record.")


def primary_case_manager(client: Client):
    assignment = (
        CaseAssignment.objects.filter(client=client, is_primary=True, ended_at__isnull=True)
        .select_related("case_manager")
        .first()
    )
    return assignment.case_manager if assignment else None


def case_managers():
    """Active people who may keep a caseload (case managers; supervisors may too)."""
    return holders_of("accounts.keep_caseload").order_by("full_name", "email")


# The list, search and duplicates ------------------------------------------------------------
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
    """A record on the user's own scope that may be the same person, and why."""

    reasons: tuple[str, ...]
    client: Client


@dataclass(frozen=True)
class DuplicateCheck:
    """What the intake's duplicate check found. ``matches`` are records the user may open.
    Of matches outside their scope the page says only that one exists: not who, not whose
    caseload, not which detail matched (that alone would tell a phone number or e-mail belongs
    to a client). ``elsewhere_ids`` are for the audit trail only, never for the page."""

    matches: tuple[PossibleMatch, ...] = ()
    elsewhere_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.matches or self.elsewhere_ids)

    @property
    def elsewhere(self) -> bool:
        return bool(self.elsewhere_ids)

    @property
    def client_ids(self) -> list[int]:
        return [m.client.pk for m in self.matches] + list(self.elsewhere_ids)


def possible_duplicates(
    user,
    *,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: dt.date | None,
    phone: str = "",
    email: str = "",
    exclude_pk: int | None = None,
) -> DuplicateCheck:
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
    found = list(candidates.filter(same_person).exclude(pk=exclude_pk).order_by("pk")[:10])
    if not found:
        return DuplicateCheck()
    visible = set(
        clients_for(user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True)
    )
    matches, elsewhere = [], []
    for candidate in found:
        if candidate.pk not in visible:
            elsewhere.append(candidate.pk)
            continue
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
        matches.append(PossibleMatch(tuple(reasons), candidate))
    return DuplicateCheck(tuple(matches), tuple(elsewhere))


# One record ---------------------------------------------------------------------------------
def client_record(user, pk, *, emergency: bool = False) -> Client:
    """A record's header: the client, their program, primary case manager's name, and the
    end and reason of ``user``'s emergency access to it, if one is open (``emergency_until``,
    ``emergency_reason``: None otherwise). With ``emergency``, also ``in_scope``: whether the
    record is ``user``'s without the emergency (False: only the emergency opened it)."""
    live = EmergencyAccess.objects.live().filter(user=user.pk, client=OuterRef("pk"))
    records = clients_for(user, emergency=emergency).select_related("program")
    if emergency:
        records = records.annotate(in_scope=Exists(clients_for(user).filter(pk=OuterRef("pk"))))
    try:
        return records.annotate(
            primary_manager_name=_primary_manager_name(),
            emergency_until=Subquery(live.values("expires_at")[:1]),
            emergency_reason=Subquery(live.values("reason")[:1]),
        ).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.")


def care_team_of(client: Client) -> list[CaseAssignment]:
    """The client's case managers now, the primary first."""
    return list(
        client.assignments.filter(ended_at__isnull=True)
        .select_related("case_manager")
        .order_by("-is_primary", "started_at")
    )


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


# Who has seen my record ---------------------------------------------------------------------
RECORD_ACCESS_ACTIONS = (
    Q(action="client.view")
    | Q(action__startswith="client.export")
    | Q(action="client.emergency_access")
)
# Events about several clients at once (one row, not one per client) name them in
# ``details["client_ids"]``; these are the ones each named client is shown.
SHARED_ACCESS_ACTIONS = (
    "client.duplicate_check",
    "client.list_export",
    "client.emergency_search",
    "aftercare.report.compliance",  # names clients whose follow-up is due or closing
)


def _names_client(pk: int) -> Q:
    """Events whose ``details["client_ids"]`` list holds ``pk``. PostgreSQL answers JSON
    containment itself; SQLite (the embedded demo) has no such lookup, so it asks json_each."""
    if connection.vendor == "sqlite":
        return Q(
            pk__in=RawSQL(
                "SELECT e.id FROM audit_auditevent e, json_each(e.details, '$.client_ids') j "
                "WHERE j.value = %s",
                [pk],
            )
        )
    return Q(details__client_ids__contains=[pk])


def record_views_of(client: Client) -> QuerySet[AuditEvent]:
    """Staff looks at and exports of ``client``'s record, newest first, from the audit trail:
    their own events and the shared ones naming them. The client's own looks are left out:
    they are not visits by someone else."""
    events = AuditEvent.objects.filter(
        Q(RECORD_ACCESS_ACTIONS, client_id=client.pk)
        | (Q(action__in=SHARED_ACCESS_ACTIONS) & _names_client(client.pk))
    )
    if client.user_id:
        events = events.exclude(actor_id=client.user_id)
    # An emergency access names its grant; the reason given is read from the grant, not kept
    # in the trail (which outlives the record).
    grant = EmergencyAccess.objects.filter(
        client=client, pk=Cast(KeyTextTransform("grant", OuterRef("details")), BigIntegerField())
    )
    return (
        events.annotate(emergency_reason=Subquery(grant.values("reason")[:1]))
        .select_related("actor")
        .order_by("-at", "-id")
    )
