"""Audit events for sign-in, sign-out, failed sign-in and MFA changes (framework signals)."""

import time

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from recovery_portal.accounts.middleware import SIGNED_IN_AT
from recovery_portal.accounts.models import User
from recovery_portal.audit.services import audit_record


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The session's absolute lifetime counts from here (middleware.SessionLifetimeMiddleware).
        request.session[SIGNED_IN_AT] = time.time()
    audit_record(actor=user, action="auth.login", target=user, request=request)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, request=request)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Whose account was tried, as the trail names people (a client's by record number, never
    # their address: the trail outlives their record); an address that is no one's account is
    # kept as typed. The password never is.
    typed = str(credentials.get("email") or credentials.get("username") or "")
    account = User.objects.filter(email__iexact=typed.strip()).first() if typed.strip() else None
    details = (
        {"user": account.pk, "account": account.audit_label}
        if account is not None
        else {"email": typed}
    )
    audit_record(actor=None, action="auth.login_failed", request=request, details=details)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action="mfa.added",
        target=user,
        request=request,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action="mfa.removed",
        target=user,
        request=request,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action="mfa.codes_regenerated",
        target=user,
        request=request,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs):
    audit_record(actor=user, action="mfa.failed", target=user, request=request)


@receiver(post_migrate)
def _sync_roles(sender, **kwargs):
    # After each app's permissions are created (on migrate, and on the flush between
    # transactional tests), give the roles theirs.
    from recovery_portal.accounts.services import roles_sync_permissions

    roles_sync_permissions(app_label=sender.label)
