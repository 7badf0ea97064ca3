"""Views of the groups app, one module per audience: ``staff`` (groups, enrollment, calendar),
``roster`` (a session's attendance), ``client`` (My meetings, the record tab), ``public`` (the
finder and the Meeting Guide feed) and ``feed`` (private calendar feeds)."""
