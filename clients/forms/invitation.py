"""Forms of portal invitations: staff send one (the client sets a password from it with
``recovery_portal.accounts.forms.SetPasswordForm``)."""

from __future__ import annotations

from django import forms


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address to send the link to",
        error_messages={"invalid": "Please enter a valid e-mail address, like name@example.org."},
    )
