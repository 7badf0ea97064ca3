"""A new staff member is walked through two-step sign-in set-up before anything else."""

import pytest
from playwright.sync_api import expect

from recovery_portal.accounts.roles import Role
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_a_new_case_manager_enrols_totp_then_reaches_today(page, live_server, transactional_db):
    UserFactory(role=Role.CASE_MANAGER, email="new.cm@example.test", totp=False)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("new.cm@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Straight to set-up, with a word on why, and without asking for the password again.
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.get_by_text("two-step sign-in to protect clients")).to_be_visible()
    assert_accessible(page)

    # Anything else sends them back to set-up until they enrol.
    page.goto(f"{live_server.url}/today/")
    page.wait_for_url("**/accounts/2fa/totp/activate/")

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    # The recovery codes, with the way on to Today.
    page.get_by_role("link", name="I have saved my codes: continue to Today").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
