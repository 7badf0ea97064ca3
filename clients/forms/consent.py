"""Forms for consents and disclosures.

Forms check the shape of input; the rules (every element of a consent, who may sign) live in
the model's ``clean`` and the services, whose ValidationErrors are put back on the form by
``errors_onto``.
"""

from __future__ import annotations

import copy
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import Client, InformationKind, Purpose, SupportContact, SuspendingAuthority
from clients.models.consent import (
    DEFAULT_REVOCATION_STATEMENT,
    SCAN_EXTENSIONS,
    SCAN_MAX_BYTES,
    ExpiryEvent,
    RecipientClass,
    SignatureMethod,
)
from clients.models.disclosure import SUSPENDABLE, WITHOUT_CONSENT, LegalBasis
from recovery_portal.forms import DATE_HELP, date_field

# The consent model's field names → the names of these forms' fields, where they differ: what
# ``errors_onto`` needs to put the model's refusal on the field the person filled in.
CONSENT_FIELD_MAP = {"signed_at": "signed_on", "recipient_key": "recipient_name"}

SCAN_TOO_LARGE = "The scan is larger than 10 MB. Please attach a smaller file."


class ConsentForm(forms.Form):
    """A consent staff prepare for signing in the portal, or record from a signed paper form."""

    signature_method = forms.ChoiceField(
        label="How is it signed?",
        choices=[
            (SignatureMethod.PORTAL, "The client will read and sign it in the portal"),
            (SignatureMethod.PAPER, "The client signed it on paper (I attach the scan)"),
        ],
        widget=forms.RadioSelect,
        initial=SignatureMethod.PORTAL,
    )
    discloser = forms.CharField(label="Who may disclose", max_length=200, required=False)
    information_kinds = forms.MultipleChoiceField(
        label="Kinds of information",
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_description = forms.CharField(
        label="Specific description of the information",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text='e.g. "Whether I attended my weekly group, from now until the expiry date".',
    )
    recipient_contact = forms.ModelChoiceField(
        label="Recipient from the support network",
        queryset=SupportContact.objects.none(),
        required=False,
        empty_label="(none: a named person, organization or class below)",
    )
    recipient_class = forms.ChoiceField(
        label="Or a class of recipients",
        choices=[("", "(none)"), *RecipientClass.choices],
        required=False,
    )
    recipient_name = forms.CharField(
        label="Recipients, by name or class",
        max_length=200,
        required=False,
        help_text="Filled in from the contact or class when left empty.",
    )
    # Required elements are checked by the model (Consent.clean), so every missing one is named
    # at once with the same words wherever a consent is made.
    purpose = forms.ChoiceField(
        label="Purpose", choices=[("", "Choose…"), *Purpose.choices], required=False
    )
    purpose_detail = forms.CharField(
        label="Purpose, in words", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    revocation_statement = forms.CharField(
        label="The right to revoke, and how",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    expires_on = date_field("Expiry date")
    expiry_event_kind = forms.ChoiceField(
        label="Or it ends on an event",
        choices=[("", "(no event: the date above)"), *ExpiryEvent.choices],
        required=False,
        help_text=(
            "Leaving the program ends it by itself at discharge or when the record is closed. "
            "For another event, staff confirm it has not happened each time it is used, and "
            "record it when it does."
        ),
    )
    expiry_event = forms.CharField(
        label="The event or condition, in words", max_length=200, required=False
    )
    signature_name = forms.CharField(
        label="Name as signed on paper",
        max_length=200,
        required=False,
        help_text="Paper forms only.",
    )
    signed_on = date_field("Date signed", help_text="Paper forms only. " + DATE_HELP)
    guardian_name = forms.CharField(
        label="Parent or guardian's signature (name as signed)",
        max_length=200,
        required=False,
        help_text="Paper forms only: needed when the client was a minor who may not sign alone.",
    )
    paper_statements = forms.BooleanField(
        label="The signed paper form carries the statements shown below, word for word",
        required=False,
    )
    scan = forms.FileField(
        label="Scan of the signed form (PDF, PNG or JPEG, up to 10 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["recipient_contact"].queryset = client.support_contacts.filter(
            removed_at__isnull=True
        )
        self.fields["discloser"].initial = f"{settings.SITE_NAME} and its staff"
        self.fields["revocation_statement"].initial = DEFAULT_REVOCATION_STATEMENT

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if not scan:
            return scan
        if not scan.name.lower().endswith(SCAN_EXTENSIONS):
            raise ValidationError("Please attach a PDF, PNG or JPEG file.")
        if scan.size > SCAN_MAX_BYTES:
            raise ValidationError(SCAN_TOO_LARGE)
        head = scan.read(8)
        scan.seek(0)
        if not head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff")):
            raise ValidationError("This file does not look like a PDF, PNG or JPEG scan.")
        return scan

    def clean(self):
        data = super().clean()
        paper = data.get("signature_method") == SignatureMethod.PAPER
        if paper and not data.get("paper_statements"):
            self.add_error(
                "paper_statements",
                "Please check that the signed paper form carries these statements. If it does "
                "not, the client needs to sign a form that does.",
            )
        return data

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise ValidationError("The date signed cannot be in the future.")
        return signed_on

    def elements(self) -> dict:
        data = self.cleaned_data
        return {
            "discloser": data["discloser"],
            "information_kinds": data["information_kinds"],
            "information_description": data["information_description"],
            "recipient_contact": data["recipient_contact"],
            "recipient_class": data["recipient_class"],
            "recipient_name": data["recipient_name"],
            "purpose": data["purpose"],
            "purpose_detail": data["purpose_detail"],
            "revocation_statement": data["revocation_statement"],
            "expires_on": data["expires_on"],
            "expiry_event": data["expiry_event"],
            "expiry_event_kind": data["expiry_event_kind"],
        }


class ConsentSignForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200)
    guardian_name = forms.CharField(
        label="Your parent or guardian types their full name to sign too",
        max_length=200,
        required=False,
    )
    confirm = forms.BooleanField(
        label="I have read this consent, I agree to it, and I know I can revoke it at any time.",
        required=False,
    )


class RevokeForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        max_length=200,
        required=False,
        help_text='e.g. "Client asked by phone on Monday".',
    )


class WhenField(forms.DateTimeField):
    """When a disclosure was made, to the minute (a disclosure may be logged later). The
    current minute means now: a consent signed seconds ago covers what is shared now."""

    def clean(self, value):
        when = super().clean(value)
        now = timezone.now()
        if when is not None and timedelta(0) <= now - when < timedelta(minutes=1):
            return now
        return when


def _when_field() -> WhenField:
    return WhenField(
        label="When it was shared",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={
            "required": "Please give the date and time it was shared.",
            "invalid": "Please give the date and time as YYYY-MM-DD HH:MM.",
        },
    )


class DisclosureForm(forms.Form):
    """Staff record information they shared (a call, a letter) under a signed consent."""

    consent = forms.ModelChoiceField(
        label="Under which consent",
        queryset=None,
        empty_label="Choose a signed consent…",
        help_text="It must have been in effect when the information was shared.",
    )
    recipient_name = forms.CharField(
        label="To whom (name)",
        max_length=200,
        required=False,
        help_text="Needed when the consent names a class, e.g. the provider's name.",
    )
    recipient_address = forms.CharField(
        label="Their address, if known",
        max_length=300,
        required=False,
        help_text="Postal or e-mail address; the client's list of disclosures shows it.",
    )
    disclosed_at = _when_field()
    event_confirmed = forms.BooleanField(
        label="The event the consent ends on had not happened when this was shared",
        required=False,
        help_text="Only asked for a consent that ends on an event the portal cannot see.",
    )
    information_kinds = forms.MultipleChoiceField(
        label="Kinds of information shared",
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please choose what kind of information was shared."},
    )
    description = forms.CharField(label="What was shared", widget=forms.Textarea(attrs={"rows": 2}))
    purpose_detail = forms.CharField(label="Why", max_length=300, required=False)

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.recipient_name} — {', '.join(c.information_labels)} ({c.state_label.lower()})"
        )
        self.fields["disclosed_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ConsentEventForm(forms.Form):
    """Staff record that the event a consent ends on happened."""

    happened_on = date_field("Date it happened")
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day is None:
            raise ValidationError("Please give the date the event happened.")
        return day


class DisclosureWithoutConsentForm(forms.Form):
    """A disclosure Part 2 permits without consent, with what its basis must document."""

    basis = forms.ChoiceField(
        label="Legal basis",
        choices=[(b.value, b.label) for b in WITHOUT_CONSENT],
        widget=forms.RadioSelect,
    )
    recipient_name = forms.CharField(
        label="To whom (name)",
        max_length=200,
        required=False,
        help_text="In an emergency: the medical personnel who received it.",
    )
    recipient_affiliation = forms.CharField(
        label="Their health care facility (medical emergency)", max_length=200, required=False
    )
    recipient_address = forms.CharField(
        label="Their address, if known",
        max_length=300,
        required=False,
        help_text="Postal or e-mail address; the client's list of disclosures shows it.",
    )
    emergency_nature = forms.CharField(
        label="Nature of the emergency (medical emergency)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    basis_reference = forms.CharField(
        label="Court order (court, case number, date) or audit (who, under which agreement)",
        max_length=300,
        required=False,
    )
    information_kinds = forms.MultipleChoiceField(
        label="Kinds of information shared",
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label="What was shared", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    disclosed_at = _when_field()

    def __init__(self, *args, bases=WITHOUT_CONSENT, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [(b.value, b.label) for b in bases]
        if len(bases) == 1:
            self.fields["basis"].initial = bases[0].value
        self.fields["disclosed_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        if any(basis in SUSPENDABLE for basis in bases):
            # A court order or an audit: the agency may ask at once that the client is not
            # told yet, so the disclosure never shows on the client's pages in between.
            self.fields["suspend"] = forms.BooleanField(
                label="They asked that the client is not told of this yet (HIPAA 164.528(a)(2))",
                required=False,
                help_text="Only a health oversight agency or a law enforcement official may. "
                "Fill in the questions below.",
            )
            for name, field in AccountingSuspensionForm.base_fields.items():
                field = copy.deepcopy(field)
                field.required = False
                self.fields[f"suspension_{name}"] = field

    def suspension(self) -> dict | None:
        """``disclosure_suspend_accounting``'s keyword arguments when ``suspend`` is ticked."""
        if not self.cleaned_data.get("suspend"):
            return None
        return {
            name: self.cleaned_data.get(f"suspension_{name}")
            for name in AccountingSuspensionForm.base_fields
        }


class AccountingSuspensionForm(forms.Form):
    """A health oversight agency or law enforcement official asks that the client's accounting
    leave a disclosure out for a while (HIPAA 164.528(a)(2))."""

    authority = forms.ChoiceField(
        label="Who asked is",
        choices=SuspendingAuthority.choices,
        widget=forms.RadioSelect,
        help_text="Only they may ask for this. A private auditor, an insurer or a court in a "
        "civil case may not.",
        error_messages={"required": "Please confirm who they are."},
    )
    requested_by = forms.CharField(
        label="The agency or official, and the person who spoke or wrote", max_length=200
    )
    in_writing = forms.TypedChoiceField(
        label="How they asked",
        choices=[("1", "In writing"), ("0", "Orally (the written statement is to follow)")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Please say whether they asked in writing or orally."},
    )
    stated_on = date_field("Date of their statement", required=True, help_text=DATE_HELP)
    statement = forms.CharField(
        label="Their statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="That telling the client would be reasonably likely to impede their "
        "activities, and for how long. An oral request lasts at most 30 days from the first "
        "oral statement.",
    )
    until = date_field(
        "Leave it out of the client's accounting until", required=True, help_text=DATE_HELP
    )

    def suspension(self) -> dict:
        """The keyword arguments of ``disclosure_suspend_accounting``."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


class ExportForm(forms.Form):
    """Who a records-request export goes to: the client, or a recipient under a consent."""

    basis = forms.ChoiceField(
        label="This copy of the whole record goes",
        choices=[
            (LegalBasis.RIGHT_OF_ACCESS, "To the client (right of access)"),
            (LegalBasis.CONSENT, "To a recipient, under one of the client's consents"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose who the copy goes to."},
    )
    consent = forms.ModelChoiceField(
        label="Under which consent",
        queryset=None,
        required=False,
        empty_label="Choose a consent in effect…",
    )
    recipient_name = forms.CharField(
        label="To whom (name), when the consent names a class",
        max_length=200,
        required=False,
    )
    event_confirmed = forms.BooleanField(
        label="The event the consent ends on has not happened",
        required=False,
        help_text="Only asked for a consent that ends on an event the portal cannot see.",
    )

    def __init__(self, *args, consents, what: str = "the whole record", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].label = f"This copy of {what} goes"
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.recipient_name} — {', '.join(c.information_labels)}"
        )

    def clean(self):
        data = super().clean()
        if data.get("basis") == LegalBasis.CONSENT and not data.get("consent"):
            self.add_error("consent", "Please choose the consent the copy goes under.")
        return data
