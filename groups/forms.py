"""Forms of the groups app. Rules live in the models and services; these parse and label."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone

from groups.meeting_guide.spec import type_choices
from groups.models import OutsideMeeting, PeerGroup, Schedule
from groups.models.group import WEEKDAYS
from groups.names import roster_name
from recovery_portal.accounts.models import User
from recovery_portal.accounts.selectors import holders_of
from recovery_portal.forms import DateInput


def facilitator_choices():
    """Peer facilitators and clinical staff (a group may be led by a counsellor), asked of
    their permissions rather than role names."""
    return User.objects.filter(
        Q(pk__in=holders_of("accounts.run_groups").values("pk"))
        | Q(pk__in=holders_of("accounts.keep_caseload").values("pk"))
    ).order_by("full_name", "email")


class GroupForm(forms.ModelForm):
    types = forms.MultipleChoiceField(
        label="Meeting types",
        choices=type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the Meeting Guide list.",
    )
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https")
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    in_meeting_apps = forms.TypedChoiceField(
        label="Listed in meeting apps",
        choices=[
            ("", "As usual: yes for AA, NA, CA and Al-Anon meetings listed publicly with types"),
            ("yes", "Yes"),
            ("no", "No"),
        ],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text="Meeting apps (AA's Meeting Guide, TSML) read the portal's Meeting Guide feed. "
        "In-house groups usually stay out of them.",
    )

    class Meta:
        model = PeerGroup
        fields = [
            "name",
            "kind",
            "audience",
            "description",
            "types",
            "location_name",
            "address",
            "city",
            "state",
            "postal_code",
            "room",
            "location_notes",
            "online_url",
            "online_notes",
            "dial_in",
            "facilitators",
            "capacity",
            "is_public",
            "in_meeting_apps",
            "self_enroll",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitator_choices()
        if self.instance.pk:
            self.initial["in_meeting_apps"] = "yes" if self.instance.in_meeting_apps else "no"


class ScheduleForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label="Days",
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Schedule
        fields = [
            "frequency",
            "weekdays",
            "nth",
            "start_time",
            "duration_minutes",
            "time_zone",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        labels = {"duration_minutes": "Length (minutes)", "time_zone": "Time zone"}


class EnrollForm(forms.Form):
    client = forms.ModelChoiceField(queryset=None, label="Client")

    def __init__(self, *args, clients, names_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        if names_only:  # a facilitator: the name as on the roster, nothing of the record
            self.fields["client"].label_from_instance = roster_name
            self.fields["client"].label = "Person"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=300, help_text="Members see this.", widget=forms.TextInput()
    )


class MoveForm(ReasonForm):
    date = forms.DateField(widget=DateInput())
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))

    field_order = ["date", "time", "reason"]

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def starts_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return naive.replace(tzinfo=self.zone)


class OutsideMeetingForm(forms.ModelForm):
    class Meta:
        model = OutsideMeeting
        fields = ["name", "attended_on", "meeting_slug"]
        labels = {"name": "Meeting name", "attended_on": "Date"}
        widgets = {"attended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_on"].initial = timezone.localdate()
