"""What the forms of every app share: putting a service's refusal back on a form, dates, and
one-line fields that stay on one line."""

from __future__ import annotations

import datetime as dt
import re
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


ONE_LINE = "Please keep this on one line."
NO_CONTROL = "Please remove the invisible control characters (such as a tab) from this."
# Line breaks of every kind a browser or a paste can bring: CR, LF, vertical tab, form feed,
# NEL, and Unicode's line and paragraph separators.
_LINE_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]")
# Other control characters (C0 but NUL, which Django refuses itself with its own words; DEL;
# C1).
_CONTROLS = re.compile("[\x01-\x09\x0e-\x1f\x7f-\x84\x86-\x9f]")


def one_line_check(field: forms.Field, value) -> None:
    """Refuse a line break or a control character in a field shown as a one-line box (any
    ``CharField`` whose widget is not a ``Textarea``): nobody can type one there, and one
    pasted or posted by hand breaks what the value is used in (a calendar's lines, a CSV's
    rows, an e-mail's headers, an audit label)."""
    if not isinstance(value, str) or isinstance(field.widget, forms.Textarea):
        return
    problem = one_line_problem(value)
    if problem is not None:
        raise ValidationError(ONE_LINE if problem == "one_line" else NO_CONTROL, code=problem)


def one_line_problem(value: str) -> str | None:
    """What keeps ``value`` from being one line: "one_line" (a line break of any kind),
    "control_character" (another control character), or None. Also for one-line values
    that come from elsewhere than a form (e.g. the directory import)."""
    if _LINE_BREAKS.search(value):
        return "one_line"
    if _CONTROLS.search(value):
        return "control_character"
    return None


def keep_one_line_fields_on_one_line() -> None:
    """Every ``CharField`` of every form (ours, model forms', allauth's and the admin's) runs
    ``one_line_check`` after its own checks. Set once at start-up (``HomeConfig.ready``) on the
    field class, so no form can forget it; the widget is looked at when the form is checked,
    so a field given a ``Textarea`` after it was made still takes several lines."""
    if getattr(forms.CharField.validate, "one_line", False):
        return
    validate = forms.CharField.validate

    def validate_on_one_line(self, value):
        validate(self, value)
        one_line_check(self, value)

    validate_on_one_line.one_line = True
    forms.CharField.validate = validate_on_one_line
