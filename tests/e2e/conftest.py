"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server,
with the demo organization seeded; axe-core checks every page a journey visits."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from recovery_portal import plugins
from recovery_portal.plugins import RECORD_SECTIONS
from tests.conftest import totp_code
from tests.demo_snapshot import demo_people

_axe = Axe()


def open_menu(page, label: str) -> None:
    """Open a menu of the main navigation (a link folded into "Reports", "My record",
    "Account" …): on a phone the menu button first."""
    toggler = page.get_by_role("button", name="Show or hide the menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    page.get_by_role("navigation", name="Main").locator("summary", has_text=label).click()


def record_tab(page, name: str) -> None:
    """Open a record's tab: its section first (the record shows the tabs of one section at a
    time), by the section's long or short name, whichever the width shows."""
    parts = page.get_by_role("navigation", name="Parts of the record")
    tab = next(t for t in plugins.record_tabs() if t.label == name)
    long_name, short_name = RECORD_SECTIONS[tab.section]
    section = re.compile(rf"^({re.escape(long_name)}|{re.escape(short_name)})$")
    parts.locator(".record-sections").get_by_role("link", name=section).click()
    parts.locator(".record-tabs").get_by_role("link", name=name, exact=True).click()


def assert_accessible(page) -> None:
    """Fail on serious or critical axe-core violations of the current page."""
    results = _axe.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3] if n.get("target"))
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)


@pytest.fixture
def demo(transactional_db):
    """The demo organization, seeded once per test process and put back fresh for each test
    (tests/demo_snapshot.py): the demo logins by e-mail."""
    return demo_people()


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the real log-in page (and the TOTP step for staff)."""

    def do(email: str, *, totp: bool = False):
        page.goto(f"{live_server.url}/accounts/login/")
        assert_accessible(page)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        if totp:
            page.wait_for_url("**/accounts/2fa/authenticate/")
            assert_accessible(page)
            page.get_by_label("Code").fill(totp_code(settings.DEMO_TOTP_SECRET))
            page.get_by_role("button", name="Sign In").click()

    return do
