"""Every GET parameter a page reads goes through ``recovery_portal.params`` (or a form): what it
cannot read — a value not offered, a huge number, NaN, infinity, digits that are not ASCII, a
page past the last — is a 400 saying which parameter and why, never a 500 and never a quiet
answer to another question. One test per parameter; tests/security/test_fuzz.py sends hostile
values to every page, and tests/core/test_odd_input.py holds the finder's, the week's and the
group calendar's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse

from casework.services.plan import plan_review
from clients.services.intake import intake_start
from recovery_portal import params
from tests.casework.helpers import note_make, plan_make, resource_make
from tests.clients.consent.helpers import consent_make
from tests.conftest import reauthenticate

pytestmark = pytest.mark.django_db

HOSTILE_NUMBERS = ["①", "١٢", "NaN", "Infinity", "-1", "1e3", "9" * 30, "0x10"]


def _refused(response, words: str) -> None:
    assert response.status_code == 400, response.status_code
    assert words.replace('"', "&quot;") in response.content.decode()


def _signed_in(client, user):
    client.force_login(user)
    return client


# params.page: every paginated list ---------------------------------------------------------
def test_page_reads_a_page_number_and_refuses_one_past_the_last():
    request = RequestFactory().get("/", {"page": "2"})
    assert params.page(request, list(range(30)), 25).number == 2
    assert params.page(RequestFactory().get("/"), [], 25).number == 1  # an empty list: page 1
    with pytest.raises(params.BadParameter, match="this list has 2 pages"):
        params.page(RequestFactory().get("/", {"page": "3"}), list(range(30)), 25)
    for value in HOSTILE_NUMBERS + ["0"]:
        with pytest.raises(params.BadParameter, match="must be a whole number"):
            params.page(RequestFactory().get("/", {"page": value}), list(range(30)), 25)


def _paginated_pages(client_record):
    """(persona, URL) of every page that reads ``?page=``."""
    return [
        ("case_manager", reverse("casework:caseload")),
        ("case_manager", reverse("casework:open_referrals")),
        ("case_manager", reverse("casework:resources")),
        ("case_manager", reverse("casework:notes", args=[client_record.pk])),
        ("case_manager", reverse("clients:list")),
        ("client_user", reverse("clients:my_record_views")),
    ]


def test_every_paginated_page_reads_page_through_the_parser(request, client_record):
    for persona, url in _paginated_pages(client_record):
        browser = _signed_in(Browser(), request.getfixturevalue(persona))
        assert browser.get(f"{url}?page=1").status_code == 200, url
        for value in ("١٢", "NaN", "9" * 30):
            _refused(browser.get(f"{url}?page={value}"), '"page" must be a whole number')
        _refused(browser.get(f"{url}?page=7"), '"page" must be a page number from 1 to 1')


def test_a_page_past_the_last_says_how_many_pages_there_are(client, case_manager, client_record):
    for _ in range(3):
        note_make(client_record, case_manager)
    _signed_in(client, case_manager)
    url = reverse("casework:notes", args=[client_record.pk])
    assert client.get(f"{url}?page=1").status_code == 200
    _refused(client.get(f"{url}?page=2"), "this list has 1 page.")


# The caseload: sort and status --------------------------------------------------------------
@pytest.mark.parametrize("sort", ["next", "-next", "manager", "-review"])
def test_the_caseload_sorts_by_its_columns(client, case_manager, client_record, sort):
    response = _signed_in(client, case_manager).get(f"{reverse('casework:caseload')}?sort={sort}")
    assert response.status_code == 200
    assert response.context["sort"] == sort


@pytest.mark.parametrize("sort", ["legal_last_name", "--next", "next\n", "١", "NaN"])
def test_the_caseload_refuses_a_sort_it_does_not_offer(client, case_manager, sort):
    response = _signed_in(client, case_manager).get(reverse("casework:caseload"), {"sort": sort})
    assert response.status_code == 400


def test_the_caseload_filters_by_status_and_refuses_others(client, case_manager, client_record):
    _signed_in(client, case_manager)
    url = reverse("casework:caseload")
    assert list(client.get(url).context["page"]) == [client_record]  # "open" by default
    assert list(client.get(f"{url}?status=any").context["page"]) == [client_record]
    assert list(client.get(f"{url}?status=closed").context["page"]) == []
    _refused(client.get(f"{url}?status=everything"), '"status" must be one of: open, any,')
    assert 'value="any"' in client.get(url).content.decode()  # the form's "Any status"


# Plan versions: a and b ----------------------------------------------------------------------
def test_plan_versions_compare_two_and_refuse_what_is_not_a_version(
    client, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, share=True)
    plan_review(plan=plan, actor=case_manager, revise=True, progress={})  # version 2
    _signed_in(client, case_manager)
    url = reverse("casework:plan_versions", args=[client_record.pk])
    assert client.get(f"{url}?a=1&b=2").context["compared"] == (1, 2)
    assert "Choose two versions" in client.get(f"{url}?a=1").content.decode()
    for name in ("a", "b"):
        other = "b" if name == "a" else "a"
        for value in [*HOSTILE_NUMBERS, "3", "0"]:
            response = client.get(url, {name: value, other: "1"})
            assert response.status_code == 400, (name, value)
        _refused(
            client.get(url, {name: "3", other: "1"}),
            f'"{name}" must be the number of a version of this plan (versions: 1 to 2).',
        )


# The record export: for ----------------------------------------------------------------------
def test_the_export_preselects_a_consent_in_effect_and_refuses_any_other(
    client, supervisor, case_manager, client_record, other_client_record
):
    consent = consent_make(client_record, case_manager)
    elsewhere = consent_make(other_client_record, supervisor)
    _signed_in(client, supervisor)
    reauthenticate(client)
    url = reverse("clients:export_print", args=[client_record.pk])
    form = client.get(f"{url}?for={consent.pk}").context["form"]
    assert form.initial == {"consent": consent.pk, "basis": "consent"}
    assert client.get(url).context["form"].initial == {}
    _refused(client.get(f"{url}?for={elsewhere.pk}"), '"for" must be a consent of this record')
    for value in HOSTILE_NUMBERS:
        assert client.get(url, {"for": value}).status_code == 400, value


# The screening: for --------------------------------------------------------------------------
def test_a_screening_from_the_intake_reads_for_and_refuses_anything_else(
    client, case_manager, client_record
):
    intake_start(client=client_record, actor=case_manager)
    _signed_in(client, case_manager)
    url = reverse("clients:screening_new", kwargs={"pk": client_record.pk, "code": "phq9"})
    assert client.get(f"{url}?for=intake").status_code == 200
    _refused(client.get(f"{url}?for=plan"), '"for" must be one of: intake.')
    _refused(client.get(url, {"for": "intake\n"}), '"for" must be one line of plain text.')


# The referral: resource ----------------------------------------------------------------------
def test_a_new_referral_preselects_a_service_and_refuses_what_is_not_one(
    client, case_manager, client_record
):
    resource = resource_make(case_manager)
    _signed_in(client, case_manager)
    url = reverse("casework:referral_new", args=[client_record.pk])
    assert client.get(f"{url}?resource={resource.pk}").context["form"].initial == {
        "resource": resource.pk
    }
    _refused(client.get(f"{url}?resource={resource.pk + 100}"), '"resource" must be a service')
    for value in HOSTILE_NUMBERS:
        assert client.get(url, {"resource": value}).status_code == 400, value


# The compliance report: followup -------------------------------------------------------------
def test_the_compliance_report_reads_followup_and_refuses_a_step_it_does_not_know(
    client, supervisor
):
    _signed_in(client, supervisor)
    for name in ("aftercare:compliance", "aftercare:compliance_csv"):
        url = reverse(name)
        assert client.get(f"{url}?followup=all").status_code == 200
        assert client.get(url).status_code == 200
        _refused(client.get(f"{url}?followup=Year+99"), '"followup" must be one of: all')
    assert client.get(reverse("aftercare:compliance")).context["label"] == ""


# healthz: scope ------------------------------------------------------------------------------
def test_healthz_reads_scope_and_refuses_another(client, watchdog_all_clear):
    url = reverse("healthz")
    assert client.get(f"{url}?scope=web").status_code == 200
    assert client.get(url).status_code in (200, 503)
    _refused(client.get(f"{url}?scope=everything"), '"scope" must be one of: web.')
    _refused(client.get(url, {"scope": "web\x00"}), '"scope" must be one line of plain text.')


def test_every_get_read_in_the_apps_goes_through_the_parser_or_a_form():
    """A new ``request.GET.get(...)`` in a view would skip the parser: only params.py reads
    single parameters; forms take ``request.GET`` whole."""
    root = Path(__file__).resolve().parents[2]
    tops = [
        top
        for top in root.iterdir()
        if top.is_dir() and not top.name.startswith(".") and top.name not in ("tests", "bench")
    ]
    offenders = []
    for path in (path for top in tops for path in top.rglob("*.py")):
        if "migrations" in path.parts or path.name == "params.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\bGET(\.get|\.getlist|\[)", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# Search forms: the directory's and the client list's (and its CSV) ---------------------------
def test_a_search_it_cannot_read_is_refused_not_answered_with_everything(
    client, supervisor, client_record
):
    _signed_in(client, supervisor)
    for name in ("clients:list", "clients:list_csv"):
        url = reverse(name)
        assert client.get(url, {"status": "active"}).status_code == 200
        _refused(client.get(url, {"status": "everyone"}), '"status": Select a valid choice.')
        assert client.get(url, {"q": "x" * 101}).status_code == 400
    url = reverse("casework:resources")
    assert client.get(url, {"category": ""}).status_code == 200
    _refused(client.get(url, {"category": "nowhere"}), '"category": Select a valid choice.')
