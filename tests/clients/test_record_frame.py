"""Every staff page of a client record shows the one frame: the header with the client's name
and open safety alerts, and the record's tabs (gathered from every app) with the current tab
marked ``aria-current``."""

import re

import pytest
from django.urls import reverse

from clients.frame import tabs_for
from clients.models import SafetyAlert
from recovery_portal.plugins import record_tabs


def _current_tabs(html: str) -> list[str]:
    tabs = html.split('aria-label="Parts of the record"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)"', tabs)


# Tabs that open a document rather than a page of the record: the records-request export is a
# printable copy of the whole record, meant to be handed over without the staff frame.
DOCUMENTS = {"export"}


@pytest.mark.parametrize(
    "tab", [t for t in record_tabs() if t.key not in DOCUMENTS], ids=lambda tab: tab.key
)
def test_every_tab_page_shows_the_frame_with_its_own_tab_current(
    tab, client, supervisor, client_record
):
    SafetyAlert.objects.create(client=client_record, kind="self_harm", message="Check in today")
    client.force_login(supervisor)
    url = reverse(tab.url_name, args=[client_record.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="record-header' in html
    assert "Check in today" in html  # the open safety alert shows on every page of the record
    assert _current_tabs(html) == [url]


def test_tabs_come_from_every_app_in_order(supervisor, client_record):
    keys = [tab["key"] for tab in tabs_for(supervisor, client_record, "overview")]
    assert keys[0] == "overview"
    assert {"profile", "intake", "consents", "reminders"} <= set(keys)
    orders = [tab.order for tab in record_tabs()]
    assert orders == sorted(orders)


def test_supervision_only_tabs_are_hidden_from_case_managers(
    case_manager, supervisor, client_record
):
    def keys(user):
        return {tab["key"] for tab in tabs_for(user, client_record, "overview")}

    assert "export" in keys(supervisor)
    assert "export" not in keys(case_manager)


def test_a_tab_marks_the_pages_under_it_current(supervisor, client_record):
    current = [t["key"] for t in tabs_for(supervisor, client_record, "consent") if t["current"]]
    assert current == ["consents"]
