"""Forms of screenings and the follow-up of safety alerts."""

from __future__ import annotations

from django import forms

from clients.instruments.catalog import Instrument


def screening_form_class(instrument: Instrument) -> type[forms.Form]:
    """A form with one required radio question per item of ``instrument``."""
    fields = {}
    for number, item in enumerate(instrument.items, start=1):
        fields[item.key] = forms.TypedChoiceField(
            label=f"{number}. {item.text}",
            choices=[(o.value, o.label) for o in item.options],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": f"Please choose an answer to question {number}."},
        )
    return type(f"{instrument.code}ScreeningForm", (forms.Form,), fields)


class AlertFollowUpForm(forms.Form):
    follow_up_note = forms.CharField(
        label="What was done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please write what was done to follow up."},
    )
