"""Upload size limits that hold before an upload is read.

Django reads a multipart body when a view first touches ``request.POST`` or ``request.FILES``
(and the CSRF middleware touches it to find the token), so a form field's own size check comes
after the whole file has arrived. A view that takes uploads instead:

1. refuses a request whose declared length alone is too large (``request_too_large``: nothing
   is read), and
2. puts ``UploadSizeLimit`` first in ``request.upload_handlers``, which stops reading the
   moment a file passes the limit (``exceeded`` says so),

checking CSRF itself afterwards (``csrf_exempt`` outside, ``csrf_protect`` inside), as
``clients.views.consent.consent_create`` and ``casework.views.resource.resources_import`` do.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for a form's other fields and the multipart framing around the file.
FORM_OVERHEAD_BYTES = 1024 * 1024


def request_too_large(request, limit: int) -> bool:
    """Whether the declared size of the request alone rules it out (nothing is read)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > limit + FORM_OVERHEAD_BYTES


class UploadSizeLimit(FileUploadHandler):
    """Stops reading an upload the moment a file passes ``limit`` bytes (first in the chain, so
    no later handler stores more), and says so through ``exceeded``."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit, self.received, self.exceeded = limit, 0, False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
