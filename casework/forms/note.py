"""Forms of the progress note pages."""

from __future__ import annotations

from django import forms

from casework.models import Goal, ProgressNote
from recovery_portal.forms import DateInput


class NoteForm(forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        label="Goals addressed",
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProgressNote
        fields = [
            "contact_type",
            "contact_date",
            "duration_minutes",
            "goals",
            "data",
            "assessment",
            "plan_text",
            "share_with_client",
        ]
        widgets = {
            "contact_date": DateInput(),
            "data": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 4}),
            "plan_text": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"share_with_client": "Share with the client (they see it once it is signed)"}

    def __init__(self, *args, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals if goals is not None else Goal.objects.none()
        self.fields["duration_minutes"].widget.attrs["min"] = 1

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value < 1 or value > 24 * 60:
            raise forms.ValidationError("Give the duration in minutes, between 1 and 1440.")
        return value


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
