"""Aftercare's forms: the plan and follow-ups (staff), check-ins and their settings (the
client)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from aftercare.models import (
    HOUSING,
    MOODS,
    SLEEP,
    WORK,
    ContactMethod,
    ExclusionReason,
    FollowUpStatus,
    Frequency,
    PlanCloseReason,
)
from aftercare.models.discharge import NotStartedReason
from aftercare.models.followup import DEFAULT_REASONS
from recovery_portal.accounts.selectors import holders_of
from recovery_portal.forms import DateInput

YES_NO = [("yes", "Yes"), ("no", "No")]


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class PlanForm(forms.Form):
    discharge_date = _date(
        "Discharge date from treatment",
        help_text="Follow-ups are counted from this date and move if it changes.",
    )
    responsible = forms.ModelChoiceField(
        label="Coach or case manager responsible",
        queryset=holders_of("accounts.keep_caseload").order_by("full_name", "email"),
    )
    outpatient_therapy = forms.CharField(
        label="Outpatient therapy",
        required=False,
        max_length=200,
        help_text="e.g. weekly, with whom",
    )
    meetings_per_week = forms.IntegerField(
        label="Mutual-help meetings per week", min_value=0, max_value=21, initial=0
    )
    recovery_coaching = forms.BooleanField(label="Recovery coaching", required=False)
    medication = forms.CharField(
        label="Medication for addiction treatment", required=False, max_length=200
    )
    housing_plan = forms.CharField(label="Housing", required=False, max_length=200)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    move_to_aftercare = forms.BooleanField(
        label="Move the client's status from active to aftercare",
        required=False,
        initial=True,
    )

    def __init__(self, *args, starting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not starting:
            del self.fields["move_to_aftercare"]

    def clean_discharge_date(self):
        value = self.cleaned_data["discharge_date"]
        if value > timezone.localdate() + timezone.timedelta(days=60):
            raise forms.ValidationError("The discharge date can be at most 60 days ahead.")
        return value


class PlanCloseForm(forms.Form):
    # "Record closed" is the closing of the record's own doing (record_closers), not a choice.
    reason = forms.ChoiceField(
        label="Why the plan is closing",
        choices=[c for c in PlanCloseReason.choices if c[0] != PlanCloseReason.RECORD_CLOSED],
    )
    note = forms.CharField(label="Note", required=False, max_length=300)


class NotStartedForm(forms.Form):
    """Why a discharged client has no aftercare plan."""

    reason = forms.ChoiceField(
        label="Why aftercare is not starting",
        choices=NotStartedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose why aftercare is not starting."},
    )
    note = forms.CharField(
        label="Say more",
        required=False,
        max_length=300,
        help_text='Needed for "Other reason"; for the others, if it helps the team.',
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == NotStartedReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Please say what the other reason is.")
        return cleaned


class AttemptForm(forms.Form):
    prefix = "try"  # three forms share the follow-up page: keep their field ids apart

    method = forms.ChoiceField(label="How we tried", choices=ContactMethod.choices)
    reached = forms.ChoiceField(
        label="Reached the client?", choices=YES_NO, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class OutcomeForm(forms.Form):
    completed_on = _date("Date of the follow-up", initial=timezone.localdate)
    any_use_since_last_contact = forms.ChoiceField(
        label="Any use since the last contact?", choices=YES_NO, widget=forms.RadioSelect
    )
    days_of_use_last_30 = forms.IntegerField(
        label="Days of use in the last 30 days", min_value=0, max_value=30, initial=0
    )
    housing = forms.ChoiceField(label="Housing now", choices=HOUSING)
    work_or_school = forms.ChoiceField(label="Work or school now", choices=WORK)
    meetings_last_30 = forms.IntegerField(
        label="Meetings attended in the last 30 days", min_value=0, max_value=200, initial=0
    )
    barc10_score = forms.IntegerField(
        label="BARC-10 score (10–60)",
        min_value=10,
        max_value=60,
        required=False,
        help_text="Leave empty if not asked this time.",
    )
    needs = forms.CharField(
        label="Needs found (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each becomes an item to act on, e.g. a referral.",
    )

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the follow-up cannot be in the future.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("any_use_since_last_contact") == "no" and data.get("days_of_use_last_30"):
            self.add_error(
                "days_of_use_last_30",
                "No use since the last contact, but days of use given: please check both.",
            )
        return data


class CloseForm(forms.Form):
    prefix = "end"

    status = forms.ChoiceField(
        label="How this follow-up ends",
        choices=[
            (FollowUpStatus.UNABLE_TO_REACH.value, FollowUpStatus.UNABLE_TO_REACH.label),
            (FollowUpStatus.DECLINED.value, FollowUpStatus.DECLINED.label),
            (FollowUpStatus.ADMINISTRATIVE.value, FollowUpStatus.ADMINISTRATIVE.label),
        ],
    )
    reason = forms.ChoiceField(
        label="Why (for an administrative close)",
        required=False,
        help_text="Only a reason your funder allows (by default: the client died) leaves the "
        "follow-up out of the rate, and only when recorded before its window closes.",
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = dict(ExclusionReason.objects.values_list("code", "label"))
        for code, label, _ in DEFAULT_REASONS:
            found.setdefault(code, label)
        self.fields["reason"].choices = [("", "—")] + sorted(found.items(), key=lambda c: c[1])

    def clean(self):
        data = super().clean()
        if data.get("status") == FollowUpStatus.ADMINISTRATIVE and not data.get("reason"):
            self.add_error("reason", "Please choose why this follow-up is closed administratively.")
        return data


class CallForm(forms.Form):
    prefix = "call"

    at = forms.DateTimeField(
        label="Call agreed for",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def clean_at(self):
        value = self.cleaned_data["at"]
        if value <= timezone.now():
            raise forms.ValidationError("Please choose a time in the future.")
        return value


CRAVING = [(n, str(n)) for n in range(11)]


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label="How has your mood been?", choices=MOODS, coerce=int, widget=forms.RadioSelect
    )
    craving = forms.TypedChoiceField(
        label="Cravings, from 0 (none) to 10 (very strong)",
        choices=CRAVING,
        coerce=int,
        initial=0,
    )
    any_use = forms.TypedChoiceField(
        label="Any use since your last check-in?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text="It's okay to be honest here. It helps us support you.",
    )
    sleep = forms.ChoiceField(label="How have you slept?", choices=SLEEP, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Anything you'd like to add (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mood"].error_messages["required"] = "Please choose how your mood has been."
        self.fields["any_use"].error_messages["required"] = "Please answer yes or no."
        self.fields["sleep"].error_messages["required"] = "Please choose how you have slept."


class SettingsForm(forms.Form):
    checkin_frequency = forms.ChoiceField(
        label="How often would you like to check in?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
    milestone_messages = forms.BooleanField(
        label="Send me a message when I reach a milestone", required=False
    )
    count_hidden = forms.BooleanField(label="Hide my count of days", required=False)


class RestartForm(forms.Form):
    start = forms.DateField(
        label="Count from",
        widget=DateInput(),
        initial=timezone.localdate,
    )

    def clean_start(self):
        value = self.cleaned_data["start"]
        if value > timezone.localdate():
            raise forms.ValidationError("The count cannot start in the future.")
        return value
