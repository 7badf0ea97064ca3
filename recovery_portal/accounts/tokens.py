"""Password-reset links that die when access ends (``ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR``).

Django's token hashes the account's id, password hash, last sign-in and the time; allauth's adds
the person's e-mail addresses. This one hashes the same, and once access has ended
(``recovery_portal.accounts.access``) the moment it ended too: every reset link already sent
stops working, even when the password stays (a closed record). It does not subclass allauth's
generator because allauth's ``forms`` module builds its generator from this setting on import.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import salted_hmac


class PasswordResetTokens(PasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp) -> str:
        from allauth.account.models import EmailAddress

        value = super()._make_hash_value(user, timestamp)
        emails = {user.email} if user.email else set()
        emails.update(EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True))
        value += "|".join(sorted(emails))
        if user.access_ended_at is not None:
            value += f"|ended {user.access_ended_at.isoformat()}"
        return value


def link_digest(token: str) -> str:
    """Only a digest of an e-mailed link's token is stored: a database leak does not leak
    working links (clients' portal invitations and staff invitations)."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(purpose: str, nonce: str) -> str:
    """The secret in an e-mailed link, derived from a stored random nonce and SECRET_KEY.

    The reminders outbox renders the e-mail at send time, so the link must be computable then;
    a database leak alone (nonce and digest) still does not give a working link."""
    return salted_hmac(purpose, nonce, algorithm="sha256").hexdigest()
