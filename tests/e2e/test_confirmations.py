"""Confirm what cannot be undone (issue 18, item 4), in Chromium with JavaScript and without:
signing a note and sharing a plan with a client who has no portal account yet each show what
will happen and ask once; the sharing page offers the invitation. axe at 1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from casework.models import ProgressNote
from recovery_portal.accounts.roles import Role
from tests.casework.helpers import note_make, plan_make
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, ClientFactory, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def _both_widths(page):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_signing_and_sharing_ask_once(browser, live_server, transactional_db, javascript):
    manager = UserFactory(role=Role.CASE_MANAGER, email="cm@example.test", full_name="Casey M")
    record = ClientFactory(case_manager=manager, actor=manager, legal_first_name="Robin")
    note = note_make(record, manager)
    plan_make(record, manager)
    page = browser.new_context(java_script_enabled=javascript).new_page()
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill("cm@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{url}/today/")

    page.goto(f"{url}/clients/{record.pk}/notes/{note.pk}/")
    page.get_by_role("button", name="Sign and lock the note").click()
    expect(page.get_by_role("heading", name="Sign and lock this note?")).to_be_visible()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    if javascript:  # axe runs as a script: it checks the same pages in the other run
        _both_widths(page)
    assert ProgressNote.objects.get(pk=note.pk).signed_at is None
    page.get_by_role("button", name="Yes: sign and lock the note").click()
    expect(page.get_by_text("This note is locked.")).to_be_visible()

    page.goto(f"{url}/clients/{record.pk}/plan/")
    page.get_by_role("button", name="Share the plan with the client").click()
    expect(page.get_by_role("heading", name="Share the plan with the client?")).to_be_visible()
    expect(page.get_by_text("has no portal account yet")).to_be_visible()
    expect(page.get_by_role("link", name="Invite them to the portal")).to_be_visible()
    if javascript:
        _both_widths(page)
    page.get_by_role("button", name="Yes: share the plan with the client").click()
    expect(page.get_by_text("The client has no portal account yet")).to_be_visible()
