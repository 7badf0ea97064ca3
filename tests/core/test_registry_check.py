"""``manage.py check`` checks what every app declares for the shared pages
(``recovery_portal/plugins.py``): a dotted path that does not import, a URL name that does not
reverse, a template that does not exist, a key or an order declared twice is an error when any
command starts, not when a page first needs it."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from recovery_portal.checks import registry_problems
from recovery_portal.plugins import Audience, ExportPart, NavLink, Panel, RecordTab


def _app(label="demo", **declarations):
    """A stand-in AppConfig declaring ``declarations``."""
    return SimpleNamespace(label=label, **declarations)


def _panel(key="card", *, template="home/today.html", load="clients.panels.about", order=1):
    return Panel(key, "A card", template, load, order=order)


def _messages(*configs) -> list[str]:
    return [f"{e.id} {e.msg}" for e in registry_problems(configs)]


def test_the_project_declares_nothing_broken():
    assert registry_problems(apps.get_app_configs()) == []
    call_command("check")  # raises SystemCheckError on any error


def test_a_dotted_path_that_does_not_import():
    messages = _messages(
        _app(overview_panels=[_panel(load="clients.panels.no_such_loader")]),
        _app("other", demo_seeders=["no_such_app.demo.seed"]),
    )
    assert len(messages) == 2
    assert messages[0].startswith("portal.E101 demo.SimpleNamespace.overview_panels:")
    assert "'clients.panels.no_such_loader' cannot be imported" in messages[0]
    assert "other.SimpleNamespace.demo_seeders: 'no_such_app.demo.seed'" in messages[1]


def test_a_url_name_that_does_not_exist():
    messages = _messages(
        _app(nav_links=[NavLink("Nowhere", "clients:no_such_page", Audience.STAFF, order=1)]),
        _app("other", record_tabs=[RecordTab("nowhere", "Nowhere", "nowhere", order=1)]),
    )
    assert sorted(messages) == [
        "portal.E101 demo.SimpleNamespace.nav_links: no URL is named 'clients:no_such_page'.",
        "portal.E101 other.SimpleNamespace.record_tabs: no URL is named 'nowhere'.",
    ]


def test_a_url_that_does_not_take_the_arguments_it_will_be_given():
    # A tab is reversed with the client's id, a navigation link with nothing.
    messages = _messages(
        _app(record_tabs=[RecordTab("today", "Today", "home:today", order=1)]),
        _app("other", nav_links=[NavLink("Plan", "casework:plan", Audience.STAFF, order=1)]),
    )
    assert messages == [
        "portal.E101 demo.SimpleNamespace.record_tabs: URL 'home:today' does not take 1 "
        "argument(s).",
        "portal.E101 other.SimpleNamespace.nav_links: URL 'casework:plan' does not take 0 "
        "argument(s).",
    ]


def test_the_url_names_that_mark_a_link_current_must_exist_too():
    link = NavLink(
        "Clients", "clients:list", Audience.STAFF, order=1, also=("clients:*", "nope:*", "x:y")
    )
    assert _messages(_app(nav_links=[link])) == [
        "portal.E101 demo.SimpleNamespace.nav_links: no URL is named 'nope:*'.",
        "portal.E101 demo.SimpleNamespace.nav_links: no URL is named 'x:y'.",
    ]


def test_a_template_that_does_not_exist():
    messages = _messages(_app(today_items=[_panel(template="nowhere/_card.html")]))
    assert messages == [
        "portal.E101 demo.SimpleNamespace.today_items: template 'nowhere/_card.html' does "
        "not exist."
    ]


def test_an_export_part_names_models_that_exist():
    part = ExportPart(
        "x",
        "X",
        "casework.export.plans",
        order=1,
        models=("casework.RecoveryPlan", "casework.Nope"),
    )
    assert _messages(_app(record_export_parts=[part])) == [
        "portal.E101 demo.SimpleNamespace.record_export_parts: no model is labelled "
        "'casework.Nope'."
    ]


def test_an_export_part_names_a_template_that_exists():
    part = ExportPart(
        "x",
        "X",
        "casework.export.plan_versions",
        order=1,
        models=("casework.PlanVersion",),
        template="nowhere/_rows.html",
    )
    assert _messages(_app(record_export_parts=[part])) == [
        "portal.E101 demo.SimpleNamespace.record_export_parts: template 'nowhere/_rows.html' "
        "does not exist."
    ]


def test_an_item_in_the_wrong_registry():
    messages = _messages(_app(nav_links=[_panel()]))
    assert len(messages) == 1 and "is not a NavLink" in messages[0]


def test_a_key_declared_twice_in_one_registry():
    messages = _messages(
        _app(client_home_items=[_panel("card", order=1)]),
        _app("other", client_home_items=[_panel("card", order=2)]),
    )
    assert messages == [
        "portal.E102 other.SimpleNamespace.client_home_items: 'card' is declared twice in "
        "client_home_items (also by demo)."
    ]


def test_a_tab_part_that_two_tabs_would_claim():
    tabs = [
        RecordTab("profile", "Profile", "clients:profile", order=1, also=("intake",)),
        RecordTab("intake", "Intake", "clients:intake", order=2),
    ]
    messages = _messages(_app(record_tabs=tabs))
    assert len(messages) == 1 and messages[0].startswith("portal.E102")
    assert "'intake' is declared twice in record_tabs" in messages[0]


def test_an_order_used_twice_in_one_registry():
    messages = _messages(
        _app(overview_panels=[_panel("one", order=7)]),
        _app("other", overview_panels=[_panel("two", order=7)]),
    )
    assert len(messages) == 1
    assert messages[0].startswith(
        "portal.E103 other.SimpleNamespace.overview_panels: order 7 is used twice in "
        "overview_panels (also by demo 'one')"
    )


def test_the_same_key_or_order_in_different_registries_is_fine():
    assert (
        _messages(_app(today_items=[_panel()]), _app("other", client_home_items=[_panel()])) == []
    )


def test_manage_py_check_fails_on_a_broken_declaration(monkeypatch):
    groups = apps.get_app_config("peer_groups")
    broken = [*groups.nav_links, NavLink("Gone", "groups:gone", Audience.STAFF, order=301)]
    monkeypatch.setattr(groups, "nav_links", broken)
    with pytest.raises(SystemCheckError, match=r"portal\.E101.*no URL is named 'groups:gone'"):
        call_command("check")
