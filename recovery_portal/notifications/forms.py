from __future__ import annotations

import re
import zoneinfo

from django import forms

from recovery_portal.notifications.models import CHOOSABLE_KINDS, Preference

PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


def _zone_choices():
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if ("/" in z and not z.startswith(("Etc/", "SystemV/"))) or z == "UTC"
    )
    return [(z, z.replace("_", " ")) for z in zones]


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="Send reminders by e-mail", required=False)
    sms_enabled = forms.BooleanField(label="Send reminders by text message", required=False)
    phone = forms.CharField(
        label="Mobile number for text messages",
        required=False,
        max_length=20,
        help_text="In international form, starting with + and the country code, e.g. +15551234567.",
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=_zone_choices)
    quiet_start = forms.TimeField(
        label="Quiet hours start",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="No reminders arrive between these times; they wait until quiet hours end.",
    )
    quiet_end = forms.TimeField(
        label="Quiet hours end", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    wanted_kinds = forms.MultipleChoiceField(
        label="Remind me about",
        choices=CHOOSABLE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    discreet = forms.BooleanField(
        label="Discreet wording (recommended)",
        required=False,
        help_text="Messages say only the time, like “Reminder: your 7:00 pm appointment "
        "tomorrow”. Details are shown after you sign in.",
    )

    @classmethod
    def initial_for(cls, preference: Preference, user) -> dict:
        return {
            "email_enabled": preference.email_enabled,
            "sms_enabled": preference.sms_enabled,
            "phone": preference.phone,
            "time_zone": user.time_zone,
            "quiet_start": preference.quiet_start,
            "quiet_end": preference.quiet_end,
            "wanted_kinds": [k for k, _ in CHOOSABLE_KINDS if k not in preference.opted_out_kinds],
            "discreet": preference.discreet,
        }

    def clean_phone(self):
        phone = re.sub(r"[\s().-]", "", self.cleaned_data["phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Please enter the mobile number with + and the country code, e.g. +15551234567."
            )
        return phone

    def clean(self):
        data = super().clean()
        if data.get("sms_enabled") and not data.get("phone"):
            self.add_error("phone", "Please enter a mobile number to get text messages.")
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error(
                "quiet_end", "Please give both a start and an end for quiet hours, or neither."
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "email_enabled": data["email_enabled"],
            "sms_enabled": data["sms_enabled"],
            "phone": data["phone"],
            "time_zone": data["time_zone"],
            "quiet_start": data["quiet_start"],
            "quiet_end": data["quiet_end"],
            "opted_out_kinds": [k for k, _ in CHOOSABLE_KINDS if k not in data["wanted_kinds"]],
            "discreet": data["discreet"],
        }
