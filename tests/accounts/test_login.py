"""Signing in: password, the staff TOTP step, forced enrolment, rate limits, idle expiry."""

from datetime import timedelta

import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from recovery_portal.accounts.roles import Role
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def post_login(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_client_signs_in_with_a_password_and_lands_on_my_recovery(client, client_user):
    response = post_login(client, client_user.email)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("home:my_recovery")
    assert b"My recovery" in response.content


def test_the_login_address_is_not_case_sensitive(client, client_user):
    response = post_login(client, client_user.email.upper())
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_wrong_password_is_refused_with_a_message(client, client_user):
    response = post_login(client, client_user.email, "not the password")
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content
    assert "_auth_user_id" not in client.session


def test_staff_must_give_a_totp_code_after_the_password(client, case_manager):
    response = post_login(client, case_manager.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in yet

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert client.get(reverse("home:index")).url == reverse("home:today")


def test_a_totp_code_cannot_be_used_twice(client, case_manager):
    code = totp_code()
    post_login(client, case_manager.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))

    post_login(client, case_manager.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_staff_without_totp_can_reach_only_mfa_setup_and_logout(client, db):
    newcomer = UserFactory(role=Role.CASE_MANAGER, totp=False)
    response = post_login(client, newcomer.email)
    assert "_auth_user_id" in client.session  # signed in, but fenced in

    for path in (reverse("home:today"), reverse("home:index"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp"), path

    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_who_enrol_totp_get_in(client, db):
    newcomer = UserFactory(role=Role.FACILITATOR, totp=False)
    post_login(client, newcomer.email)
    response = client.get(reverse("home:today"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # The first authenticator asks for no password again: they have just typed it (issue 18).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    # The secret stays the same across loads of the page until it is confirmed.
    client.get(reverse("mfa_activate_totp"))
    assert client.session["mfa.totp.secret"] == secret

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=newcomer, type="totp").exists()
    assert client.get(reverse("home:today")).status_code == 200
    # The recovery codes shown next need no password either; changing TOTP later does.
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_clients_are_not_forced_to_enrol_totp(client, client_user):
    post_login(client, client_user.email)
    assert client.get(reverse("home:my_recovery")).status_code == 200


def test_repeated_wrong_passwords_are_rate_limited(client, client_user):
    for _ in range(5):
        response = post_login(client, client_user.email, "wrong password")
        assert response.status_code == 200
    # Even the right password is refused while the limit holds.
    response = post_login(client, client_user.email)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert b"Too many" in response.content


def test_an_idle_session_expires(client, client_user, settings):
    post_login(client, client_user.email)
    assert client.get(reverse("home:my_recovery")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)):
        assert client.get(reverse("home:my_recovery")).status_code == 200  # activity extends
    later = timezone.now() + timedelta(minutes=2 * settings.SESSION_IDLE_MINUTES + 1)
    with time_machine.travel(later):
        response = client.get(reverse("home:my_recovery"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logout_needs_a_post(client, client_user):
    post_login(client, client_user.email)
    response = client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session  # a GET only shows the confirmation
    assert response.status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_there_is_no_public_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.test", "password1": "a long passphrase 1"},
    )
    assert response.status_code == 200
    assert b"closed" in response.content.lower()
    from recovery_portal.accounts.models import User

    assert not User.objects.filter(email="stranger@example.test").exists()


def test_password_reset_sends_an_email(client, client_user, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": client_user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [client_user.email]


def test_password_reset_for_an_unknown_address_says_nothing_different_and_sends_nothing(
    client, client_user, mailoutbox
):
    """ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off: no mail goes to an address without an account
    (no mail to strangers, nothing to learn from a mailbox), and the page answers exactly as it
    does for a known address (no enumeration)."""
    known = client.post(reverse("account_reset_password"), {"email": client_user.email})
    assert len(mailoutbox) == 1
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mailoutbox) == 1
    assert [message.to for message in mailoutbox] == [[client_user.email]]


def test_staff_cannot_switch_totp_off(client, case_manager):
    client.force_login(case_manager)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    # Re-authenticating replays the suspended request, which the adapter refuses.
    client.post(response["Location"], {"password": TEST_PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert b"cannot" in response.content.lower()
    assert Authenticator.objects.filter(user=case_manager, type="totp").exists()


def test_a_client_may_switch_their_own_totp_off(client, db):
    person = UserFactory(role=Role.CLIENT, totp=True)
    client.force_login(person)
    response = client.post(reverse("mfa_deactivate_totp"))
    client.post(response["Location"], {"password": TEST_PASSWORD})
    assert not Authenticator.objects.filter(user=person, type="totp").exists()


def test_totp_secrets_are_encrypted_at_rest(case_manager):
    from tests.factories import TEST_TOTP_SECRET

    stored = Authenticator.objects.get(user=case_manager, type="totp").data["secret"]
    assert stored.startswith("fernet:")
    assert TEST_TOTP_SECRET not in stored
