from __future__ import annotations

import zoneinfo
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from recovery_portal.accounts.roles import ROLE_PERMISSIONS, Role
from recovery_portal.accounts.tokens import link_token
from recovery_portal.notifications.content import ReminderContent

# What only the client's own pages need; any other permission makes a person staff.
_CLIENT_ONLY = frozenset(ROLE_PERMISSIONS[Role.CLIENT])


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone name, such as America/Chicago.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff or client. Signs in with e-mail; never deleted, deactivated."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    is_staff = models.BooleanField(
        "may use the admin site",
        default=False,
        help_text="Administrators only: lets the person into the Django admin.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to deactivate the account instead of deleting it."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # When the person's access last ended (``recovery_portal.accounts.access.access_end``):
    # every session, password-reset link and unsubscribe link made before it is refused.
    access_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        permissions = [
            ("reset_user_mfa", "Can reset a user's two-factor authentication"),
            ("see_all_clients", "Can see every client (supervision)"),
            ("reassign_caseloads", "Can reassign caseloads"),
            ("keep_caseload", "Can keep a caseload of clients"),
            ("run_groups", "Can run peer groups and take attendance"),
            ("use_client_portal", "Can use the client's own pages"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]

    def _get_session_auth_hash(self, secret=None):
        """Django ends a session whose stored hash no longer matches: the password's, and once
        access has ended, the moment it ended too (so a closed record's sessions end while its
        password still works)."""
        if self.access_ended_at is None:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "recovery_portal.accounts.User.session_auth_hash",
            f"{self.password}|{self.access_ended_at.isoformat()}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def roles(self) -> frozenset[Role]:
        names = set(self.groups.values_list("name", flat=True))
        found = {role for role in Role if role.value in names}
        if self.is_superuser:
            found.add(Role.ADMINISTRATOR)
        return frozenset(found)

    def has_role(self, role: Role) -> bool:
        """For labels and set-up only; what a person may *do* is asked of the predicates below."""
        return self.is_active and role in self.roles

    # ── What a person may do: asked of permissions, never of role names ──
    # Roles are Django groups that bundle permissions (ROLE_PERMISSIONS); an administrator who
    # edits a role's permissions in the admin changes what its holders may do, and a person with
    # two roles has the union. The superuser's blanket "has every permission" is deliberately
    # not used here: being a superuser opens the admin, not clinical records.

    @cached_property
    def granted_permissions(self) -> frozenset[str]:
        """``"app_label.codename"`` of every permission the user's roles and own grants give."""
        if not self.is_active or self.pk is None:
            return frozenset()
        from django.contrib.auth.models import Permission

        rows = (
            Permission.objects.filter(models.Q(group__user=self) | models.Q(user=self))
            .values_list("content_type__app_label", "codename")
            .distinct()
        )
        return frozenset(f"{label}.{codename}" for label, codename in rows)

    def may(self, permission: str) -> bool:
        return permission in self.granted_permissions

    @property
    def may_see_all_clients(self) -> bool:
        return self.may("accounts.see_all_clients")

    @property
    def may_reassign_caseloads(self) -> bool:
        return self.may("accounts.reassign_caseloads")

    @property
    def keeps_caseload(self) -> bool:
        return self.may("accounts.keep_caseload")

    @property
    def runs_groups(self) -> bool:
        return self.may("accounts.run_groups")

    @property
    def uses_client_portal(self) -> bool:
        return self.may("accounts.use_client_portal")

    @property
    def is_portal_staff(self) -> bool:
        """Works for the organization: holds any permission beyond the client's own pages (or
        may enter the admin). Staff must use TOTP and see the staff pages."""
        return self.is_active and (self.is_staff or bool(self.granted_permissions - _CLIENT_ONLY))

    @property
    def is_clinical_staff(self) -> bool:
        """May open client records (within their scope): sees every client or keeps a caseload."""
        return self.may_see_all_clients or self.keeps_caseload

    @property
    def is_client(self) -> bool:
        """Uses the client's own pages. Staff never do, even holding the permission."""
        return self.uses_client_portal and not self.is_portal_staff

    @property
    def audit_label(self) -> str:
        """How the audit trail names this person, as actor or target. Staff by e-mail: they
        answer for what they do, and they are not patients. Anyone else (a client) by number,
        never by name or address: the trail outlives the destruction of a client's record.
        Staff means a role other than the client's, or the admin flag, whether or not the
        account is active."""
        if self.is_staff or self.roles - {Role.CLIENT}:
            return self.email
        try:
            record = self.client_record  # clients.Client.user (accounts imports no domain app)
        except (ObjectDoesNotExist, AttributeError):
            record = None
        return f"client record {record.pk}" if record is not None else f"user {self.pk}"

    @property
    def role_label(self) -> str:
        for role in Role:
            if role in self.roles:
                return role.value
        return "No role"


class RoleGrant(models.Model):
    """A permission ``ROLE_PERMISSIONS`` gave a role, once. The sync after each migrate gives
    only grants not recorded here, so a permission an administrator took away from a role in
    the admin stays away."""

    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="+")
    permission = models.ForeignKey("auth.Permission", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "permission"], name="one_grant_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.group} was given {self.permission}"


STAFF_INVITATION_VALID_FOR = timedelta(days=7)  # as long as a client's invitation


class StaffInvitation(models.Model):
    """An administrator invites a staff member to set their own password: an e-mailed link,
    single-use, expiring, made as clients' portal invitations are (``accounts.tokens``: only
    a random nonce and the digest of the link's token are stored) and sent by the outbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_invitations"
    )
    email = models.EmailField("e-mail")
    token_hash = models.CharField(max_length=64, unique=True)
    token_nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer invitation replaces it, or when the person's access ends.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_staff_invitation_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Staff invitation {self.pk}"

    @property
    def token(self) -> str:
        return link_token("accounts.staff_invitation", self.token_nonce)

    def reminder_message(self, reminder):
        """What the outbox sends, at send time, while the link works: the clients' discreet
        wording (it never says what the organization does)."""
        if not self.is_usable:
            return None
        if (reminder.recipient.email or "").lower() != self.email.lower():
            return None
        return ReminderContent(
            when=None,
            path=reverse("staff_invitation_accept", kwargs={"token": self.token}),
            link_text="Set up your account (the link works once, for 7 days)",
            why="You get this because an administrator invited you to set up an account.",
        )

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )
