"""Background work of the casework app: thin tasks that take ids and call a service."""

from celery import shared_task

from casework.services.directory_import import directory_import_run as run


@shared_task(name="casework.tasks.directory_import_run")
def directory_import_run(job_pk: int) -> str:
    """Import one uploaded HSDS file (``DirectoryImport``), off the web worker."""
    return run(job_pk=job_pk)
