import base64
import hashlib
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import redirect


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: administrators create staff and case managers invite clients.
    Account e-mails greet with the neutral DISCREET_SENDER_NAME, not the host name. A sign-in
    that access ended in the middle of (between the password and the TOTP code) does not
    finish."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def login(self, request, user) -> None:
        """The last step of every sign-in. allauth checks that the account is active when the
        password is given, not when the TOTP code is: an account deactivated, or whose access
        ended (``recovery_portal.accounts.access.access_end``), since the sign-in began is
        refused here, and the half-done sign-in forgotten."""
        if not user.is_active:
            clear_login(request)
            raise ImmediateHttpResponse(self.respond_user_inactive(request, user))
        began = [record.get("at") for record in get_authentication_records(request, user)]
        began = min((at for at in began if isinstance(at, int | float)), default=None)
        if began is not None and user.access_ended_at and user.access_ended_at.timestamp() > began:
            clear_login(request)
            messages.error(request, "Please sign in again.")
            raise ImmediateHttpResponse(redirect("account_login"))
        super().login(request, user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's templates say "Hello from {{ current_site.name }}!" in the first line, which
        # a lock screen shows; without the sites framework that is the portal's host name.
        request = allauth_context.request
        domain = get_current_site(request).domain if request is not None else ""
        site = SimpleNamespace(name=settings.DISCREET_SENDER_NAME, domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a first authenticator asks for no password again: the person has just
        signed in with it (or chosen it from their invitation) and can reach nothing else
        until they enrol. Changing or removing one later still asks."""
        request = allauth_context.request
        user = getattr(request, "user", None)
        if (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not Authenticator.objects.filter(user=user).exists()
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


_FERNET_PREFIX = "fernet:"


def _fernet() -> Fernet:
    # MFA_ENCRYPTION_KEY if set (rotate SECRET_KEY freely then); otherwise derived from
    # SECRET_KEY, so changing SECRET_KEY means every staff member enrols again.
    key = settings.MFA_ENCRYPTION_KEY or base64.urlsafe_b64encode(
        hashlib.sha256(f"recovery-portal-mfa:{settings.SECRET_KEY}".encode()).digest()
    )
    return Fernet(key)


class PortalMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest (allauth keeps them in clear by default), and staff
    may not switch TOTP off."""

    def encrypt(self, text: str) -> str:
        return _FERNET_PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(_FERNET_PREFIX):
            return encrypted_text  # stored before encryption was on
        return _fernet().decrypt(encrypted_text[len(_FERNET_PREFIX) :].encode()).decode()

    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep TOTP (they may regenerate codes or ask an administrator to reset it).
        if authenticator.type == authenticator.Type.TOTP and authenticator.user.is_portal_staff:
            return False
        return super().can_delete_authenticator(authenticator)
