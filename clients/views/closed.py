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


def open_record_required_to_change(allow=None):
    """For a client's page that shows what they have (read-only once the record is closed) and
    takes changes that end with it: a closed record's GET is served, its POST gets the plain
    page (403) — unless ``allow(request)`` says this POST stays open (a privacy switch)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not (allow and allow(request)):
                notice = closed_notice(request.user)
                if notice is not None:
                    return render(
                        request, "clients/my/record_closed.html", {"data": notice}, status=403
                    )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
