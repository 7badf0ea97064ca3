"""Reads of client records, one module per part of the record (as ``models/``), always scoped
to the person asking: every scope derives from ``clients_for``/``client_for`` (``record.py``).
Import from here: ``from clients.selectors import covering_consent``."""

from .consent import (
    active_consents_of,
    consent_of,
    consents_of,
    covering_consent,
    disclosure_of,
    disclosures_accounted_to,
    disclosures_of,
    recipient_keys,
    signed_consents_of,
)
from .emergency import (
    emergency_accesses_to_review,
    emergency_candidates,
    emergency_target,
    may_break_the_glass,
)
from .export import (
    record_export,
)
from .intake import (
    draft_intake_for,
    intake_needs_for,
    intakes_for,
)
from .invitation import (
    invitation_for_token,
    invitations_of,
)
from .record import (
    RECORD_ACCESS_ACTIONS,
    DuplicateCheck,
    PossibleMatch,
    assignment_history,
    care_team_of,
    case_managers,
    client_for,
    client_list,
    client_record,
    clients_for,
    own_client_record,
    possible_duplicates,
    primary_case_manager,
    record_views_of,
    status_history,
    today_summary,
)
from .retention import (
    closing_date_of,
    legal_holds_of,
    records_past_retention,
    retention_due_on,
    retention_reviews_waiting,
)
from .screening import (
    alert_for,
    latest_screenings,
    open_alerts_for,
    screening_for,
    screenings_for,
    screenings_over_time,
)
from .support import (
    contacts_for_emergency,
    contacts_with_consents,
    support_contact_of,
    support_contacts_of,
)

__all__ = [
    "contacts_for_emergency",
    "care_team_of",
    "DuplicateCheck",
    "PossibleMatch",
    "RECORD_ACCESS_ACTIONS",
    "active_consents_of",
    "alert_for",
    "assignment_history",
    "case_managers",
    "client_for",
    "closing_date_of",
    "client_list",
    "client_record",
    "clients_for",
    "consent_of",
    "consents_of",
    "contacts_with_consents",
    "covering_consent",
    "disclosure_of",
    "disclosures_accounted_to",
    "disclosures_of",
    "draft_intake_for",
    "emergency_accesses_to_review",
    "emergency_candidates",
    "emergency_target",
    "intake_needs_for",
    "intakes_for",
    "invitation_for_token",
    "invitations_of",
    "latest_screenings",
    "legal_holds_of",
    "may_break_the_glass",
    "open_alerts_for",
    "own_client_record",
    "possible_duplicates",
    "primary_case_manager",
    "recipient_keys",
    "record_export",
    "record_views_of",
    "records_past_retention",
    "retention_due_on",
    "retention_reviews_waiting",
    "screening_for",
    "screenings_for",
    "screenings_over_time",
    "signed_consents_of",
    "status_history",
    "support_contact_of",
    "support_contacts_of",
    "today_summary",
]
