"""The clients app's views, one module per part of the record (as ``models/``): record.py
(list, profile, status, assignments), emergency.py (break the glass), intake.py, screening.py,
consent.py (consents and disclosures), support.py, invitation.py, export.py and retention.py
(legal holds) for staff;
mine.py for the client's own pages under My recovery."""
