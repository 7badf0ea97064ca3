"""Forms of the record: client list search, identity and contact (staff), the client's own
profile, status and assignment."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from clients.forms.intake import DATE_ERROR
from clients.models import Client, ClientStatus, Program
from clients.models.client import SELF_SERVICE_FIELDS, STATUS_TRANSITIONS
from clients.selectors.record import case_managers
from recovery_portal.accounts.models import User
from recovery_portal.forms import DateInput


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Name (legal or preferred), date of birth (YYYY-MM-DD), phone or e-mail.",
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ClientStatus.choices]
    )
    case_manager = forms.ModelChoiceField(
        label="Case manager",
        required=False,
        queryset=User.objects.none(),
        empty_label="Any case manager",
    )
    program = forms.ModelChoiceField(
        label="Program", required=False, queryset=Program.objects.all(), empty_label="Any program"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers()


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class IdentityForm(forms.ModelForm):
    """Identity and contact: the first intake step, and the profile's edit form."""

    class Meta:
        model = Client
        fields = [
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "email",
            "phone",
            "address",
            "city",
            "state",
            "postal_code",
            "preferred_language",
            "program",
            "referral_source",
        ]
        widgets = {"date_of_birth": DateInput()}
        error_messages = {
            "date_of_birth": {"invalid": DATE_ERROR},
            "email": {"invalid": "Please enter a full e-mail address, like name@example.org."},
            "legal_first_name": {"required": "Please enter the legal first name."},
            "legal_last_name": {"required": "Please enter the legal last name."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(is_active=True)
        self.fields["date_of_birth"].help_text = ""

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value is None:
            return value
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if value.year < today.year - 120:
            raise forms.ValidationError("Please check the year of birth.")
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        if value and not 7 <= len(_digits(value)) <= 15:
            raise forms.ValidationError(
                "Please enter a phone number with 7 to 15 digits, like 555-201-0134."
            )
        return value


class NewClientForm(IdentityForm):
    """Identity and contact for a new client, with the primary case manager and the duplicate
    check's confirmation."""

    primary_case_manager = forms.ModelChoiceField(
        label="Primary case manager", queryset=User.objects.none()
    )
    # Hidden until the duplicate check finds a possible match (see ``ask_to_confirm``).
    confirm_new_person = forms.BooleanField(
        label="I have checked the possible matches above: this is a different person.",
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta(IdentityForm.Meta):
        pass

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["primary_case_manager"]
        if user.may_reassign_caseloads:
            field.queryset = case_managers()
        else:
            # A case manager takes intakes onto their own caseload; supervisors reassign.
            field.queryset = User.objects.filter(pk=user.pk)
            field.initial = user.pk
            field.help_text = "You. A supervisor can reassign the client later."
        field.error_messages["required"] = "Please choose the primary case manager."

    def ask_to_confirm(self) -> None:
        self.fields["confirm_new_person"].widget = forms.CheckboxInput()
        self.add_error(
            "confirm_new_person",
            "This person may already have a record (see the possible matches). Open it "
            "instead, or tick the box to confirm this is a different person.",
        )


STATUS_MEANING = {
    ClientStatus.AFTERCARE: "Aftercare: treatment is over and we stay in touch (check-ins, "
    "follow-up calls).",
    ClientStatus.DISCHARGED: "Discharged: the client has left the program; follow-ups "
    "still reach out after it.",
}


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label="New status")
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a discharge or closure.",
    )

    def __init__(self, *args, client: Client, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS.get(client.status, set())
        # A blank first choice: no status is chosen for the user (a steps box ticked by
        # default must not apply to a status they did not pick).
        self.fields["to_status"].choices = [("", "Choose the new status")] + [
            (value, label) for value, label in ClientStatus.choices if value in allowed
        ]
        self.fields["to_status"].error_messages.update(
            invalid_choice="That status cannot follow the client's current status.",
            required="Please choose the new status.",
        )
        # One line each (crispy renders help text as HTML), in the order of the choices.
        meanings = [STATUS_MEANING.get(v, "") for v in ClientStatus.values if v in allowed]
        self.fields["to_status"].help_text = format_html_join(
            mark_safe("<br>"), "{}", ((m,) for m in meanings if m)
        )
        # Steps other apps offer with the change (plugins.StatusStep), ticked by default.
        self.steps = list(steps)
        for step in self.steps:
            self.fields[f"step_{step.key}"] = forms.BooleanField(
                label=step.label, help_text=step.help_text, required=False, initial=True
            )

    def chosen_steps(self) -> list:
        to_status = self.cleaned_data["to_status"]
        return [
            step
            for step in self.steps
            if self.cleaned_data.get(f"step_{step.key}") and to_status in step.statuses
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("to_status") in (ClientStatus.DISCHARGED, ClientStatus.CLOSED)
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", "Please give the reason for this discharge or closure.")
        return cleaned


class ReassignForm(forms.Form):
    case_manager = forms.ModelChoiceField(
        label="New primary case manager", queryset=User.objects.none()
    )
    reason = forms.CharField(label="Reason", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers()
        self.fields["reason"].error_messages["required"] = "Please give the reason."


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = SELF_SERVICE_FIELDS


def identity_display(client) -> list[tuple[str, str]]:
    """Step 1 (identity and contact, kept on the record itself) as (label, answer) rows, in
    the form's order: what the review page shows first."""
    rows = []
    for name, field in IdentityForm.base_fields.items():
        value = getattr(client, name, None)
        if value in (None, ""):
            continue
        if hasattr(value, "strftime"):
            value = value.strftime("%B %-d, %Y")
        choices = dict(getattr(field, "choices", []) or [])
        rows.append((str(field.label), str(choices.get(value, value))))
    return rows
