"""The form of emergency access: the reason, in words (the service checks its length)."""

from __future__ import annotations

from django import forms

from clients.models.emergency import REASON_NEEDED


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Why you need this record now. Supervisors see it at once, and the client reads "
            "it in “Who has seen my record”."
        ),
        error_messages={"required": REASON_NEEDED},
    )
