"""Refusals that say who can (issue 18, item 2), in Chromium at 1280 and 390 px with axe: a
facilitator asking for a new group, and a full group's page."""

import pytest
from playwright.sync_api import expect

from groups.services.enrollment import enrollment_add
from recovery_portal.accounts.roles import Role
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, ClientFactory, UserFactory
from tests.groups.helpers import make_group

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def _both_widths(page):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)


def test_a_facilitator_is_told_who_can(page, live_server, transactional_db):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    manager = UserFactory(role=Role.CASE_MANAGER)
    facilitator = UserFactory(role=Role.FACILITATOR, email="fac@example.test")
    group = make_group(supervisor, facilitators=[facilitator], capacity=1)
    enrollment_add(
        group=group, client=ClientFactory(case_manager=manager, actor=manager), actor=manager
    )
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill("fac@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{url}/today/")

    page.goto(f"{url}/groups/new/")
    expect(
        page.get_by_text(
            "Only people with the Supervisor or Case manager roles can create or change groups."
        )
    ).to_be_visible()
    _both_widths(page)

    page.goto(f"{url}/groups/{group.pk}/")
    expect(page.get_by_text("This group is full")).to_be_visible()
    expect(page.get_by_role("link", name="Enroll a client")).to_be_visible()
    _both_widths(page)
