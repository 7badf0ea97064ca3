"""What the forms of every app share: putting a service's refusal back on a form, and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

DATE_HELP = "As YYYY-MM-DD, e.g. 2026-12-31."


def errors_onto(
    form: forms.Form, error: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form.

    A dict error's messages go on the form field each names (``field_map`` turns a service's
    field name into the form's where they differ, e.g. the model's ``signed_at`` is the form's
    ``signed_on``); a name the form has no field for, and a list error, go on the form as a
    whole (non-field errors).
    """
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DateInput(forms.DateInput):
    """The browser's date picker; its value is written as YYYY-MM-DD, the format it reads."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's argument name)
        super().__init__(attrs=attrs, format=format)


def date_field(label: str, *, required: bool = False, help_text: str = DATE_HELP):
    """An optional date with the picker, a YYYY-MM-DD hint and an error saying so."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": f"Please enter the {label.lower()} as YYYY-MM-DD."},
    )


def bound_every_date_field() -> None:
    """Every date a form takes (ours, model forms' and the admin's) lies in the years the portal
    deals in, 1900–2200 (``recovery_portal.params``): a date at the edge of Python's calendar
    (9999-12-31 at 23:30 in New York is year 10000 in UTC) would be stored by PostgreSQL and
    then make every page that reads it back answer 500. Set once at start-up
    (``HomeConfig.ready``) on the fields' class defaults, so no form can forget it."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    from recovery_portal.params import MAX_DATE, MIN_DATE

    message = f"Please enter a date between {MIN_DATE.year} and {MAX_DATE.year}."
    forms.DateField.default_validators = [
        MinValueValidator(MIN_DATE, message),
        MaxValueValidator(MAX_DATE, message),
    ]
    start = dt.datetime.combine(MIN_DATE, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(MAX_DATE, dt.time.max, tzinfo=dt.UTC)
    forms.DateTimeField.default_validators = [
        MinValueValidator(start, message),
        MaxValueValidator(end, message),
    ]
