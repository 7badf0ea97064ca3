"""A field shown as a one-line box refuses line breaks and control characters with a plain
form error (recovery_portal.forms.keep_one_line_fields_on_one_line, set at start-up): a group
name with a line break once made its public .ics answer 500, and a pasted line break in a
name or a phone number breaks the CSVs, calendars and e-mails it goes into. A Textarea keeps
its lines."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from clients.models import Client
from recovery_portal.forms import NO_CONTROL, ONE_LINE

ROOT = Path(__file__).resolve().parents[2]
BREAKS = ["one\ntwo", "one\r\ntwo", "one\rtwo", "one\u2028two", "one\x0btwo"]


def _our_apps():
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT)
        and ".venv" not in Path(app.path).relative_to(ROOT).parts
    ]


def _import_every_module() -> None:
    """Every module of our apps (migrations aside), so every form class is defined."""
    for app in _our_apps():
        package = importlib.import_module(app.name)
        for found in pkgutil.walk_packages(package.__path__, f"{app.name}."):
            if ".migrations" not in found.name:
                importlib.import_module(found.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _one_line_fields():
    """(where, field) of every CharField shown as a one-line box: the declared and model
    fields of every form class of ours, and every CharField of our models as a model form (the
    admin's included) makes it."""
    _import_every_module()
    ours = tuple(app.name for app in _our_apps())
    for form in set(_subclasses(forms.BaseForm)):
        if not form.__module__.startswith(ours):
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            yield f"{form.__module__}.{form.__qualname__}.{name}", field
    for app in _our_apps():
        for model in app.get_models():
            for model_field in model._meta.get_fields():
                if getattr(model_field, "editable", False) and hasattr(model_field, "formfield"):
                    url = isinstance(model_field, models.URLField)
                    field = model_field.formfield(**({"assume_scheme": "https"} if url else {}))
                    if field is not None:
                        yield f"{model._meta.label}.{model_field.name}", field


def test_every_one_line_field_of_every_form_refuses_a_line_break():
    checked = 0
    for where, field in _one_line_fields():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.Textarea):
            continue
        checked += 1
        for value in BREAKS:
            try:
                cleaned = field.clean(value)
            except ValidationError as error:
                if type(field) is forms.CharField:
                    assert error.messages == [ONE_LINE], (where, value, error.messages)
            else:  # a URL field drops line breaks itself: none may get through
                assert not any(c in str(cleaned) for c in "\r\n\u2028\x0b"), (where, value)
    assert checked >= 100, checked  # the project's forms and models have that many and more


def test_a_textarea_keeps_its_lines_and_other_controls_are_refused_in_one_line():
    class Both(forms.Form):
        name = forms.CharField()
        story = forms.CharField(widget=forms.Textarea)
        later = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["later"].widget = forms.Textarea()  # changed after the field was made

    form = Both({"name": "Jo\tJo", "story": "line one\r\nline two", "later": "a\nb"})
    assert not form.is_valid()
    assert form.errors == {"name": [NO_CONTROL]}
    form = Both({"name": "Jo", "story": "line one\r\nline two", "later": "a\nb"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["story"] == "line one\r\nline two"


@pytest.mark.django_db
def test_a_client_cannot_save_a_line_break_in_their_details(client, client_user, client_record):
    client.force_login(client_user)
    response = client.post(
        reverse("clients:my_profile"),
        {"preferred_name": "Jay\r\nBcc: someone@example.test", "phone": "555\n0100"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["preferred_name"] == [ONE_LINE]
    assert form.errors["phone"] == [ONE_LINE]
    assert ONE_LINE in response.content.decode()
    record = Client.objects.get(pk=client_record.pk)
    assert "\n" not in record.preferred_name and "\n" not in record.phone


@pytest.mark.django_db
def test_a_group_name_with_a_line_break_is_a_form_error(client, supervisor, facilitator):
    from groups.models import PeerGroup

    client.force_login(supervisor)
    response = client.post(reverse("groups:new"), {"group-name": "Monday\r\nnight meeting"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [ONE_LINE]
    assert ONE_LINE in response.content.decode()
    assert not PeerGroup.objects.exists()
