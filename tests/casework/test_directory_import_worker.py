"""The directory import on a real Celery worker: the upload's commit queues the task, the
worker (another process, reading the stored file from the same MEDIA_ROOT) imports it, and
the status page, refreshed, says so."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import DirectoryImport, ImportState, Resource
from casework.models.resource import categories_ensure
from tests.workers import WorkerProcess, wait_until

from .hsds_generate import generated

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(transactional_db, tmp_path):
    from recovery_portal.celery import app as celery_app

    celery_app.control.purge()
    process = WorkerProcess(
        name="hsds", log_dir=tmp_path, env={"TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    ).start()
    yield process
    process.stop()


def test_an_uploaded_file_is_imported_by_the_worker(worker, client, supervisor):
    categories_ensure()
    client.force_login(supervisor)
    response = client.post(
        reverse("casework:resources_import"),
        {"file": SimpleUploadedFile("directory.json", generated(40), "application/json")},
    )
    assert response.status_code == 302
    job = DirectoryImport.objects.get()

    def finished():
        job.refresh_from_db()
        return job.finished

    assert wait_until(finished, timeout=60, every=0.3), worker.output()[-2000:]
    assert job.state == ImportState.DONE, (job.message, job.refused)
    assert job.imported == 40
    assert Resource.objects.count() == 40
    assert "Imported 40 services." in client.get(response["Location"]).content.decode()
