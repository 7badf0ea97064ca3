"""An HSDS file waiting to be imported into the directory, or imported, or refused.

Uploading stores the file (under MEDIA_ROOT, with a random name) and this row; a Celery task
(``casework.tasks.directory_import_run``) reads it off the web worker and writes the outcome
here: how many services were imported, or each record refused with where it is in the file
and why. An import is all or nothing: a refused file changes nothing in the directory.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def directory_import_path(instance: DirectoryImport, filename: str) -> str:
    """Uploaded files live under MEDIA_ROOT with a random name (never the uploaded one)."""
    return f"directory-imports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.json"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking the file"
    SAVING = "saving", "Saving the services"
    DONE = "done", "Imported"
    REFUSED = "refused", "Refused: nothing was imported"


FINISHED = (ImportState.DONE, ImportState.REFUSED)


class DirectoryImport(models.Model):
    file = models.FileField(upload_to=directory_import_path, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)  # as uploaded, shown back
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ImportState.choices, default="queued")
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_checked = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    # A refusal of the file as a whole (too deep, too many rows, not JSON...).
    message = models.TextField(blank=True)
    # Each refused record: {"line": 12, "where": 'service 3 "Name"', "reason": "..."}.
    refused = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "directory import"

    def __str__(self) -> str:
        return f"directory import {self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
