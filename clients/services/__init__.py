"""Writes to client records, one module per part of the record (as ``models/``). Each writes
its audit event in the same transaction. Import from here:
``from clients.services import consent_sign``."""

from .consent import (
    consent_event_happened,
    consent_recipient_key,
    consent_record_paper,
    consent_request,
    consent_revoke,
    consent_sign,
    consents_end_on_leaving,
    guardian_signs,
)
from .disclosure import (
    DisclosureRefused,
    copy_disclose,
    disclosure_record,
    disclosure_record_without_consent,
    disclosure_suspend_accounting,
    disclosure_to_client,
)
from .emergency import (
    emergency_access_open,
    emergency_search_recorded,
)
from .export import (
    client_list_exported,
    record_exported,
)
from .intake import (
    client_intake_create,
    duplicate_check_recorded,
    intake_complete,
    intake_needs_take_up,
    intake_section_save,
    intake_start,
)
from .invitation import (
    invitation_accept,
    invitation_send,
    portal_access_revoke,
)
from .record import (
    case_assign,
    client_admin_listed,
    client_admin_viewed,
    client_create,
    client_record_viewed,
    client_status_change,
    client_update,
)
from .retention import (
    DestructionRefused,
    legal_hold_lift,
    legal_hold_place,
    may_place_legal_hold,
    record_destroy,
    retention_files_retry,
    retention_review_approve,
    retention_review_keep,
    retention_reviews_list,
)
from .screening import (
    safety_alert_follow_up,
    screening_record,
)
from .support import (
    support_contact_create,
    support_contact_remove,
    support_contact_update,
)

__all__ = [
    "DestructionRefused",
    "DisclosureRefused",
    "case_assign",
    "client_admin_listed",
    "client_admin_viewed",
    "client_create",
    "client_intake_create",
    "client_list_exported",
    "client_record_viewed",
    "client_status_change",
    "client_update",
    "consent_event_happened",
    "consent_recipient_key",
    "consent_record_paper",
    "consent_request",
    "consent_revoke",
    "consent_sign",
    "consents_end_on_leaving",
    "copy_disclose",
    "disclosure_record",
    "disclosure_record_without_consent",
    "disclosure_suspend_accounting",
    "disclosure_to_client",
    "duplicate_check_recorded",
    "emergency_access_open",
    "emergency_search_recorded",
    "guardian_signs",
    "intake_complete",
    "intake_needs_take_up",
    "intake_section_save",
    "intake_start",
    "invitation_accept",
    "legal_hold_lift",
    "legal_hold_place",
    "may_place_legal_hold",
    "invitation_send",
    "portal_access_revoke",
    "record_exported",
    "record_destroy",
    "retention_files_retry",
    "retention_review_approve",
    "retention_review_keep",
    "retention_reviews_list",
    "safety_alert_follow_up",
    "screening_record",
    "support_contact_create",
    "support_contact_remove",
    "support_contact_update",
]
