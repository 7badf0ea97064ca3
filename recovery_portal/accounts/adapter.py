from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: administrators create staff and case managers invite clients."""

    def is_open_for_signup(self, request) -> bool:
        return False


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep TOTP (they may regenerate codes or ask an administrator to reset it).
        if authenticator.type == authenticator.Type.TOTP and authenticator.user.is_portal_staff:
            return False
        return super().can_delete_authenticator(authenticator)
