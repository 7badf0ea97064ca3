"""The 10 MB limit on a scanned consent holds before the upload is read: an over-large request
is refused from its declared length, and a file over the limit is cut off as it streams in."""

from django.urls import reverse
from django.utils import timezone

from clients.models import Consent
from clients.models.consent import SCAN_MAX_BYTES
from tests.uploads import GuardedStream

from .helpers import PDF

BOUNDARY = "scanboundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def _multipart_head(client_record) -> bytes:
    fields = {
        "signature_method": "paper",
        "discloser": "Recovery Portal",
        "information_kinds": "attendance",
        "information_description": "Attendance",
        "recipient_name": "Dana Rivers",
        "purpose": "support",
        "expiry_event": "when I leave the program",
        "signature_name": "Jamie Client",
        "signed_on": str(timezone.localdate()),
    }
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="scan"; filename="s.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    return "".join(parts).encode() + PDF


def test_an_oversized_upload_is_refused_before_it_is_read(
    client, case_manager, client_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(case_manager)
    size = SCAN_MAX_BYTES * 3
    stream = GuardedStream(_multipart_head(client_record), size)
    response = client.generic(
        "POST",
        reverse("clients:consent_create", kwargs={"client_pk": client_record.pk}),
        **{"CONTENT_TYPE": CONTENT_TYPE, "wsgi.input": stream, "CONTENT_LENGTH": str(size)},
    )
    assert response.status_code == 413
    assert "larger than 10 MB" in response.content.decode()
    assert stream.read_bytes < SCAN_MAX_BYTES
    assert not Consent.objects.exists()


def test_a_file_over_the_limit_is_cut_off_as_it_streams_in(
    client, case_manager, client_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(case_manager)
    size = SCAN_MAX_BYTES * 3
    stream = GuardedStream(_multipart_head(client_record), size)
    response = client.generic(
        "POST",
        reverse("clients:consent_create", kwargs={"client_pk": client_record.pk}),
        # Within the room left for the other fields, the file itself is over the limit.
        **{
            "CONTENT_TYPE": CONTENT_TYPE,
            "wsgi.input": stream,
            "CONTENT_LENGTH": str(SCAN_MAX_BYTES + 512 * 1024),
        },
    )
    assert response.status_code == 413
    assert stream.read_bytes < SCAN_MAX_BYTES + 300 * 1024
    assert not Consent.objects.exists()


def test_the_consent_form_still_checks_the_csrf_token(case_manager, client_record):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(case_manager)
    url = reverse("clients:consent_create", kwargs={"client_pk": client_record.pk})
    assert browser.post(url, {"signature_method": "portal"}).status_code == 403
