from __future__ import annotations

from django import forms
from django.utils import timezone

from aftercare.models import MOODS, SLEEP, Frequency
from recovery_portal.forms import DateInput

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
