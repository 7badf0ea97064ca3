"""Forms about appointments: book, move, record the outcome; the client's request to move."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from casework.models import APPOINTMENT_OUTCOMES, AppointmentKind, AppointmentStatus
from clients.selectors.record import case_managers
from recovery_portal.forms import DateInput


class _WhenForm(forms.Form):
    """A date and a time, read in the organization's time zone, as one aware moment."""

    day = forms.DateField(label="Date", widget=DateInput())
    at = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=480, initial=50
    )
    place = forms.CharField(
        label="Place", required=False, max_length=200, help_text="An address or room."
    )
    video_url = forms.URLField(
        assume_scheme="https",
        label="Video link",
        required=False,
        help_text="For an appointment by video.",
    )

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("at"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["at"]))
            if data["starts_at"] < timezone.now():
                self.add_error("day", "Please choose a time that has not passed.")
        if not (data.get("place") or "").strip() and not data.get("video_url"):
            self.add_error("place", "Please give a place, or a video link.")
        return data


class AppointmentForm(_WhenForm):
    kind = forms.ChoiceField(label="Kind of appointment", choices=AppointmentKind.choices)
    staff = forms.ModelChoiceField(label="With", queryset=None, empty_label=None)
    field_order = ["kind", "staff", "day", "at", "duration_minutes", "place", "video_url"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = case_managers()
        if not self.is_bound:
            self.initial.setdefault("staff", user.pk)


class MoveForm(_WhenForm):
    pass


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        choices=[(s.value, s.label) for s in AppointmentStatus if s in APPOINTMENT_OUTCOMES],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, ahead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ahead:
            # Still to come: only cancelling can succeed (moving has its own page).
            self.fields["status"].choices = [
                (AppointmentStatus.CANCELLED.value, AppointmentStatus.CANCELLED.label)
            ]


class RescheduleRequestForm(forms.Form):
    message = forms.CharField(
        label="Which days or times suit you better?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your case manager will get in touch to agree a new time.",
    )
