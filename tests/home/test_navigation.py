"""The top navigation: links every app declares, shown to whoever may use them."""

import pytest
from django.urls import reverse

from recovery_portal.plugins import nav_for


def _labels(user, view_name="home:today"):
    return [link["label"] for link in nav_for(user, view_name)]


def test_clinical_staff_see_today_and_clients(case_manager):
    assert _labels(case_manager)[:2] == ["Today", "Clients"]


def test_facilitators_see_no_client_records(facilitator):
    labels = _labels(facilitator)
    assert "Today" in labels
    assert "Clients" not in labels


def test_clients_see_only_their_own_pages(client_user):
    labels = _labels(client_user, "home:my_recovery")
    assert "My recovery" in labels
    assert "Today" not in labels and "Clients" not in labels


def test_a_link_is_current_on_the_pages_under_it(case_manager):
    current = [
        link["label"] for link in nav_for(case_manager, "clients:profile") if link["current"]
    ]
    assert current == ["Clients"]


@pytest.mark.parametrize("persona", ["case_manager", "client_user"])
def test_the_page_marks_the_current_link(persona, request, client):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("home:today" if user.is_portal_staff else "home:my_recovery")
    html = client.get(url).content.decode()
    assert f'aria-current="page" href="{url}"' in html


def test_links_of_one_menu_fold_into_one_item_marked_current_with_its_page(supervisor):
    items = nav_for(supervisor, "aftercare:outcomes")
    reports = next(item for item in items if item["label"] == "Reports")
    assert [link["label"] for link in reports["menu"]] == ["Follow-up compliance", "Outcomes"]
    assert reports["current"] and [link["current"] for link in reports["menu"]] == [False, True]
    assert "Outcomes" not in [item["label"] for item in items]


def test_a_clients_record_and_privacy_pages_share_one_menu(client_user):
    items = nav_for(client_user, "home:my_recovery")
    mine = next(item for item in items if item["label"] == "My record")
    assert [link["label"] for link in mine["menu"]] == [
        "My consents",
        "My support network",
        "Who has seen my record",
        "My reminders",
    ]
