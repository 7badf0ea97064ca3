"""The caseload page: every client in the viewer's scope, sortable, a page at a time."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from casework.selectors.caseload import CASELOAD_SORTS
from casework.selectors.caseload import caseload as caseload_of
from clients.models import ClientStatus
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_staff_required

COLUMNS = [
    ("name", "Client"),
    ("status", "Status"),
    ("next", "Next appointment"),
    ("review", "Plan review"),
    ("last", "Last contact"),
]


@clinical_staff_required
def caseload(request):
    supervising = request.user.may_see_all_clients
    columns = COLUMNS + ([("manager", "Case manager")] if supervising else [])
    sort = params.choice(
        request, "sort", [*CASELOAD_SORTS, *(f"-{key}" for key in CASELOAD_SORTS)], default="name"
    )
    # "open" (the default) or one status; "any" (the form's "Any status") shows every one.
    status = params.choice(request, "status", ("open", "any", *ClientStatus.values), default="open")
    page = params.page(
        request, caseload_of(request.user, sort=sort, status="" if status == "any" else status), 50
    )
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            "columns": [
                {
                    "key": key,
                    "label": label,
                    "current": sort.lstrip("-") == key,
                    "descending": sort == f"-{key}",
                    "toggle": f"-{key}" if sort == key else key,
                }
                for key, label in columns
            ],
            "sort": sort,
            "status": status,
            "statuses": ClientStatus.choices,
            "supervising": supervising,
            "today": timezone.localdate(),
        },
    )
