"""Staff view of a client's support network."""

from __future__ import annotations

from django.shortcuts import render

from clients.frame import record_frame
from clients.models.support import FAMILY_SUPPORT_LINKS
from clients.selectors.support import contacts_with_consents
from recovery_portal.accounts.decorators import clinical_record_required


@clinical_record_required
def support_network(request, client_pk):
    context = record_frame(request, client_pk, "support network")
    return render(
        request,
        "clients/support/network.html",
        {
            **context,
            "contacts": contacts_with_consents(context["client"]),
            "family_links": FAMILY_SUPPORT_LINKS,
        },
    )
