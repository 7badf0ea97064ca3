"""The demo gives every demo client consents in every state, a support network and disclosures."""

from clients.models import Client, Consent, Disclosure, SupportContact
from recovery_portal.home.demo import seed_all


def test_every_demo_client_has_consents_in_every_state_and_a_network(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_all()
    counts = (Consent.objects.count(), SupportContact.objects.count(), Disclosure.objects.count())
    seed_all()  # idempotent
    assert counts == (
        Consent.objects.count(),
        SupportContact.objects.count(),
        Disclosure.objects.count(),
    )
    clients = list(Client.objects.all())
    assert {c.user.email for c in clients if c.user} >= {
        "client@example.org",
        "client2@example.org",
    }
    for client in clients:
        states = {consent.state for consent in client.consents.all()}
        assert states == {"active", "awaiting", "revoked", "expired"}, client
        assert client.support_contacts.filter(kind="family").exists()
        assert client.disclosures.exists()
    demo = Client.objects.get(user__email="client@example.org")
    assert demo.disclosures.filter(legal_basis="medical_emergency").exists()
    until_leaving = demo.consents.get(expiry_event_kind="leaves_program")
    assert "HIPAA" in until_leaving.statements
