"""Forms of portal invitations: staff send one; the client sets a password from it."""

from __future__ import annotations

from django import forms


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address to send the link to",
        error_messages={"invalid": "Please enter a valid e-mail address, like name@example.org."},
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few unrelated words work well.",
    )
    password2 = forms.CharField(
        label="Type it again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords do not match. Please type them again.")
        return data
