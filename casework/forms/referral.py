"""Forms about referrals: make one (with what to share), record its progress."""

from __future__ import annotations

from django import forms

from casework.models import ReferralStatus, Urgency
from casework.selectors.resource import referable_resources
from clients.models import InformationKind
from recovery_portal.forms import DateInput


class ResourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.organization.name}"


class ReferralForm(forms.Form):
    resource = ResourceChoiceField(label="Refer to", queryset=None)
    reason = forms.CharField(
        label="Reason for the referral", widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)
    shared_information = forms.MultipleChoiceField(
        label="Information to share with the provider",
        required=False,
        choices=[k for k in InformationKind.choices if k[0] != InformationKind.WHOLE_RECORD],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Leave all unticked when the client contacts the provider themself: nothing is "
            "shared. Anything ticked is shared only if a signed consent covers it."
        ),
    )
    shared_description = forms.CharField(
        label="What exactly is shared",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='For the client\'s disclosure record, e.g. "name, phone, housing need".',
    )

    event_confirmed = forms.BooleanField(
        label="The event that ends the client's consent has not happened",
        required=False,
        help_text=(
            'Only for a consent that ends on an event (e.g. "when the referral is closed"): '
            "tick to confirm it has not happened yet."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = referable_resources()

    def referral(self) -> dict:
        """What the referral services take from this form (``referral_send``, and the
        aftercare ``need_refer`` that makes one from a need)."""
        return {name: self.cleaned_data[name] for name in self.fields}


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status now")
    first_visit_on = forms.DateField(
        label="Date of the first visit",
        required=False,
        widget=DateInput(),
        help_text="Needed when it is scheduled.",
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(referral.status, f"No change ({referral.get_status_display().lower()})")]
        choices += [(s, ReferralStatus(s).label) for s in referral.next_statuses]
        self.fields["status"].choices = choices
