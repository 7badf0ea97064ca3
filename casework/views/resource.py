"""The resource directory.

Who: every staff member may read it, peer facilitators included: it holds no client data,
only public details of services, and people in a group ask their facilitator where to find
food, housing or a ride. Clinical staff (case managers, supervisors) add and correct entries
and mark them verified, since they are the ones calling providers. Importing a file replaces
entries in bulk, so it needs ``casework.manage_directory`` (supervisors, administrators).
Clients use their own "My appointments" page for the places they are referred to.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.forms.resource import (
    IMPORT_TOO_LARGE,
    MAX_IMPORT_BYTES,
    DirectorySearchForm,
    ImportForm,
    ResourceForm,
)
from casework.hsds_file import MAX_IMPORT_DEPTH, MAX_IMPORT_ROWS
from casework.models import DirectoryImport
from casework.selectors.referral import referable_clients_for
from casework.selectors.resource import directory, directory_export, resource_get
from casework.services.directory_import import directory_import_queue
from casework.services.resource import resource_save, resource_verify
from clients.selectors.record import client_for
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_staff_required, staff_required
from recovery_portal.accounts.refusal import Refused
from recovery_portal.audit.services import audit_record
from recovery_portal.forms import errors_onto
from recovery_portal.uploads import UploadSizeLimit, request_too_large

IMPORT_LIMITS = {"max_rows": f"{MAX_IMPORT_ROWS:,}", "max_depth": MAX_IMPORT_DEPTH}


def _may_import(user) -> bool:
    return user.may("casework.manage_directory")


@staff_required
def resources(request):
    form = params.form(request, DirectorySearchForm)
    found = directory()
    if form.is_valid():
        found = directory(
            q=form.cleaned_data["q"],
            category=form.cleaned_data["category"],
            stale_only=form.cleaned_data["stale"],
        )
    page = params.page(request, found, 25)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/resources/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_edit": request.user.is_clinical_staff,
            "may_import": _may_import(request.user),
        },
    )


@staff_required
def resource_detail(request, pk):
    may_edit = request.user.is_clinical_staff
    return render(
        request,
        "casework/resources/detail.html",
        {
            "resource": resource_get(pk),
            "may_edit": may_edit,
            "referable": referable_clients_for(request.user) if may_edit else [],
        },
    )


@clinical_staff_required
@require_safe
def resource_refer(request, pk):
    """ "Refer a client here" on a resource's page: the chosen client's new-referral form,
    with this resource chosen. A client outside the person's scope is a 404."""
    resource = resource_get(pk)
    chosen = params.integer(request, "client")
    if chosen is None:
        messages.info(request, "Choose the client to refer first.")
        return redirect("casework:resource", pk=resource.pk)
    client = client_for(request.user, chosen)
    url = reverse("casework:referral_new", args=[client.pk])
    return redirect(f"{url}?resource={resource.pk}")


def _save(request, resource=None):
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in ResourceForm.Meta.fields}
        try:
            saved = resource_save(
                actor=request.user,
                resource=resource,
                organization_name=form.cleaned_data["organization_name"],
                categories=form.cleaned_data["categories"],
                languages=form.cleaned_data["languages_text"],
                schedules=form.cleaned_data["schedules_text"],
                request=request,
                **data,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("casework:resource", pk=saved.pk)
    return render(request, "casework/resources/form.html", {"form": form, "resource": resource})


@clinical_staff_required
def resource_new(request):
    return _save(request)


@clinical_staff_required
def resource_edit(request, pk):
    return _save(request, resource_get(pk))


@clinical_staff_required
@require_POST
def resource_verify_view(request, pk):
    resource_verify(resource=resource_get(pk), actor=request.user, request=request)
    messages.success(request, "Marked as verified today.")
    return redirect("casework:resource", pk=pk)


@clinical_staff_required
def resources_export(request):
    services = directory_export()
    audit_record(
        actor=request.user,
        action="resource.export",
        request=request,
        details={"services": len(services)},
    )
    response = JsonResponse(services, safe=False, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="resources-hsds-{timezone.localdate():%Y-%m-%d}.json"'
    )
    return response


# CSRF is checked inside, once the size limit is in place: the CSRF middleware would otherwise
# read the whole upload (to find the token) before the view could refuse it.
@csrf_exempt
@clinical_staff_required
@require_http_methods(["GET", "POST"])
def resources_import(request):
    if not _may_import(request.user):
        raise Refused("import the resource directory", "casework.manage_directory")
    limit = None
    if request.method == "POST":
        if request_too_large(request, MAX_IMPORT_BYTES):
            return _import_too_large(request)
        limit = UploadSizeLimit(MAX_IMPORT_BYTES)
        request.upload_handlers.insert(0, limit)
    return _resources_import(request, limit)


def _import_too_large(request):
    return render(
        request,
        "casework/resources/import.html",
        {"form": ImportForm(), "upload_error": IMPORT_TOO_LARGE, **IMPORT_LIMITS},
        status=413,
    )


@csrf_protect
def _resources_import(request, limit):
    # Reading the form runs the upload through the limit first.
    if limit is not None and request.POST is not None and limit.exceeded:
        return _import_too_large(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = directory_import_queue(
            upload=form.cleaned_data["file"], actor=request.user, request=request
        )
        return redirect("casework:resources_import_status", pk=job.pk)
    recent = DirectoryImport.objects.select_related("created_by")[:10]
    return render(
        request,
        "casework/resources/import.html",
        {"form": form, "recent": recent, **IMPORT_LIMITS},
    )


@clinical_staff_required
def resources_import_status(request, pk):
    """Where an import stands; the page refreshes itself (no script) until it is finished."""
    if not _may_import(request.user):
        raise Refused("import the resource directory", "casework.manage_directory")
    job = get_object_or_404(DirectoryImport, pk=pk)
    return render(request, "casework/resources/import_status.html", {"job": job})
