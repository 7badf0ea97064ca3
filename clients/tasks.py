"""Background work of the clients app: none of its own yet. Portal invitations are e-mailed
through the notifications outbox (a reminder of kind "invitation" whose source is the
``PortalInvitation``), so its dispatcher's retries and delivery log apply to them too. A task
added here takes ids, not objects, and calls a service."""
