"""The staff pages about consents, disclosures, the support network and portal access sit in
the record's one frame: its header and tabs (the current one marked), an audit event for
every look at them, and no second tab bar."""

import pytest
from django.urls import reverse

from recovery_portal.audit.models import AuditEvent

from .helpers import consent_make

CONSENTS_TAB = "Consents and disclosures"


def _pages(client_record, consent):
    record = {"client_pk": client_record.pk}
    one = {**record, "pk": consent.pk}
    return [
        ("clients:consent_list", record, "consents", CONSENTS_TAB, "Consents"),
        ("clients:consent_create", record, "new consent", CONSENTS_TAB, "New consent"),
        ("clients:consent_detail", one, "consent", CONSENTS_TAB, "Consent to share with"),
        ("clients:consent_revoke", one, "revoke consent", CONSENTS_TAB, "Revoke the consent"),
        ("clients:disclosure_list", record, "disclosures", CONSENTS_TAB, "Disclosures of"),
        ("clients:disclosure_create", record, "new disclosure", CONSENTS_TAB, "Record a"),
        ("clients:support_network", record, "support network", "Support network", "Support"),
        ("clients:invitation", record, "portal access", "Portal access", "Portal access"),
        ("clients:portal_access_revoke", record, "portal access", "Portal access", "Revoke"),
    ]


@pytest.fixture
def signed_consent(client_record, case_manager):
    return consent_make(client_record, case_manager)


def test_each_page_shows_the_record_header_with_its_tab_current_and_a_heading(
    client, case_manager, client_record, signed_consent
):
    client.force_login(case_manager)
    for name, kwargs, _part, tab, heading in _pages(client_record, signed_consent):
        response = client.get(reverse(name, kwargs=kwargs))
        page = response.content.decode()
        assert response.status_code == 200, name
        assert [t["label"] for t in response.context["record_tabs"] if t["current"]] == [tab]
        assert 'aria-label="Parts of the record"' in page, name
        assert page.count('aria-current="page"') >= 1, name
        assert f'<h2 class="h4">{heading}' in page, name
        assert "nav-tabs" in page and page.count("nav nav-tabs") == 1, name
        assert "Jamie" in page.split("<h1", 1)[1].split("</h1>", 1)[0], name


def test_each_look_is_audited_with_its_part(client, case_manager, client_record, signed_consent):
    client.force_login(case_manager)
    for name, kwargs, part, _tab, _heading in _pages(client_record, signed_consent):
        client.get(reverse(name, kwargs=kwargs))
        event = AuditEvent.objects.filter(action="client.view").latest("id")
        assert (event.actor, event.client_id, event.details) == (
            case_manager,
            client_record.pk,
            {"part": part},
        ), name


def test_a_write_logs_its_own_event_not_a_look(client, case_manager, client_record, signed_consent):
    client.force_login(case_manager)
    views_before = AuditEvent.objects.filter(action="client.view").count()
    url = reverse(
        "clients:consent_revoke", kwargs={"client_pk": client_record.pk, "pk": signed_consent.pk}
    )
    assert client.post(url, {"note": "Asked by phone"}).status_code == 302
    assert AuditEvent.objects.filter(action="client.view").count() == views_before
    assert AuditEvent.objects.filter(action="consent.revoke").exists()


def test_a_consent_of_another_record_is_a_404_in_the_frame(
    client, case_manager, client_record, other_client_record, signed_consent
):
    client.force_login(case_manager)
    url = reverse(
        "clients:consent_detail",
        kwargs={"client_pk": client_record.pk, "pk": signed_consent.pk + 999},
    )
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(
        action="client.view", details__part="consent", client_id=client_record.pk
    ).exists()
