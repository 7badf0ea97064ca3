"""When access ends, it ends everywhere: one service for every path.

Revoking a client's portal access, deactivating an account (the admin's action or its form),
closing a client's record and inviting a client again all call ``access_end``. It

1. sets ``User.access_ended_at``: sessions (``User._get_session_auth_hash``), password-reset
   links (``accounts.tokens.PasswordResetTokens``) and one-click unsubscribe links made
   before it are refused, and so is a sign-in whose password was given before it and whose
   TOTP code comes after (``PortalAccountAdapter.login``);
2. with ``deactivate``, switches the account off and makes its password unusable, so a
   reactivated person starts with nothing and sets a new password through a reset link;
3. asks every kind of credential the apps declare (``access_enders`` on their ``AppConfig``,
   ``recovery_portal/plugins.py``) to end the person's: calendar links, invitations, sessions
   (signed in, or waiting for the TOTP code), emergency (break-the-glass) grants still running;
4. writes one audit event with the reason and how many of each kind ended.

Nothing comes back later: a re-invited or reactivated person makes a new calendar link.
"""

from __future__ import annotations

from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.account.utils import user_pk_to_url_str
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from recovery_portal.accounts.models import User
from recovery_portal.audit.services import audit_record
from recovery_portal.plugins import access_enders

# Why access ended (the audit event's ``details["reason"]``).
REASONS = ("portal_revoke", "deactivate", "record_closed", "reinvite")


@transaction.atomic
def access_end(
    *, user: User, actor, reason: str, deactivate: bool = False, request=None
) -> dict[str, int]:
    """End every way ``user`` had in, for good; returns how many of each kind ended."""
    if reason not in REASONS:
        raise ValueError(f"Unknown reason {reason!r}.")
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    user.access_ended_at = now
    fields = ["access_ended_at"]
    if deactivate:
        user.is_active = False
        # A new (unusable) hash: the old password stops working, as do reset links made with it.
        user.set_unusable_password()
        fields += ["is_active", "password"]
    user.save(update_fields=fields)
    ended = {kind.key: kind.ender()(user, now=now) for kind in access_enders()}
    audit_record(
        actor=actor,
        action="access.end",
        target=user,
        request=request,
        details={"reason": reason, "deactivated": deactivate, "ended": ended},
    )
    return ended


def sessions_end(user: User, *, now) -> int:
    """Delete the person's stored sessions: those signed in (their hash would be refused
    anyway, see ``User._get_session_auth_hash``) and those half-way through signing in, the
    password given and the TOTP code not yet (allauth's pending login, which names the
    person): the code cannot finish a sign-in that access ended in the middle of. Only
    unexpired sessions are read: they last ``SESSION_IDLE_MINUTES``."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=now).iterator()
        if _session_of(session.get_decoded(), user)
    ]
    return Session.objects.filter(pk__in=mine).delete()[0]


def _session_of(data: dict, user: User) -> bool:
    if str(data.get("_auth_user_id")) == str(user.pk):
        return True
    pending = data.get(LOGIN_SESSION_KEY)
    return isinstance(pending, dict) and pending.get("user_pk") == user_pk_to_url_str(user)


def password_resets_end(user: User, *, now) -> int:
    """Stateless: a reset link hashes ``access_ended_at``
    (``accounts.tokens.PasswordResetTokens``), which ``access_end`` has just changed, so every
    link made before fails."""
    return 0
