"""The client's own pages: My check-ins (with the crisis lines and 'Talk to someone now' on
every one), My follow-ups, and their check-in and milestone settings. Everything is looked up
inside the client's own record."""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from aftercare.forms import CheckInForm, RestartForm, SettingsForm
from aftercare.selectors.checkin import (
    anyone_told_of,
    checkins_of,
    own_help_requests,
    recovery_count,
    settings_of,
)
from aftercare.selectors.followup import own_followups
from aftercare.services.checkin import (
    alert_recipient,
    checkin_record,
    help_now_request,
    settings_update,
    worrying_reasons,
)
from aftercare.services.milestone import count_restart
from aftercare.services.safety import call_back_words, office_hours_words, on_call_told
from clients.selectors.record import own_client_record
from clients.services.record import client_record_viewed
from clients.views.closed import open_record_required, open_record_required_to_change
from recovery_portal.accounts.decorators import client_required


def _me(request, part: str):
    client = own_client_record(request.user)
    if request.method == "GET":
        client_record_viewed(actor=request.user, client=client, part=part, request=request)
    return client


def _crisis(client) -> dict:
    return {
        "help_requests": own_help_requests(client),
        "crisis_line_text": django_settings.CRISIS_LINE_TEXT,
        # Closed: past check-ins and choices read-only, the crisis lines without "Talk to
        # someone now" (README, "What a closed record leaves the client").
        "services_ended": client.services_ended,
    }


def _privacy_switch(request) -> bool:
    """The "hide my count" switch alone: it stays the client's after their record closes."""
    return "count_privacy" in request.POST


def _crisis_lines():
    """The crisis lines in one sentence, each number a tel: (988 also an sms:) link."""
    lines = render_to_string("aftercare/_crisis_lines_inline.html")
    return mark_safe(lines.strip())  # noqa: S308 (our own template, rendered escaped)


def _after_checkin(request, client, checkin, answers: dict) -> None:
    """What the client is told: "saved", and after a worrying answer, who sees it when and
    the crisis lines (never only "saved"); that nobody can be told, when nobody can."""
    if not worrying_reasons(
        mood=answers["mood"], craving=answers["craving"], any_use=answers["any_use"]
    ):
        messages.success(request, "Thank you for checking in. Your answers are saved.")
        return
    if not anyone_told_of(checkin):
        told = (
            "Your answers are saved, but no one on our team can be told about them right now, "
            "so please do not wait for a call from us. If you need to talk to someone: "
        )
    elif alert_recipient(client) is None:
        told = (
            f"Your answers are saved, and our team has been told: they will see them "
            f"{office_hours_words()}. If you need to talk to someone sooner: "
        )
    else:
        told = (
            "Your answers are saved, and your case manager will see them "
            f"{office_hours_words()}. If you need to talk to someone sooner: "
        )
    messages.warning(request, format_html("Thank you for checking in. {}{}", told, _crisis_lines()))


@client_required
@require_http_methods(["GET", "POST"])
@open_record_required_to_change()
def my_checkins(request):
    client = _me(request, "my check-ins")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin = checkin_record(
                client=client, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _after_checkin(request, client, checkin, form.cleaned_data)
            return redirect("aftercare:my_checkins")
    return render(
        request,
        "aftercare/my/checkins.html",
        {
            "form": form,
            "checkins": checkins_of(client, limit=14),
            "count": recovery_count(client),
            "settings": settings_of(client),
            **_crisis(client),
        },
    )


def _who_calls(help_request, now) -> str:
    """When someone will call, in plain words: the person on call as soon as they can (with
    the time to stop waiting), else a member of staff within office hours, counted from now
    (a second press may find a request of yesterday)."""
    if on_call_told(help_request):
        by = timezone.localtime(help_request.at) + dt.timedelta(hours=1)
        wait = f"by {by:%H:%M}" if by > now else "yet"
        return (
            "The person on call for our team has been told and will call you as soon as they "
            f"can. If no one has called you {wait}, or you need someone sooner: "
        )
    return (
        f"A member of our team has been told and will call you {call_back_words(now)}"
        " (our office hours). If you need someone sooner: "
    )


@client_required
@open_record_required
def help_now(request):
    """'Talk to someone now': alerts the on-call staff at once; the client sees it arrived,
    and when someone will call."""
    client = own_client_record(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pressed = timezone.now()
    help_request = help_now_request(client=client, actor=request.user, request=request)
    local = timezone.localtime(help_request.at)
    if not help_request.alerted.exists():
        messages.error(
            request,
            format_html(
                "We saved your request at {}, but no one from our team can be reached right "
                "now, so no one will call you from here. Please reach out now: {}",
                f"{local:%H:%M}",
                _crisis_lines(),
            ),
        )
        return redirect("aftercare:my_checkins")
    received = (
        f"We already have your request from {local:%H:%M}."
        if help_request.at < pressed
        else f"We received your message at {local:%H:%M}."
    )
    messages.success(
        request,
        format_html("{} {}{}", received, _who_calls(help_request, pressed), _crisis_lines()),
    )
    return redirect("aftercare:my_checkins")


@client_required
def my_followups(request):
    client = _me(request, "my follow-ups")
    return render(
        request,
        "aftercare/my/followups.html",
        {"followups": own_followups(client), **_crisis(client)},
    )


@client_required
@require_http_methods(["GET", "POST"])
@open_record_required_to_change(allow=_privacy_switch)
def my_settings(request):
    client = _me(request, "my check-in settings")
    chosen = settings_of(client)
    if request.method == "POST" and _privacy_switch(request):
        hidden = request.POST.get("count_hidden") == "on"
        settings_update(client=client, actor=request.user, request=request, count_hidden=hidden)
        messages.success(request, "Your count is hidden." if hidden else "Your count is shown.")
        return redirect("aftercare:my_settings")
    form = SettingsForm(
        request.POST or None,
        initial={
            "checkin_frequency": chosen.checkin_frequency,
            "milestone_messages": chosen.milestone_messages,
            "count_hidden": chosen.count_hidden,
        },
    )
    restart = RestartForm(request.POST if "restart" in request.POST else None)
    if request.method == "POST":
        if "restart" in request.POST:
            if restart.is_valid():
                count_restart(
                    client=client,
                    actor=request.user,
                    start=restart.cleaned_data["start"],
                    request=request,
                )
                messages.success(request, "Your count starts again. Every day counts.")
                return redirect("aftercare:my_checkins")
        elif form.is_valid():
            settings_update(client=client, actor=request.user, request=request, **form.cleaned_data)
            messages.success(request, "Your choices are saved.")
            return redirect("aftercare:my_checkins")
    return render(
        request,
        "aftercare/my/settings.html",
        {
            "form": form,
            "restart": restart,
            "count": recovery_count(client),
            "chosen": chosen,
            **_crisis(client),
        },
    )
