"""The 5 MB limit on an HSDS import holds before the upload is read, like the scan limit:
an over-large request is refused from its declared length, a file over the limit is cut off
as it streams in, and the form still checks its CSRF token."""

from django.test import Client
from django.urls import reverse

from casework.forms.resource import MAX_IMPORT_BYTES
from casework.models import Resource
from tests.uploads import GuardedStream

BOUNDARY = "hsdsboundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n'
    "Content-Type: application/json\r\n\r\n[\n"
).encode()


def test_an_oversized_import_is_refused_before_it_is_read(client, supervisor):
    client.force_login(supervisor)
    size = MAX_IMPORT_BYTES * 4
    stream = GuardedStream(HEAD, size)
    response = client.generic(
        "POST",
        reverse("casework:resources_import"),
        **{"CONTENT_TYPE": CONTENT_TYPE, "wsgi.input": stream, "CONTENT_LENGTH": str(size)},
    )
    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode()
    assert stream.read_bytes < MAX_IMPORT_BYTES
    assert not Resource.objects.exists()


def test_an_import_over_the_limit_is_cut_off_as_it_streams_in(client, supervisor):
    client.force_login(supervisor)
    stream = GuardedStream(HEAD, MAX_IMPORT_BYTES * 4)
    response = client.generic(
        "POST",
        reverse("casework:resources_import"),
        # Declared within the room left for framing, but the file itself is over the limit.
        **{
            "CONTENT_TYPE": CONTENT_TYPE,
            "wsgi.input": stream,
            "CONTENT_LENGTH": str(MAX_IMPORT_BYTES + 512 * 1024),
        },
    )
    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode()
    assert stream.read_bytes < MAX_IMPORT_BYTES + 300 * 1024
    assert not Resource.objects.exists()


def test_the_import_form_still_checks_the_csrf_token(supervisor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(supervisor)
    assert browser.post(reverse("casework:resources_import"), {}).status_code == 403
