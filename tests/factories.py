"""factory-boy factories. Users are made through the accounts service, as an admin would."""

import factory
from allauth.mfa.totp.internal.auth import TOTP

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create

TEST_PASSWORD = "correct horse battery staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


class UserFactory(factory.Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    role = Role.CLIENT
    password = TEST_PASSWORD
    totp = factory.LazyAttribute(lambda o: o.role != Role.CLIENT)

    @classmethod
    def _create(cls, model_class, *, totp: bool, role: Role, **kwargs):
        user = user_create(role=role, **kwargs)
        if role == Role.ADMINISTRATOR:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        if totp:
            TOTP.activate(user, TEST_TOTP_SECRET)
        return user
