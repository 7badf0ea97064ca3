"""Only Administrators reach the Django admin, and its log-in is allauth's (TOTP included)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD


@pytest.mark.parametrize("persona", ["supervisor", "case_manager", "facilitator", "client_user"])
def test_the_admin_is_refused_to_every_role_but_administrator(persona, request, client):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_an_administrator_reaches_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200


def test_admin_login_goes_through_allauth_and_asks_for_totp(client, admin_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": admin_user.email, "password": TEST_PASSWORD},
    )
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_admin_lists_staff_with_roles_and_searches(client, admin_user, case_manager):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "cm@example"})
    assert b"cm@example.test" in response.content
    assert b"Case manager" in response.content
    response = client.get(reverse("admin:accounts_user_changelist"), {"totp": "no"})
    assert response.status_code == 200


def test_an_administrator_resets_someones_mfa(client, admin_user, case_manager):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_mfa", "_selected_action": [case_manager.pk]},
    )
    assert response.status_code == 302
    assert not case_manager.authenticator_set.exists()
    assert AuditEvent.objects.filter(action="mfa.reset", target_id=str(case_manager.pk)).exists()


def test_an_administrator_deactivates_instead_of_deleting(client, admin_user, case_manager):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [case_manager.pk]},
    )
    case_manager.refresh_from_db()
    assert not case_manager.is_active
    response = client.get(reverse("admin:accounts_user_delete", args=[case_manager.pk]))
    assert response.status_code == 403


def test_an_administrator_creates_a_staff_member(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.test",
            "full_name": "New Person",
            "role": Group.objects.get(name=Role.CASE_MANAGER.value).pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(email="new.person@example.test")
    # Verified once they use the invitation sent to it (tests/accounts/test_staff_invitation.py).
    assert not user.emailaddress_set.get().verified
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.create", target_id=str(user.pk)).exists()
