"""How an audited record names the client it is about, without the audit app knowing any
domain model: it follows attributes only."""

from __future__ import annotations


class ClientOwned:
    """A record that belongs to one client: its audit events carry that client's number.

    ``client_field`` is the way from the record to the client's foreign key: ``"client"`` (the
    default), or through the records it belongs to, e.g. ``"plan__client"`` for a goal. A record
    that is not owned this way (a client's own record, an erased client's stub) says so with its
    own ``audit_client_id``.
    """

    client_field = "client"

    @property
    def audit_client_id(self) -> int | None:
        *through, last = self.client_field.split("__")
        owner = self
        for name in through:
            owner = getattr(owner, name)
        return getattr(owner, owner._meta.get_field(last).attname)
