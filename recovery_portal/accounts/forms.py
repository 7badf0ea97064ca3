"""Forms about accounts: choosing one's own password from an e-mailed link (clients and
staff alike), and the administrator's "add a staff member" (no password: they choose it)."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.core import context as allauth_context
from allauth.mfa.totp import forms as allauth_totp_forms
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django import forms
from django.contrib.auth.models import Group

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role


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


class StaffAddForm(forms.ModelForm):
    """The admin's add form: a name, an e-mail address and a role. The person gets an
    invitation to choose their own password; nobody else ever sees or types it."""

    role = forms.ModelChoiceField(
        queryset=Group.objects.exclude(name=Role.CLIENT.value).order_by("name"),
        help_text="What they may do. Clients join through their case manager's invitation.",
        error_messages={"required": "Please choose a role."},
    )

    class Meta:
        model = User
        fields = ("full_name", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone already has an account with this e-mail address. Find them in the "
                "list of people instead."
            )
        return email

    def save(self, commit=True):
        # The person is made by ``staff_add`` (UserAdmin.save_model); the admin asks the form
        # for an unsaved instance only.
        user = super().save(commit=False)
        user.set_unusable_password()
        return user


class ActivateTOTPForm(allauth_totp_forms.ActivateTOTPForm):
    """allauth's set-up form makes a new secret on every load of the page, so someone who
    scanned the code and came back was told their code was wrong. The secret kept in the
    session stays until it is confirmed (allauth clears it then)."""

    def __init__(self, *args, **kwargs) -> None:
        session = allauth_context.request.session
        kept = session.get(SECRET_SESSION_KEY)
        super().__init__(*args, **kwargs)
        if kept:
            self.secret = session[SECRET_SESSION_KEY] = kept

    def clean_code(self) -> str:
        code = super().clean_code()
        # A right code from the new authenticator confirms who they are: the recovery codes
        # shown next ask for no password again (allauth would, a minute after sign-in).
        record_authentication(
            allauth_context.request, self.user, method="mfa", type="totp", reauthenticated=True
        )
        return code
