"""The clients app's views, one module per area (pretix-style): records.py, intake.py and
export.py for staff record pages; consents.py, support.py, invitations.py and mine.py for
consents, the support network, portal invitations and the client's own pages."""
