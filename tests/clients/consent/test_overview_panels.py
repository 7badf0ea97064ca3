"""The overview of a record shows the consents in effect and the support network."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from clients import panels
from clients.models import Consent
from clients.models.consent import ConsentState

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


def test_an_unsigned_consent_past_its_expiry_is_not_counted_as_waiting(case_manager, client_record):
    waiting = consent_make(client_record, case_manager, signed=False, recipient_name="Dr. Lee")
    lapsed = consent_make(client_record, case_manager, signed=False, recipient_name="Dr. Old")
    # Written straight to the row: a consent cannot be made with an expiry in the past.
    Consent.objects.filter(pk=lapsed.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )

    card = panels.consents(case_manager, client_record)

    assert card["awaiting"] == 1
    assert waiting.state == ConsentState.AWAITING and card["active"] == []
