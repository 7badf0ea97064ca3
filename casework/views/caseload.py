"""The caseload page: every client in the viewer's scope, sortable, a page at a time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from casework.selectors.caseload import CASELOAD_SORTS
from casework.selectors.caseload import caseload as caseload_of
from clients.models import ClientStatus
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
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in CASELOAD_SORTS:
        sort = "name"
    status = request.GET.get("status", "open")
    if status not in ("open", "", *ClientStatus.values):
        status = "open"
    supervising = request.user.may_see_all_clients
    columns = COLUMNS + ([("manager", "Case manager")] if supervising else [])
    page = Paginator(caseload_of(request.user, sort=sort, status=status), 50).get_page(
        request.GET.get("page")
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
