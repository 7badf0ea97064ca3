from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from recovery_portal.notifications.forms import PreferenceForm
from recovery_portal.notifications.messages import unsubscribe_link
from recovery_portal.notifications.selectors import (
    own_custom_reminders,
    preference_for,
    reminders_for_recipient,
    texts_stopped_at,
)
from recovery_portal.notifications.services import preferences_update, reminders_stop_all


@login_required
def preferences(request):
    """Each person's own reminder settings (clients and staff alike)."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            preferences_update(user=request.user, request=request, **form.service_arguments())
            messages.success(request, "Your reminder settings are saved.")
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(
            initial=PreferenceForm.initial_for(preference_for(request.user), request.user)
        )
    stopped = texts_stopped_at(preference_for(request.user))
    return render(
        request, "notifications/preferences.html", {"form": form, "texts_stopped_at": stopped}
    )


@login_required
def mine(request):
    """The signed-in person's reminders: what is coming (with details) and what was sent."""
    return render(
        request,
        "notifications/mine.html",
        {
            "upcoming": own_custom_reminders(request.user),
            "log": reminders_for_recipient(request.user, limit=50),
        },
    )


@csrf_exempt  # the signed token is the credential: mail apps POST here with no session (RFC 8058)
def unsubscribe(request, token):
    link = unsubscribe_link(token)
    if link.expired:
        return render(request, "notifications/unsubscribe_expired.html", status=410)
    user_id = link.user_id
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or link.outlived(user):
        raise Http404("This link is not valid.")
    if request.method == "POST":
        reminders_stop_all(user=user, request=request)
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html", {"token": token})
