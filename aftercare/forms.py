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
    NotGiven,
    PlanCloseReason,
)
from aftercare.models.answer import BARC10
from aftercare.models.discharge import NotStartedReason
from aftercare.models.followup import DEFAULT_REASONS, needs_too_long
from aftercare.use_rule import use_conflict, use_help
from clients.instruments.catalog import instrument
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


NOT_GIVEN_CHOICES = [(v, label) for v, label in NotGiven.choices]
ANY_USE = [*YES_NO, *NOT_GIVEN_CHOICES]
ASKED = "asked"
BLANK = [("", "—")]


def _count(label: str, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, required=False)


def _why_not(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "— (a number is given above)"), *NOT_GIVEN_CHOICES],
    )


# The number questions of the outcome, each with its "declined / not asked" beside it.
NUMBERS = ("days_of_use_last_30", "meetings_last_30")


class OutcomeForm(forms.Form):
    """What the client reports at a follow-up. Nothing is pre-filled but the date (not a
    self-report): every question starts blank, and "Declined to answer" and "Not asked" are
    answers of their own. The BARC-10 is asked item by item (``clients/instruments``)."""

    completed_on = _date(
        "Date of the follow-up",
        initial=timezone.localdate,
        help_text="Today, unless the interview was on another day.",
    )
    any_use_since_last_contact = forms.ChoiceField(
        label="Any use since the last contact?", choices=ANY_USE, widget=forms.RadioSelect
    )
    days_of_use_last_30 = _count("Days of use in the last 30 days", 30)
    days_of_use_last_30_not_given = _why_not("…or, if no number was given")
    housing = forms.ChoiceField(label="Housing now", choices=[*BLANK, *HOUSING, *NOT_GIVEN_CHOICES])
    work_or_school = forms.ChoiceField(
        label="Work or school now", choices=[*BLANK, *WORK, *NOT_GIVEN_CHOICES]
    )
    meetings_last_30 = _count("Meetings attended in the last 30 days", 200)
    meetings_last_30_not_given = _why_not("…or, if no number was given")
    barc10 = forms.ChoiceField(
        label="BARC-10 (recovery strengths) at this follow-up",
        choices=[*BLANK, (ASKED, "Asked: the answer to each item is below"), *NOT_GIVEN_CHOICES],
        help_text="The total is worked out from the ten items; with any item declined or not "
        "asked, the items are kept without a total.",
    )
    needs = forms.CharField(
        label="Needs found (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each becomes an item to act on, e.g. a referral.",
    )

    def __init__(self, *args, last_contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_contact = last_contact
        self.fields["any_use_since_last_contact"].help_text = use_help(
            last_contact, timezone.localdate()
        )
        self.barc10_items = instrument(BARC10).items
        for number, item in enumerate(self.barc10_items, start=1):
            self.fields[f"barc10_{item.key}"] = forms.ChoiceField(
                label=f"BARC-10 item {number}: {item.text}",
                required=False,
                choices=[
                    *BLANK,
                    *((str(o.value), f"{o.value} — {o.label}") for o in item.options),
                    *NOT_GIVEN_CHOICES,
                ],
            )
        self.order_fields([*(f for f in self.fields if f != "needs"), "needs"])

    def clean_needs(self):
        """Each line is one need, kept whole: a line too long is refused, never cut."""
        value = self.cleaned_data["needs"]
        problem = needs_too_long(value.splitlines())
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the follow-up cannot be in the future.")
        return value

    def clean(self):
        data = super().clean()
        for name in NUMBERS:
            value, why = data.get(name), data.get(f"{name}_not_given")
            if value is None and not why and name not in self.errors:
                self.add_error(
                    name, "Please enter the number, or choose “Declined to answer” or “Not asked”."
                )
            elif value is not None and why:
                self.add_error(f"{name}_not_given", "Please give either a number or a reason.")
        self._clean_barc10(data)
        conflict = use_conflict(
            any_use={"yes": True, "no": False}.get(data.get("any_use_since_last_contact")),
            days_of_use=data.get("days_of_use_last_30"),
            completed_on=data.get("completed_on"),
            last_contact=self.last_contact,
        )
        if conflict:
            self.add_error("any_use_since_last_contact", conflict)
        return data

    def _clean_barc10(self, data) -> None:
        given = {i.key: data.get(f"barc10_{i.key}") for i in self.barc10_items}
        if data.get("barc10") == ASKED:
            for number, item in enumerate(self.barc10_items, start=1):
                if not given[item.key]:
                    self.add_error(
                        f"barc10_{item.key}",
                        f"Please choose an answer to item {number}, or “Declined to answer” "
                        "or “Not asked”.",
                    )
        elif data.get("barc10") and any(given.values()):
            self.add_error(
                "barc10", "The BARC-10 is marked as not answered, but some items have answers."
            )

    def outcome(self) -> dict:
        """The keyword arguments of ``followup_complete``."""
        data = self.cleaned_data
        numbers = {
            name: data[name] if data[name] is not None else data[f"{name}_not_given"]
            for name in NUMBERS
        }
        barc10 = data["barc10"]
        if barc10 == ASKED:
            barc10 = {
                i.key: int(v) if v.isdigit() else v
                for i in self.barc10_items
                for v in [data[f"barc10_{i.key}"]]
            }
        any_use = data["any_use_since_last_contact"]
        return {
            "completed_on": data["completed_on"],
            "any_use_since_last_contact": {"yes": True, "no": False}.get(any_use, any_use),
            "housing": data["housing"],
            "work_or_school": data["work_or_school"],
            "barc10": barc10,
            "needs": data["needs"].splitlines(),
            **numbers,
        }


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


RATHER_NOT_SAY = (NotGiven.DECLINED.value, "I'd rather not say")
CRAVING = [("", "Choose…"), *((str(n), str(n)) for n in range(11)), RATHER_NOT_SAY]


def _craving(value: str):
    return int(value) if value.isdigit() else value


def _any_use(value: str):
    return {"yes": True, "no": False}.get(value, value)


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label="How has your mood been?", choices=MOODS, coerce=int, widget=forms.RadioSelect
    )
    craving = forms.TypedChoiceField(
        label="Cravings, from 0 (none) to 10 (very strong)", choices=CRAVING, coerce=_craving
    )
    any_use = forms.TypedChoiceField(
        label="Any use since your last check-in?",
        choices=[("no", "No"), ("yes", "Yes"), RATHER_NOT_SAY],
        coerce=_any_use,
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
        self.fields["craving"].error_messages["required"] = (
            "Please choose a number for your cravings, or “I'd rather not say”."
        )
        self.fields["any_use"].error_messages["required"] = (
            "Please answer yes or no, or choose “I'd rather not say”."
        )
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
