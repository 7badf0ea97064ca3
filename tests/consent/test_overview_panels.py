"""The overview of a record shows the consents in effect and the support network."""

from django.urls import reverse

from .helpers import consent_make, contact_make


def test_the_overview_shows_consents_in_effect_and_the_support_network(
    client, case_manager, client_record
):
    consent_make(client_record, case_manager, recipient_name="Eastside Housing Partners")
    consent_make(client_record, case_manager, signed=False, recipient_name="Dr. Lee")
    contact_make(client_record, case_manager, name="Dana Rivers", may_contact=False)
    client.force_login(case_manager)

    page = client.get(reverse("home:client_overview", args=[client_record.pk])).content.decode()

    assert "Eastside Housing Partners" in page
    assert "Dr. Lee" not in page  # not signed: covers nothing, so not "in effect"
    assert (
        "1 waiting for the client&#x27;s signature" in page or "1 waiting for the client's" in page
    )
    assert "Dana Rivers" in page and "(do not contact)" in page


def test_the_overview_says_plainly_when_nothing_may_be_shared(client, case_manager, client_record):
    client.force_login(case_manager)
    page = client.get(reverse("home:client_overview", args=[client_record.pk])).content.decode()
    assert "nothing may be shared outside the organization" in page
