"""What the forms of every part share: putting a service's errors back on a form, and date
fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

DATE_HELP = "As YYYY-MM-DD, e.g. 2026-12-31."


# Model field names → form field names, where they differ.
_FIELD_MAP = {"signed_at": "signed_on", "scan": "scan", "recipient_key": "recipient_name"}


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            name = _FIELD_MAP.get(field, field)
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: str, *, required: bool = False, help_text: str = DATE_HELP):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": f"Please enter the {label.lower()} as YYYY-MM-DD."},
    )
