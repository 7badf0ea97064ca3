"""Requests that the client's accounting of disclosures leave one out for a while (HIPAA
164.528(a)(2)): from the health oversight agency or law enforcement official a disclosure
(``clients.services.disclosure``) went to. Each is kept as made, and audited under an action
the client is never shown."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import AccountingSuspension, Disclosure, SuspendingAuthority
from clients.models.disclosure import SUSPENDABLE
from recovery_portal.audit.services import audit_record


def _clean(value: str | None) -> str:
    return (value or "").strip()


ORAL_SUSPENSION_DAYS = 30
# Never among the actions the client's "Who has seen my record" lists (a suspension exists so
# that the client is not told yet): recording one, and looking at a disclosure to suspend it.
SUSPENSION_AUDIT_ACTION = "disclosure.accounting_suspended"
SUSPENSION_VIEW_AUDIT_ACTION = "disclosure.accounting_suspension_viewed"


@transaction.atomic
def disclosure_suspend_accounting(
    *,
    disclosure: Disclosure,
    actor,
    authority: str,
    requested_by: str,
    in_writing: bool,
    stated_on: date | None,
    statement: str,
    until: date | None,
    request=None,
) -> AccountingSuspension:
    """Leave ``disclosure`` out of the client's accounting until ``until`` (HIPAA
    164.528(a)(2)), at the request of the health oversight agency or law enforcement official
    it went to. Each request is kept as made. An oral request is documented here and lasts at
    most 30 days from the first oral statement, unless the written statement follows; a
    written one sets its own period. Audited under an action the client is never shown."""
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    errors = _suspension_errors(
        disclosure,
        authority=authority,
        requested_by=requested_by,
        in_writing=in_writing,
        stated_on=stated_on,
        statement=statement,
        until=until,
    )
    if errors:
        raise ValidationError(errors)
    suspension = AccountingSuspension.objects.create(
        disclosure=disclosure,
        authority=authority,
        requested_by=_clean(requested_by),
        in_writing=in_writing,
        stated_on=stated_on,
        statement=_clean(statement),
        until=until,
        recorded_by=actor,
    )
    disclosure.accounting_suspended_until = until
    disclosure.save(update_fields=["accounting_suspended_until"])
    audit_record(
        actor=actor,
        action=SUSPENSION_AUDIT_ACTION,
        target=suspension,
        request=request,
        details={"disclosure": disclosure.pk, "until": until.isoformat(), "in_writing": in_writing},
    )
    return suspension


def _suspension_errors(
    disclosure: Disclosure,
    *,
    authority: str,
    requested_by: str,
    in_writing: bool,
    stated_on: date | None,
    statement: str,
    until: date | None,
) -> dict[str, str]:
    """What is wrong with a request for a suspension, by field (empty when nothing is)."""
    today = timezone.localdate()
    errors = {}
    if disclosure.legal_basis not in SUSPENDABLE:
        errors["__all__"] = (
            "Only a disclosure to a health oversight agency (an audit or evaluation) or to law "
            "enforcement (a court order) can be left out of the client's accounting."
        )
    if authority not in SuspendingAuthority.values:
        errors["authority"] = (
            "Please confirm who they are: a health oversight agency or a law enforcement "
            "official. Nobody else may ask for this."
        )
    if not _clean(requested_by):
        errors["requested_by"] = "Please name the agency or official who asked, and who spoke."
    if not _clean(statement):
        errors["statement"] = (
            "Please give their statement: that telling the client would be reasonably likely "
            "to impede their activities, and for how long."
        )
    if stated_on is None or stated_on > today:
        errors["stated_on"] = "Please give the date of their statement (today or earlier)."
    if until is None or until < today:
        errors["until"] = "Please give the date the suspension ends (today or later)."
    elif not in_writing and stated_on is not None:
        first_oral = (
            disclosure.suspensions.filter(in_writing=False)
            .order_by("stated_on")
            .values_list("stated_on", flat=True)
            .first()
        )
        start = min(stated_on, first_oral) if first_oral else stated_on
        if until > start + timedelta(days=ORAL_SUSPENSION_DAYS):
            errors["until"] = (
                f"An oral request suspends the accounting for at most {ORAL_SUSPENSION_DAYS} "
                f"days from the first oral statement ({start:%B} {start.day}, {start:%Y}), "
                "until the written statement arrives."
            )
    return errors
