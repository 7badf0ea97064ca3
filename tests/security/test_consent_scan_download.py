"""A scanned consent is downloaded, never shown inline: a PDF opened inside the portal's origin
could run script in some viewers, and an inline file lingers in the browser's tab history."""

from django.urls import reverse

from tests.clients.consent.helpers import paper_consent_make


def test_a_consent_scan_is_served_as_an_attachment(
    client, case_manager, client_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    consent = paper_consent_make(client_record, case_manager)
    client.force_login(case_manager)
    response = client.get(
        reverse("clients:consent_scan", kwargs={"client_pk": client_record.pk, "pk": consent.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
