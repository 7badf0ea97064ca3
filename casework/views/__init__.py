"""Casework pages, one module per part: plan, note, appointment, referral, resource,
caseload, and the client's own pages."""
