from __future__ import annotations

import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .roles import CLINICAL_ROLES, STAFF_ROLES, Role


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

    @cached_property
    def roles(self) -> frozenset[Role]:
        names = set(self.groups.values_list("name", flat=True))
        found = {role for role in Role if role.value in names}
        if self.is_superuser:
            found.add(Role.ADMINISTRATOR)
        return frozenset(found)

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.roles

    @property
    def is_portal_staff(self) -> bool:
        """Staff of the organization (any staff role): must use TOTP."""
        return self.is_active and (self.is_staff or bool(self.roles & STAFF_ROLES))

    @property
    def is_clinical_staff(self) -> bool:
        return self.is_active and bool(self.roles & CLINICAL_ROLES)

    @property
    def is_client(self) -> bool:
        return self.is_active and Role.CLIENT in self.roles and not self.is_portal_staff

    @property
    def role_label(self) -> str:
        for role in Role:
            if role in self.roles:
                return role.value
        return "No role"
