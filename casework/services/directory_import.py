"""The directory import as background work: the upload is stored and queued
(``directory_import_queue``, in the web request), and a Celery worker runs it
(``directory_import_run``), writing its progress and outcome on the ``DirectoryImport`` row
the status page reads.

The run, in order, each step refusing in plain words before the next starts:
the file is decoded and pre-scanned (depth, record count: ``casework.hsds_file``), parsed
(NaN and Infinity refused), every record checked against the HSDS schema (progress shown as
records checked), then saved in one transaction (``directory_import``): all or nothing.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from casework.hsds import HsdsFileError
from casework.hsds_file import FileShape, decode, parse, prescan
from casework.models import DirectoryImport, ImportState
from casework.services.resource import ImportRefused, directory_check, directory_import
from recovery_portal.audit.services import audit_record

logger = logging.getLogger(__name__)
UNEXPECTED = "The import stopped on an unexpected error. Nothing was imported."


@transaction.atomic
def directory_import_queue(*, upload, actor, request=None) -> DirectoryImport:
    """Store an uploaded file (already within ``MAX_IMPORT_BYTES``) and queue its import once
    this transaction commits."""
    from casework.tasks import directory_import_run as task

    job = DirectoryImport(created_by=actor, file_name=upload.name[:200], size=upload.size)
    job.file.save(upload.name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        action="resource.import_queued",
        target=job,
        request=request,
        details={"bytes": upload.size},
    )
    transaction.on_commit(lambda: task.delay(job.pk), robust=True)
    return job


def _set(job_pk: int, **fields) -> None:
    DirectoryImport.objects.filter(pk=job_pk).update(**fields)


def _refusals(error: ImportRefused, shape: FileShape) -> list[dict]:
    return [{"line": shape.line_of(each.path), "reason": str(each)} for each in error.errors]


def directory_import_run(*, job_pk: int) -> str:
    """Run one queued import; returns its final state. A job already started is left alone
    (a task delivered twice runs once)."""
    claimed = DirectoryImport.objects.filter(pk=job_pk, state=ImportState.QUEUED).update(
        state=ImportState.CHECKING
    )
    if not claimed:
        return "skipped"
    job = DirectoryImport.objects.get(pk=job_pk)
    shape = FileShape()
    try:
        with job.file.open("rb") as stored:
            text = decode(stored.read())
        shape = prescan(text)
        _set(job_pk, rows_total=shape.rows)
        incoming = directory_check(
            parse(text), progress=lambda checked: _set(job_pk, rows_checked=checked)
        )
        _set(job_pk, state=ImportState.SAVING)
        saved = directory_import(incoming=incoming, actor=job.created_by)
    except ImportRefused as error:
        return _finish(job_pk, ImportState.REFUSED, refused=_refusals(error, shape))
    except HsdsFileError as error:
        return _finish(job_pk, ImportState.REFUSED, message=str(error))
    except Exception:
        logger.exception("directory import %s failed", job_pk)
        return _finish(job_pk, ImportState.REFUSED, message=UNEXPECTED)
    return _finish(job_pk, ImportState.DONE, imported=len(saved))


def _finish(job_pk: int, state: str, **fields) -> str:
    """The job's last word. If it cannot be written as it is (a refusal quoting something the
    database cannot store), the job still ends, refused with the general message: never left
    "checking" for good."""
    try:
        with transaction.atomic():
            _set(job_pk, state=state, finished_at=timezone.now(), **fields)
    except DatabaseError:
        logger.exception("directory import %s: its outcome could not be recorded", job_pk)
        _set(
            job_pk,
            state=ImportState.REFUSED,
            finished_at=timezone.now(),
            message=UNEXPECTED,
            refused=[],
        )
        return ImportState.REFUSED
    return state
