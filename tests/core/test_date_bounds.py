"""Every date a form takes lies in the years the portal deals in (recovery_portal.forms.
bound_every_date_field): a date at the edge of Python's calendar was stored and then made every
page that read it back answer 500."""

import datetime as dt

import pytest
from django import forms
from django.urls import reverse

from casework.models import Appointment

pytestmark = pytest.mark.django_db


class _AnyDates(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2201-01-01", "1899-12-30"])
def test_any_form_refuses_a_date_outside_the_portals_years(day):
    form = _AnyDates({"day": day, "moment": f"{day} 23:30"})
    assert not form.is_valid()
    assert "Please enter a date between 1900 and 2200." in form.errors["day"]
    assert "Please enter a date between 1900 and 2200." in form.errors["moment"]


def test_it_takes_a_date_inside_them():
    form = _AnyDates({"day": "2200-12-31", "moment": "1900-01-01 00:00"})
    assert form.is_valid(), form.errors


def test_an_appointment_in_year_9999_is_refused_and_the_record_still_opens(
    client, case_manager, client_record
):
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:appointment_new", args=[client_record.pk]),
        {
            "kind": "counseling",
            "staff": case_manager.pk,
            "day": dt.date(9999, 12, 31).isoformat(),
            "at": "23:30",
            "duration_minutes": 240,
            "place": "Office",
            "video_url": "",
        },
    )
    assert response.status_code == 200
    assert "Please enter a date between 1900 and 2200." in response.content.decode()
    assert not Appointment.objects.exists()
    assert client.get(reverse("home:client_overview", args=[client_record.pk])).status_code == 200
