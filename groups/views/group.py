"""Staff pages: the groups list, one group, scheduling, enrollment, history and the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from groups.forms import EnrollForm, GroupForm, ScheduleForm
from groups.names import roster_name
from groups.selectors.group import (
    enrollable_clients,
    enrollment_for,
    group_for,
    may_edit_groups,
    may_enrol,
    may_run,
    members_for,
    past_sessions,
    sees_every_member,
    staff_calendar,
    upcoming_sessions,
)
from groups.selectors.group import group_list as group_list_sel
from groups.selectors.session import attendance_history
from groups.services.enrollment import enrollment_add
from groups.services.enrollment import enrollment_end as enrollment_end_service
from groups.services.group import group_create, group_update
from recovery_portal import params
from recovery_portal.accounts.decorators import groups_staff_required
from recovery_portal.accounts.refusal import CLINICAL, Refused, who_can
from recovery_portal.forms import errors_onto
from recovery_portal.notifications.models import user_zone


@groups_staff_required
def group_list(request):
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": group_list_sel(request.user),
            "may_edit": may_edit_groups(request.user),
        },
    )


@groups_staff_required
def group_detail(request, pk):
    group = group_for(request.user, pk)
    now = timezone.now()
    members = list(members_for(request.user, group))
    for member in members:
        member.roster_name = roster_name(member.client)
    enrolled = [m for m in members if m.status == "enrolled"]
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "enrolled": enrolled,
            "waiting": [m for m in members if m.status == "waiting"],
            "sees_everyone": sees_every_member(request.user, group),
            "upcoming": upcoming_sessions(group, now=now),
            "past": past_sessions(group, now=now, limit=6),
            "may_run": may_run(request.user, group),
            "may_edit": may_edit_groups(request.user),
            "may_enrol": may_enrol(request.user, group),
            "full": bool(group.capacity) and len(enrolled) >= group.capacity,
            # One line, shown when the group is full: who may raise its size.
            "who_raises_size": who_can("raise its size", *CLINICAL),
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
    if not may_edit_groups(request.user):
        raise Refused("create or change groups", *CLINICAL)
    group = group_for(request.user, pk) if pk else None
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
                group = group_create(
                    actor=request.user,
                    facilitators=facilitators,
                    schedule=schedule,
                    request=request,
                    **fields,
                )
            else:
                group_update(
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


def _name(user, client) -> str:
    """Facilitators see names as on the roster, nothing of the record."""
    return client.display_name if user.is_clinical_staff else roster_name(client)


@groups_staff_required
@require_http_methods(["GET", "POST"])
def enroll(request, pk):
    group = group_for(request.user, pk)
    if not may_enrol(request.user, group):
        raise Refused("enrol clients in groups", *CLINICAL)  # facilitators: their own groups
    form = EnrollForm(
        request.POST or None,
        clients=enrollable_clients(request.user, group),
        names_only=not request.user.is_clinical_staff,
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = enrollment_add(
                group=group, client=form.cleaned_data["client"], actor=request.user, request=request
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                f"{_name(request.user, enrollment.client)} is "
                + ("enrolled." if enrollment.status == "enrolled" else "on the waiting list."),
            )
            return redirect("groups:detail", group.pk)
    return render(
        request,
        "groups/enroll.html",
        {"group": group, "form": form, "names_only": not request.user.is_clinical_staff},
    )


@groups_staff_required
@require_POST
def enrollment_end(request, pk):
    enrollment = enrollment_for(request.user, pk)
    try:
        promoted = enrollment_end_service(
            enrollment=enrollment, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{_name(request.user, enrollment.client)} has left the group."
            + (" The first person waiting has the place." if promoted else ""),
        )
    return redirect("groups:detail", enrollment.group_id)


@groups_staff_required
def history(request, pk):
    group = group_for(request.user, pk)
    return render(
        request,
        "groups/history.html",
        {"group": group, **attendance_history(request.user, group)},
    )


@groups_staff_required
def calendar(request):
    zone = user_zone(request.user)
    view = params.choice(request, "view", ("week", "month"), default="week")
    anchor = params.date(request, "date", default=timezone.localdate(timezone=zone))
    return render(
        request,
        "groups/calendar.html",
        {
            **staff_calendar(request.user, anchor=anchor, view=view, zone=zone),
            "today": timezone.localdate(timezone=zone),
        },
    )
