"""What a closed record leaves the client: the pages that end say so, in one plain page."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render

from clients.selectors.closed import closed_notice


def open_record_required(view):
    """For a client's page that ends with their record (``Client.services_ended``): a client
    whose record is closed gets a plain page saying so (403), never the page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        notice = closed_notice(request.user)
        if notice is not None:
            return render(request, "clients/my/record_closed.html", {"data": notice}, status=403)
        return view(request, *args, **kwargs)

    return wrapped
