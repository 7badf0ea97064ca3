"""Staff pages: the groups list, one group, scheduling, enrollment, history and the calendar."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recovery_portal.accounts.decorators import groups_staff_required
from recovery_portal.notifications.models import user_zone

from .. import selectors, services
from ..forms import EnrollForm, GroupForm, ScheduleForm, errors_onto


@groups_staff_required
def group_list(request):
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": selectors.group_list(request.user),
            "may_edit": selectors.may_edit_groups(request.user),
        },
    )


@groups_staff_required
def group_detail(request, pk):
    group = selectors.group_for(request.user, pk)
    now = timezone.now()
    members = list(selectors.members_of(request.user, group))
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "enrolled": [m for m in members if m.status == "enrolled"],
            "waiting": [m for m in members if m.status == "waiting"],
            "sees_everyone": selectors.sees_every_member(request.user, group),
            "upcoming": selectors.upcoming_sessions(group, now=now),
            "past": selectors.past_sessions(group, now=now, limit=6),
            "may_run": selectors.may_run(request.user, group),
            "may_edit": selectors.may_edit_groups(request.user),
            "facilitators": list(group.facilitators.all()),
        },
    )


def _split(form: GroupForm) -> tuple[dict, list]:
    fields = dict(form.cleaned_data)
    facilitators = list(fields.pop("facilitators", []))
    return fields, facilitators


@groups_staff_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk=None):
    if not selectors.may_edit_groups(request.user):
        raise PermissionDenied
    group = selectors.group_for(request.user, pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = GroupForm(data, instance=group, prefix="group")
    schedule_form = ScheduleForm(
        data,
        instance=getattr(group, "schedule", None),
        prefix="schedule",
        initial={"starts_on": timezone.localdate(), "time_zone": request.user.time_zone},
    )
    if request.method == "POST" and form.is_valid() and schedule_form.is_valid():
        fields, facilitators = _split(form)
        schedule = {k: schedule_form.cleaned_data[k] for k in ScheduleForm.Meta.fields}
        try:
            if group is None:
                group = services.group_create(
                    actor=request.user,
                    facilitators=facilitators,
                    schedule=schedule,
                    request=request,
                    **fields,
                )
            else:
                services.group_update(
                    group=group,
                    actor=request.user,
                    facilitators=facilitators,
                    schedule=schedule,
                    request=request,
                    **fields,
                )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, f"{group.name} is saved. Future sessions follow its schedule."
            )
            return redirect("groups:detail", group.pk)
    return render(
        request,
        "groups/group_form.html",
        {"group": group, "form": form, "schedule_form": schedule_form},
    )


@groups_staff_required
@require_http_methods(["GET", "POST"])
def enroll(request, pk):
    group = selectors.group_for(request.user, pk)
    if not request.user.is_clinical_staff:
        raise PermissionDenied
    form = EnrollForm(request.POST or None, clients=selectors.enrollable_clients(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.enrollment_add(
                group=group, client=form.cleaned_data["client"], actor=request.user, request=request
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                f"{enrollment.client.display_name} is "
                + ("enrolled." if enrollment.status == "enrolled" else "on the waiting list."),
            )
            return redirect("groups:detail", group.pk)
    return render(request, "groups/enroll.html", {"group": group, "form": form})


@groups_staff_required
@require_POST
def enrollment_end(request, pk):
    enrollment = selectors.enrollment_for(request.user, pk)
    try:
        promoted = services.enrollment_end(
            enrollment=enrollment, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{enrollment.client.display_name} has left the group."
            + (" The first person waiting has the place." if promoted else ""),
        )
    return redirect("groups:detail", enrollment.group_id)


@groups_staff_required
def history(request, pk):
    group = selectors.group_for(request.user, pk)
    return render(
        request,
        "groups/history.html",
        {"group": group, **selectors.attendance_history(request.user, group)},
    )


@groups_staff_required
def calendar(request):
    zone = user_zone(request.user)
    view = "month" if request.GET.get("view") == "month" else "week"
    try:
        anchor = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        anchor = timezone.localdate(timezone=zone)
    return render(
        request,
        "groups/calendar.html",
        {
            **selectors.staff_calendar(request.user, anchor=anchor, view=view, zone=zone),
            "today": timezone.localdate(timezone=zone),
        },
    )
