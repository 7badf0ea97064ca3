"""factory-boy factories. Users are made through the accounts service, as an admin would."""

import factory
from allauth.mfa.totp.internal.auth import TOTP

from clients.models import Client, ClientStatus
from clients.services.record import case_assign, client_create, client_status_change
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


class ClientFactory(factory.Factory):
    """A client record made as staff would make it: created, assigned, moved to active."""

    class Meta:
        model = Client

    legal_first_name = factory.Faker("first_name")
    legal_last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    email = factory.LazyAttribute(
        lambda o: f"{o.legal_first_name}.{o.legal_last_name}@example.test".lower()
    )
    phone = factory.Sequence(lambda n: f"555-01{n % 100:02d}")
    status = ClientStatus.ACTIVE
    user = None
    case_manager = None
    actor = None

    @classmethod
    def _create(cls, model_class, *, case_manager, actor, status, **kwargs):
        actor = actor or case_manager
        record = client_create(actor=actor, status=ClientStatus.INTAKE, **kwargs)
        if case_manager is not None:
            case_assign(client=record, case_manager=case_manager, actor=actor)
        for step in _PATH_FROM_INTAKE[status]:
            client_status_change(client=record, to_status=step, actor=actor, reason="Test")
        record.refresh_from_db()
        return record


_PATH_FROM_INTAKE = {
    ClientStatus.INTAKE: [],
    ClientStatus.ACTIVE: [ClientStatus.ACTIVE],
    ClientStatus.AFTERCARE: [ClientStatus.ACTIVE, ClientStatus.AFTERCARE],
    ClientStatus.DISCHARGED: [ClientStatus.ACTIVE, ClientStatus.DISCHARGED],
    ClientStatus.CLOSED: [ClientStatus.CLOSED],
}
