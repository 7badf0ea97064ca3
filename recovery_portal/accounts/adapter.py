from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: administrators create staff and case managers invite clients."""

    def is_open_for_signup(self, request) -> bool:
        return False
