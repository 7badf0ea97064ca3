"""The client's own pages: profile, consents, support network, and who has seen my record."""

import pytest
from django.urls import reverse

from clients.models import SupportContact
from clients.services.record import client_record_viewed
from recovery_portal.audit.models import AuditEvent

from .helpers import consent_make, contact_make


@pytest.fixture
def signed_in(client, client_user, client_record):
    client.force_login(client_user)
    return client


def test_a_client_cannot_act_on_another_clients_consent_or_contact_by_changing_the_id(
    client, other_client_user, other_client_record, client_record, case_manager, client_user
):
    consent = consent_make(client_record, case_manager, signed=False)
    contact = contact_make(client_record, client_user)
    client.force_login(other_client_user)
    attempts = [
        (reverse("clients:my_consent", kwargs={"pk": consent.pk}), {"typed_name": "Robin Other"}),
        (reverse("clients:my_consent_revoke", kwargs={"pk": consent.pk}), {}),
        (reverse("clients:my_contact_edit", kwargs={"pk": contact.pk}), {"name": "Changed"}),
        (reverse("clients:my_contact_remove", kwargs={"pk": contact.pk}), {}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 404, url
    consent.refresh_from_db()
    contact.refresh_from_db()
    assert consent.signed_at is None and consent.revoked_at is None
    assert contact.name == "Dana Rivers" and contact.removed_at is None


def test_a_case_manager_cannot_reach_a_client_outside_their_caseload(
    client, other_case_manager, client_record
):
    client.force_login(other_case_manager)
    for name in ("consent_list", "disclosure_list", "support_network", "invitation"):
        url = reverse(f"clients:{name}", kwargs={"client_pk": client_record.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"email": "x@example.test"}).status_code == 404


def test_the_client_revokes_a_consent_in_the_portal_and_it_stops_at_once(
    signed_in, client_record, case_manager, client_user
):
    consent = consent_make(client_record, case_manager)
    assert consent.is_active
    response = signed_in.post(reverse("clients:my_consent_revoke", kwargs={"pk": consent.pk}))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.state == "revoked" and consent.revoked_by == client_user
    event = AuditEvent.objects.get(action="consent.revoke")
    assert event.details == {"by_client": True}


def test_the_client_edits_their_profile_with_clear_messages(signed_in, client_record):
    url = reverse("clients:my_profile")
    page = signed_in.post(url, {"preferred_name": "J", "email": "not-an-address"}).content
    assert "Enter a valid e" in page.decode()
    client_record.refresh_from_db()
    assert client_record.preferred_name == ""
    response = signed_in.post(
        url, {"preferred_name": "Jay", "pronouns": "they/them", "email": "Jay@Example.test"}
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert (client_record.preferred_name, client_record.pronouns, client_record.email) == (
        "Jay",
        "they/them",
        "jay@example.test",
    )
    event = AuditEvent.objects.filter(action="client.update").latest("id")
    assert set(event.details["fields"]) >= {"preferred_name", "pronouns", "email"}
    assert "Jay" not in str(event.details)


def test_the_client_adds_edits_and_removes_a_support_contact(signed_in, client_record):
    response = signed_in.post(reverse("clients:my_contact_add"), {"name": "", "kind": "family"})
    assert "This field is required" in response.content.decode()
    response = signed_in.post(
        reverse("clients:my_contact_add"),
        {"name": "Pat Sponsor", "kind": "sponsor", "phone": "555-0100"},
    )
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    signed_in.post(
        reverse("clients:my_contact_edit", kwargs={"pk": contact.pk}),
        {"name": "Pat S.", "kind": "sponsor", "may_contact": "on", "contact_about": "anything"},
    )
    contact.refresh_from_db()
    assert contact.name == "Pat S." and contact.may_contact
    page = signed_in.get(reverse("clients:my_support_network")).content.decode()
    assert "no signed consent covers it yet" in page
    signed_in.post(reverse("clients:my_contact_remove", kwargs={"pk": contact.pk}))
    contact.refresh_from_db()
    assert contact.removed_at is not None
    page = signed_in.get(reverse("clients:my_support_network")).content.decode()
    assert "is no longer in your support network" in page  # the message, once
    assert 'id="contact-' not in page
    actions = list(
        AuditEvent.objects.filter(action__startswith="support_contact.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "support_contact.create",
        "support_contact.remove",
        "support_contact.update",
    ]


def test_family_contacts_show_where_relatives_find_support(signed_in, client_record, client_user):
    contact_make(client_record, client_user, kind="family")
    page = signed_in.get(reverse("clients:my_support_network")).content.decode()
    assert "Al-Anon" in page and "Nar-Anon" in page


def test_who_has_seen_my_record_shows_a_case_managers_visit_not_my_own(
    client, client_user, client_record, case_manager
):
    client.force_login(case_manager)
    client.get(reverse("clients:consent_list", kwargs={"client_pk": client_record.pk}))
    client.force_login(client_user)
    client.get(reverse("clients:my_consents"))  # the client's own look is logged too
    assert AuditEvent.objects.filter(action="client.view", actor=client_user).exists()
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Cam Manager" in page
    assert "Case manager" in page
    assert "Consents" in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 1
    assert "Jamie Client" not in rows


@pytest.mark.parametrize(
    ("url_name", "part"),
    [
        ("consent_list", "consents"),
        ("disclosure_list", "disclosures"),
        ("support_network", "support network"),
        ("invitation", "portal access"),
    ],
)
def test_each_staff_page_is_audited_with_its_part(
    url_name, part, client, supervisor, client_record
):
    client.force_login(supervisor)
    client.get(reverse(f"clients:{url_name}", kwargs={"client_pk": client_record.pk}))
    event = AuditEvent.objects.filter(action="client.view").latest("id")
    assert (event.actor, event.client_id, event.details) == (
        supervisor,
        client_record.pk,
        {"part": part},
    )


def test_viewing_a_consent_is_audited(client, case_manager, client_record):
    consent = consent_make(client_record, case_manager)
    client.force_login(case_manager)
    client.get(
        reverse("clients:consent_detail", kwargs={"client_pk": client_record.pk, "pk": consent.pk})
    )
    assert AuditEvent.objects.filter(
        action="client.view", actor=case_manager, details={"part": "consent"}
    ).exists()


def test_another_clients_visits_never_show_in_my_list(
    client, client_user, client_record, other_client_record, supervisor
):
    client_record_viewed(actor=supervisor, client=other_client_record, part="profile")
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Sol Supervisor" not in page
