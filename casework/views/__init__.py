"""Casework pages; each module a part (appointment, referral, resource, caseload)."""
