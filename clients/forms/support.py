"""Forms of the support network."""

from __future__ import annotations

from django import forms

from clients.models import SupportContact
from clients.models.support import SUPPORT_CONTACT_FIELDS


class SupportContactForm(forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = SUPPORT_CONTACT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
