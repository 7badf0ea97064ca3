"""The shared form toolkit: a service's ValidationError put back on a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from recovery_portal.forms import errors_onto


class _Form(forms.Form):
    signed_on = forms.DateField(required=False)
    note = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form(data={})
    assert form.is_valid()
    return form


def test_a_dict_error_goes_on_the_fields_it_names_and_the_rest_on_the_form():
    form = _bound()
    errors_onto(
        form,
        ValidationError({"note": ["Too short.", "Too vague."], "unknown": "Not allowed."}),
    )
    assert form.errors["note"] == ["Too short.", "Too vague."]
    assert form.errors[NON_FIELD_ERRORS] == ["Not allowed."]
    assert "note" not in form.cleaned_data


def test_a_list_error_goes_on_the_form():
    form = _bound()
    errors_onto(
        form, ValidationError(["First.", ValidationError("Second %(n)s.", params={"n": 2})])
    )
    assert form.errors == {NON_FIELD_ERRORS: ["First.", "Second 2."]}


def test_field_map_turns_the_service_name_into_the_form_name():
    form = _bound()
    errors_onto(
        form,
        ValidationError({"signed_at": "In the future.", NON_FIELD_ERRORS: "Whole."}),
        {"signed_at": "signed_on"},
    )
    assert form.errors["signed_on"] == ["In the future."]
    assert form.errors[NON_FIELD_ERRORS] == ["Whole."]

    # Without the map the model's name is not a field of the form: a non-field error.
    form = _bound()
    errors_onto(form, ValidationError({"signed_at": "In the future."}))
    assert form.errors == {NON_FIELD_ERRORS: ["In the future."]}
