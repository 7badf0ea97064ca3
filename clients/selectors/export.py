"""A client's whole record as plain data, for a records request: this app's parts, then the
parts every other app declares (``record_export_parts``, see ``recovery_portal/plugins.py``)."""

from __future__ import annotations

from django.urls import reverse

from clients.models import Client, Consent, SupportContact
from clients.selectors.consent import disclosures_accounted_to
from clients.selectors.intake import intake_needs_of, intakes_of
from clients.selectors.record import assignment_history, status_history
from clients.selectors.screening import screenings_of
from recovery_portal.notifications.models import InboundText
from recovery_portal.plugins import record_export_parts
from recovery_portal.record_export import rows_of


def record_export(client: Client) -> dict:
    """The whole record of ``client`` as plain data, for a records request: identity, history,
    intake and screenings here, then every declared part (plans, notes, appointments,
    referrals, groups, aftercare, consents and disclosures)."""
    return {
        "client": _identity_export(client),
        **_history_export(client),
        **_intake_export(client),
        # Everything else the portal keeps about them, whichever app keeps it.
        "parts": record_parts_export(client),
    }


def _identity_export(client: Client) -> dict:
    """Who the client is, as the record says."""
    return {
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
    }


def _history_export(client: Client) -> dict:
    """The record's status history and case assignments."""
    return {
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
    }


def _intake_export(client: Client) -> dict:
    """Intakes and the needs they found, screenings and safety alerts."""
    return {
        "intakes": [
            {
                "status": i.status,
                "started_at": i.started_at.isoformat(),
                "completed_at": i.completed_at.isoformat() if i.completed_at else None,
                "sections": i.sections,
            }
            for i in intakes_of(client)
        ],
        "needs": [
            {
                "domain": n.domain,
                "description": n.description,
                "priority": n.priority,
                "identified_at": n.created_at.isoformat(),
            }
            for n in intake_needs_of(client)
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
            for s in screenings_of(client)
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


def consent_copy(consent) -> dict:
    """A copy of the consent a disclosure was made under, to go with it (§2.32(b)): every
    element, and the statements as shown when it was signed."""
    return {
        "id": consent.pk,
        "client_name": consent.client_name,
        "who_may_disclose": consent.discloser,
        "information": consent.information_description,
        "kinds_of_information": consent.information_labels,
        "recipients": consent.recipient_name,
        "purpose": consent.purpose_text,
        "right_to_revoke": consent.revocation_statement,
        "ends": consent.expiry_text,
        "statements": consent.statements,
        "signature": consent.signature_name,
        "guardian_signature": consent.guardian_name or None,
        "signed_on": consent.signed_at.date().isoformat() if consent.signed_at else None,
        "signed_how": consent.get_signature_method_display(),
    }


def consents_export(client: Client) -> list[dict]:
    """Every consent; a paper one's scan is listed as an attachment (file name, size, date
    filed, how to get it), not carried: both copies are text (JSON, one HTML page)."""
    return rows_of(
        Consent.objects.filter(client=client).order_by("pk"), skip=("scan",), extra=_scan_listed
    )


SCAN_COLUMNS = (
    "Scan of the signed form",
    "Scan size (bytes)",
    "Scan filed on",
    "Scan: how to get it",
)


def _scan_listed(consent: Consent) -> dict:
    if not consent.scan:
        return dict.fromkeys(SCAN_COLUMNS)
    try:
        size = consent.scan.size
    except OSError:  # the file is gone from storage: say so rather than guess
        size = None
    path = reverse("clients:my_consent_scan", kwargs={"pk": consent.pk})
    how = (
        "A separate file, not carried in this copy: the client can download it in the portal "
        f"(My consents, {path}) or ask the organization for it."
    )
    name = consent.scan.name.rsplit("/", 1)[-1]
    return dict(zip(SCAN_COLUMNS, (name, size, consent.created_at.date(), how), strict=True))


def disclosures_export(client: Client) -> list[dict]:
    # A disclosure whose accounting is suspended stays out of every copy until it ends.
    return rows_of(
        disclosures_accounted_to(client).order_by("pk"), skip=("accounting_suspended_until",)
    )


def support_contacts_export(client: Client) -> list[dict]:
    return rows_of(SupportContact.objects.filter(client=client).order_by("pk"))


def parts_for_print(parts: list[dict]) -> list[dict]:
    """``record_export(client)["parts"]`` for a printable page: each with the template its
    ``ExportPart`` names for its rows (empty: a table), which the JSON copy does not carry.
    ``templates/clients/_export_parts.html`` shows them."""
    templates = {part.key: part.template for part in record_export_parts()}
    return [{**part, "template": templates.get(part["key"], "")} for part in parts]


def record_parts_export(client: Client) -> list[dict]:
    """Every declared part of the record: ``{"key", "title", "rows"}`` each, in order."""
    return [
        {"key": part.key, "title": part.title, "rows": part.loader()(client)}
        for part in record_export_parts()
    ]


def texts_export(client: Client) -> list[dict]:
    """Texts the client sent to the portal's number (replies to reminders, STOP …): when, what,
    and what the portal did and answered. Not the provider's ids or who read them."""
    if client.user_id is None:
        return []
    return rows_of(
        InboundText.objects.filter(sender_id=client.user_id).order_by("received_at", "pk"),
        skip=("provider_sid", "sender", "reminder", "read_by", "processed_at"),
    )
