"""The aftercare app's pages: the record's Follow-ups tab (record), the client's own pages
(mine), the supervisors' reports (reports) and Today's actions (today)."""
